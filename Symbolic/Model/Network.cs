using System.Numerics;

namespace Checker.Symbolic.Model;

/// <summary>
/// A bias-free feed-forward net H(x) = W_L σ(W_{L−1} σ(… σ(W_1 x))) with widths k_0 = d, …, k_L = 1 (docs/theory.md#instances).
/// Layers are numbered 1..L as in docs/theory.md. The flat weight vector w stacks W_1, …, W_L, each row by row
/// (docs/cli.md#weight-files): entry (l, i, j) of W_l sits at <c>Offset(l) + i·k_{l−1} + j</c>.
/// </summary>
public sealed class Network
{
    public IReadOnlyList<int> Widths { get; }
    public Activation Activation { get; }
    private readonly int[] _offsets;

    public Network(IReadOnlyList<int> widths, Activation activation)
    {
        if (widths.Count < 2) throw new ArgumentException("a network needs at least [d, 1]");
        if (widths[^1] != 1) throw new ArgumentException("the last width must be 1");
        Widths = widths.ToArray();
        Activation = activation;
        _offsets = new int[widths.Count];
        for (int l = 1; l < widths.Count; l++) _offsets[l] = _offsets[l - 1] + (l == 1 ? 0 : widths[l - 1] * widths[l - 2]);
        WeightCount = _offsets[^1] + widths[^1] * widths[^2];
    }

    /// <summary>L, the number of weight matrices.</summary>
    public int Depth => Widths.Count - 1;
    public int InputDimension => Widths[0];
    public int WeightCount { get; }

    /// <summary>Rows k_l and columns k_{l−1} of W_l, l = 1..L.</summary>
    public (int Rows, int Columns) Shape(int layer) => (Widths[layer], Widths[layer - 1]);

    /// <summary>Start of W_l in the flat weight vector, l = 1..L.</summary>
    public int Offset(int layer) => _offsets[layer];

    public int Index(int layer, int row, int column) => _offsets[layer] + row * Widths[layer - 1] + column;

    /// <summary>Degree p^{L−l} of H in W_l.</summary>
    public BigInteger LayerDegree(int layer) => BigInteger.Pow(Activation.Power, Depth - layer);

    /// <summary>Λ = Σ_l p^{L−l}.</summary>
    public BigInteger Degree
    {
        get
        {
            BigInteger sum = 0;
            for (int l = 1; l <= Depth; l++) sum += LayerDegree(l);
            return sum;
        }
    }

    /// <summary>Number of hidden neurons Σ_{l&lt;L} k_l (each has one pre-activation per sample).</summary>
    public int HiddenNeurons
    {
        get
        {
            int s = 0;
            for (int l = 1; l < Depth; l++) s += Widths[l];
            return s;
        }
    }

    public override string ToString() => $"[{string.Join(", ", Widths)}] {Activation.Name}";
}
