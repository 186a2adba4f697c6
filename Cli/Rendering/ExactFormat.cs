using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Cli.Rendering;

/// <summary>Exact values in the shapes docs/cli.md#running-checker promises: flat vectors as per-layer rows of exact strings, patterns as text.</summary>
public static class ExactFormat
{
    /// <summary>A flat vector in weight order (layer by layer, row by row) as [layer][row][column] exact strings.</summary>
    public static List<List<List<string>>> Layers(Network network, IReadOnlyList<Rational> flat) =>
        Layers(network, flat, v => v.ToString());

    public static List<List<List<T>>> Layers<TIn, T>(Network network, IReadOnlyList<TIn> flat, Func<TIn, T> show)
    {
        var layers = new List<List<List<T>>>();
        for (int l = 1; l <= network.Depth; l++)
        {
            var (rows, cols) = network.Shape(l);
            var m = new List<List<T>>(rows);
            for (int r = 0; r < rows; r++)
            {
                var row = new List<T>(cols);
                for (int c = 0; c < cols; c++) row.Add(show(flat[network.Index(l, r, c)]));
                m.Add(row);
            }
            layers.Add(m);
        }
        return layers;
    }

    /// <summary>The pattern as [hidden layer][neuron] strings of one character per sample ('+', '-', '0').</summary>
    public static List<List<string>> Pattern(ActivationPattern pattern)
    {
        var net = pattern.Network;
        var layers = new List<List<string>>();
        for (int l = 1; l < net.Depth; l++)
        {
            var neurons = new List<string>();
            for (int j = 0; j < net.Widths[l]; j++)
            {
                var chars = new char[pattern.SampleCount];
                for (int i = 0; i < pattern.SampleCount; i++) chars[i] = pattern[l, j, i] switch { > 0 => '+', < 0 => '-', _ => '0' };
                neurons.Add(new string(chars));
            }
            layers.Add(neurons);
        }
        return layers;
    }

    /// <summary>Name of weight (l, r, c), the same as in `checker ncf` and SMT certificates: w{l}_{r}_{c}, layer 1-based
    /// as in docs/theory.md, row and column 0-based.</summary>
    public static string WeightName(int layer, int row, int column) => Checker.Symbolic.Expressions.NcfExpression.WeightName(layer, row, column);
}
