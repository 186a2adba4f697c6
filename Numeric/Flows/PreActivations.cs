using Checker.Symbolic.Model;

namespace Checker.Numeric.Flows;

/// <summary>
/// Every hidden pre-activation z_{l,j}(x_i), l = 1..L−1, as event functions: a sign change is an activation-pattern
/// change (docs/theory.md#activation-patterns), i.e. the trajectory crossed a kink when p = 1. A forward pass only (no gradient), in the
/// component order of <see cref="ActivationPattern"/> (layer, neuron, sample).
/// </summary>
public sealed class PreActivations
{
    private readonly Network _net;
    private readonly double[][] _x;
    private readonly double _pos, _neg;
    private readonly int _power;
    public int Count { get; }

    public PreActivations(Instance instance)
    {
        _net = instance.Network;
        _x = instance.Inputs.Select(r => r.Select(v => v.ToDouble()).ToArray()).ToArray();
        _pos = _net.Activation.Pos.ToDouble(); _neg = _net.Activation.Neg.ToDouble(); _power = _net.Activation.Power;
        Count = _net.HiddenNeurons * _x.Length;
    }

    /// <summary>Writes the pre-activations at weights <paramref name="w"/> (only the first WeightCount entries are read).</summary>
    public void Evaluate(ReadOnlySpan<double> w, Span<double> values)
    {
        int n = _x.Length, L = _net.Depth;
        var a = _x[0].Length > 0 ? new double[_net.Widths.Max()] : [];
        var next = new double[a.Length];
        int offset = 0; // start of layer l in values
        var layerStart = new int[L];
        for (int l = 1; l < L; l++) { layerStart[l] = offset; offset += _net.Widths[l] * n; }
        for (int i = 0; i < n; i++)
        {
            Array.Copy(_x[i], a, _x[i].Length);
            for (int l = 1; l < L; l++)
            {
                int rows = _net.Widths[l], cols = _net.Widths[l - 1], o = _net.Offset(l);
                for (int r = 0; r < rows; r++)
                {
                    double s = 0;
                    for (int c = 0; c < cols; c++) s += w[o + r * cols + c] * a[c];
                    values[layerStart[l] + r * n + i] = s;
                    next[r] = s >= 0 ? _pos * Math.Pow(s, _power) : _neg * Math.Pow(s, _power);
                }
                (a, next) = (next, a);
            }
        }
    }

    /// <summary>"layer l, neuron j, sample i" of component k, all 1-based: the one convention for samples and neurons in
    /// every output (eval, claims, flows; docs/cli.md).</summary>
    public string Describe(int k)
    {
        int n = _x.Length;
        for (int l = 1; l < _net.Depth; l++)
        {
            int size = _net.Widths[l] * n;
            if (k < size) return $"layer {l}, neuron {k / n + 1}, sample {k % n + 1}";
            k -= size;
        }
        return "?";
    }
}
