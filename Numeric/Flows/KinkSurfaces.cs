using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Numeric.Flows;

/// <summary>
/// The switching surfaces of a p = 1 network: one surface {z = 0} per hidden pre-activation, except that pre-activations
/// which are the same function up to a factor share a surface. Neuron (l, j) on parallel inputs x_{i'} = c·x_i gives
/// z_{l,j}(x_{i'}) = c·z_{l,j}(x_i) for c &gt; 0 at every layer (homogeneity), and for any c ≠ 0 at layer 1 (linearity),
/// the orientation flipping when c &lt; 0. Such components cross zero together, and only the sign combinations the
/// factor allows are adjacent (docs/theory.md#adjacency), so they get one Filippov weight, not one each. Pre-activations of a zero
/// input are identically 0 and carry no surface (they never change sign, and their slope multiplies a zero activation).
/// Parallelism is decided exactly on the rational inputs.
/// </summary>
public sealed class KinkSurfaces
{
    private readonly PieceGradients _pieces;
    /// <summary>Representative component of each surface.</summary>
    public int[] Representative { get; }
    /// <summary>Per surface: its components and their orientation (+1 or −1) relative to the representative.</summary>
    public (int Component, int Orientation)[][] Members { get; }
    public int Count => Representative.Length;

    public KinkSurfaces(Instance instance, PieceGradients pieces)
    {
        _pieces = pieces;
        var net = instance.Network;
        int n = instance.SampleCount;
        // For every sample: the earlier sample it is a multiple of (and the factor's sign), or itself.
        var root = new int[n];
        var rootSign = new int[n];
        var zero = new bool[n];
        for (int i = 0; i < n; i++)
        {
            root[i] = i; rootSign[i] = 1;
            zero[i] = instance.Inputs[i].All(v => v.IsZero);
            if (zero[i]) continue;
            for (int r = 0; r < i; r++)
            {
                if (zero[r] || root[r] != r) continue;
                int sign = ParallelSign(instance.Inputs[r], instance.Inputs[i]);
                if (sign != 0) { root[i] = r; rootSign[i] = sign; break; }
            }
        }
        var reps = new List<int>();
        var members = new List<(int, int)[]>();
        for (int l = 1; l < net.Depth; l++)
            for (int j = 0; j < net.Widths[l]; j++)
                for (int i = 0; i < n; i++)
                {
                    if (zero[i] || root[i] != i) continue;
                    var group = new List<(int, int)> { (pieces.Component(l, j, i), 1) };
                    for (int i2 = i + 1; i2 < n; i2++)
                        if (root[i2] == i)
                        {
                            if (rootSign[i2] > 0) group.Add((pieces.Component(l, j, i2), 1));
                            else if (l == 1) group.Add((pieces.Component(l, j, i2), -1));
                        }
                    reps.Add(group[0].Item1);
                    members.Add(group.ToArray());
                    // A negatively parallel sample above layer 1 is a surface of its own.
                    if (l > 1)
                        for (int i2 = i + 1; i2 < n; i2++)
                            if (root[i2] == i && rootSign[i2] < 0)
                            {
                                reps.Add(pieces.Component(l, j, i2));
                                members.Add([(pieces.Component(l, j, i2), 1)]);
                            }
                }
        Representative = reps.ToArray();
        Members = members.ToArray();
    }

    /// <summary>+1 if b = c·a with c &gt; 0, −1 if with c &lt; 0, 0 if not parallel (both non-zero).</summary>
    private static int ParallelSign(Rational[] a, Rational[] b)
    {
        int p = Array.FindIndex(a, v => !v.IsZero);
        if (p < 0) return 0;
        var c = b[p] / a[p];
        if (c.IsZero) return 0;
        for (int k = 0; k < a.Length; k++)
            if (b[k] != c * a[k]) return 0;
        return c.Sign;
    }

    /// <summary>"layer l, neuron j, sample i" (all 1-based, as everywhere in the output), with the tied samples.</summary>
    public string Describe(int surface)
    {
        var (l, j, i) = _pieces.Locate(Representative[surface]);
        var m = Members[surface];
        if (m.Length == 1) return $"layer {l}, neuron {j + 1}, sample {i + 1}";
        return $"layer {l}, neuron {j + 1}, samples {string.Join("/", m.Select(c => _pieces.Locate(c.Component).Sample + 1))}";
    }
}
