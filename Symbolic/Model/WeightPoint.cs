using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Model;

/// <summary>An exact point w in weight space, flat in the order of <see cref="Network.Offset"/>.</summary>
public sealed class WeightPoint
{
    public Network Network { get; }
    public Rational[] Flat { get; }

    public WeightPoint(Network network, Rational[] flat)
    {
        if (flat.Length != network.WeightCount) throw new ArgumentException($"expected {network.WeightCount} weights, got {flat.Length}");
        Network = network;
        Flat = flat;
    }

    public Rational this[int layer, int row, int column] => Flat[Network.Index(layer, row, column)];

    /// <summary>‖w‖² exactly.</summary>
    public Rational NormSquared()
    {
        var s = Rational.Zero;
        foreach (var v in Flat) s += v * v;
        return s;
    }

    /// <summary>‖W_l‖_F² exactly.</summary>
    public Rational LayerNormSquared(int layer)
    {
        var (r, c) = Network.Shape(layer);
        var s = Rational.Zero;
        int o = Network.Offset(layer);
        for (int k = 0; k < r * c; k++) s += Flat[o + k] * Flat[o + k];
        return s;
    }

    public double[] ToDoubles() => Flat.Select(v => v.ToDouble()).ToArray();

    /// <summary>Layers as nested lists of exact strings, the shape of a weight file.</summary>
    public List<List<List<string>>> ToLayers()
    {
        var layers = new List<List<List<string>>>();
        for (int l = 1; l <= Network.Depth; l++)
        {
            var (r, c) = Network.Shape(l);
            var rows = new List<List<string>>();
            for (int i = 0; i < r; i++)
            {
                var row = new List<string>();
                for (int j = 0; j < c; j++) row.Add(this[l, i, j].ToString());
                rows.Add(row);
            }
            layers.Add(rows);
        }
        return layers;
    }
}
