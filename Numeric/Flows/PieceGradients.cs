using Checker.Symbolic.Model;

namespace Checker.Numeric.Flows;

/// <summary>
/// Gradients of one smooth piece of a p = 1 network: every hidden pre-activation z_{l,j}(x_i) gets a prescribed slope
/// c_{l,j,i} and the activation is the linear map z ↦ c·z (the piece's polynomial, extended across its kinks). With
/// c = a₊ or a₋ by the sign of z this is the network itself; with c = a₋ + β(a₊ − a₋), β ∈ [0, 1], at a kinked
/// pre-activation it is the Filippov convex combination of the two sides' fields there (the field is affine in each
/// slope, since one pre-activation's slope enters each sample's gradient linearly). Why not Symbolic's compiled
/// kernel: that one picks the branch from the sign of z, so it cannot evaluate a side's field at z = 0, nor the
/// extension a few ulp across, which is what keeps each segment of a piecewise flow smooth for the integrator.
/// <para>Component order of slopes and pre-activations as in <see cref="ActivationPattern"/> and
/// <see cref="PreActivations"/>: layer l = 1..L−1, neuron j, sample i, at index offset(l) + j·n + i.</para>
/// </summary>
public sealed class PieceGradients
{
    private readonly Network _net;
    private readonly double[][] _x;
    private readonly double[] _y;
    private readonly int[] _layerStart;
    private readonly double[][] _a, _z, _back, _dz, _da;
    public int WeightCount => _net.WeightCount;
    public int SampleCount => _x.Length;
    /// <summary>Number of hidden pre-activations (neurons × samples).</summary>
    public int Count { get; }
    public double PositiveSlope { get; }
    public double NegativeSlope { get; }

    public PieceGradients(Instance instance)
    {
        _net = instance.Network;
        if (_net.Activation.Power != 1) throw new ArgumentException("piecewise-linear activations only (p = 1)");
        _x = instance.Inputs.Select(r => r.Select(v => v.ToDouble()).ToArray()).ToArray();
        _y = instance.Labels.Select(v => v.ToDouble()).ToArray();
        PositiveSlope = _net.Activation.Pos.ToDouble();
        NegativeSlope = _net.Activation.Neg.ToDouble();
        int L = _net.Depth, n = _x.Length;
        _layerStart = new int[L];
        int offset = 0;
        for (int l = 1; l < L; l++) { _layerStart[l] = offset; offset += _net.Widths[l] * n; }
        Count = offset;
        _a = new double[L][]; _z = new double[L][]; _back = new double[L][]; _dz = new double[L][]; _da = new double[L][];
        for (int l = 0; l < L; l++)
        {
            int w = _net.Widths[l];
            _a[l] = new double[w]; _z[l] = new double[w]; _back[l] = new double[w]; _dz[l] = new double[w]; _da[l] = new double[w];
        }
    }

    /// <summary>Index of z_{l,j}(x_i) in the flat component order.</summary>
    public int Component(int layer, int neuron, int sample) => _layerStart[layer] + neuron * _x.Length + sample;

    /// <summary>(layer, neuron, sample) of a flat component.</summary>
    public (int Layer, int Neuron, int Sample) Locate(int k)
    {
        int n = _x.Length;
        for (int l = _net.Depth - 1; l >= 1; l--)
            if (k >= _layerStart[l]) { int r = k - _layerStart[l]; return (l, r / n, r % n); }
        throw new ArgumentOutOfRangeException(nameof(k));
    }

    /// <summary>The slope each side of the kink gives: a₊ for side +1, a₋ for −1.</summary>
    public double SideSlope(int side) => side > 0 ? PositiveSlope : NegativeSlope;

    /// <summary>Forward pass of sample i: fills _z[l], _a[l] (l = 0 is the input) and returns H(x_i).</summary>
    private double Forward(ReadOnlySpan<double> w, ReadOnlySpan<double> slopes, int i)
    {
        int L = _net.Depth, n = _x.Length;
        Array.Copy(_x[i], _a[0], _x[i].Length);
        for (int l = 1; l < L; l++)
        {
            int rows = _net.Widths[l], cols = _net.Widths[l - 1], o = _net.Offset(l);
            var prev = _a[l - 1];
            for (int r = 0; r < rows; r++)
            {
                double s = 0;
                int row = o + r * cols;
                for (int c = 0; c < cols; c++) s += w[row + c] * prev[c];
                _z[l][r] = s;
                _a[l][r] = slopes[_layerStart[l] + r * n + i] * s;
            }
        }
        {
            int cols = _net.Widths[L - 1], o = _net.Offset(L);
            double h = 0;
            for (int c = 0; c < cols; c++) h += w[o + c] * _a[L - 1][c];
            return h;
        }
    }

    /// <summary>
    /// Adds Σ_i (α·H(x_i) + β·y_i)·∇H(x_i) on this piece to nothing: writes it into <paramref name="grad"/> and returns
    /// N = Σ_i y_i H(x_i). α = 0, β = 1 gives ∇N; α = 1, β = −1 gives ∇ℒ; α = −δ^Λ, β = 1 the rescaled training field.
    /// </summary>
    public double Gradient(ReadOnlySpan<double> w, ReadOnlySpan<double> slopes, double alpha, double beta, Span<double> grad)
    {
        int L = _net.Depth, n = _x.Length;
        grad[..WeightCount].Clear();
        double ncf = 0;
        for (int i = 0; i < n; i++)
        {
            double h = Forward(w, slopes, i);
            ncf += _y[i] * h;
            double seed = alpha * h + beta * _y[i];
            if (seed == 0) continue;
            // Output layer: ∂H/∂W_L = a_{L−1}; back into layer L−1: W_Lᵀ·seed.
            int cols = _net.Widths[L - 1], o = _net.Offset(L);
            for (int c = 0; c < cols; c++)
            {
                grad[o + c] += seed * _a[L - 1][c];
                _back[L - 1][c] = seed * w[o + c];
            }
            for (int l = L - 1; l >= 1; l--)
            {
                int rows = _net.Widths[l], cin = _net.Widths[l - 1], ol = _net.Offset(l);
                var prev = _a[l - 1];
                if (l > 1) Array.Clear(_back[l - 1]);
                for (int r = 0; r < rows; r++)
                {
                    double d = slopes[_layerStart[l] + r * n + i] * _back[l][r];
                    if (d == 0) continue;
                    int row = ol + r * cin;
                    for (int c = 0; c < cin; c++) grad[row + c] += d * prev[c];
                    if (l > 1) for (int c = 0; c < cin; c++) _back[l - 1][c] += d * w[row + c];
                }
            }
        }
        return ncf;
    }

    /// <summary>Writes every hidden pre-activation on this piece (slopes of the layers below enter through the activations).</summary>
    public void PreActivations(ReadOnlySpan<double> w, ReadOnlySpan<double> slopes, Span<double> z)
    {
        int L = _net.Depth, n = _x.Length;
        for (int i = 0; i < n; i++)
        {
            Forward(w, slopes, i);
            for (int l = 1; l < L; l++)
                for (int r = 0; r < _net.Widths[l]; r++) z[_layerStart[l] + r * n + i] = _z[l][r];
        }
    }

    /// <summary>
    /// The directional derivative ż = (∂z/∂w)·v of every hidden pre-activation on this piece (forward mode):
    /// ż_1 = V_1 x, ż_{l+1} = V_{l+1} a_l + W_{l+1} (c_l ⊙ ż_l).
    /// </summary>
    public void Rates(ReadOnlySpan<double> w, ReadOnlySpan<double> v, ReadOnlySpan<double> slopes, Span<double> zdot)
    {
        int L = _net.Depth, n = _x.Length;
        for (int i = 0; i < n; i++)
        {
            Forward(w, slopes, i);
            Array.Clear(_da[0]);
            for (int l = 1; l < L; l++)
            {
                int rows = _net.Widths[l], cols = _net.Widths[l - 1], o = _net.Offset(l);
                var prev = _a[l - 1];
                var dprev = _da[l - 1];
                for (int r = 0; r < rows; r++)
                {
                    double s = 0;
                    int row = o + r * cols;
                    for (int c = 0; c < cols; c++) s += v[row + c] * prev[c] + w[row + c] * dprev[c];
                    _dz[l][r] = s;
                    int k = _layerStart[l] + r * n + i;
                    zdot[k] = s;
                    _da[l][r] = slopes[k] * s;
                }
            }
        }
    }
}
