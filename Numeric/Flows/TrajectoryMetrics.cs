using Checker.Numeric.Integration;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using MathNet.Numerics.LinearAlgebra;

namespace Checker.Numeric.Flows;

/// <summary>
/// The per-point metrics of issue 3 item 3, computed from actual weights w: norm, N, loss, cosine to a reference,
/// per-layer shares ‖W_l‖²/‖w‖² (KKT law: p^{L−l}/Λ, docs/theory.md#c3-layer-norm-law), per-layer σ₂/σ₁ (MathNet SVD) and the drift of the
/// conservation law ‖W_l‖²/p^{L−l} − ‖W_k‖²/p^{L−k} = const (docs/theory.md#conservation-law), measured against the start and relative to
/// the current ‖w‖² (the conserved differences are O(‖w(0)‖²) while rounding scales with ‖w(t)‖²).
/// </summary>
public sealed class TrajectoryMetrics
{
    private readonly NcfModel _model;
    private readonly Network _net;
    private readonly double[] _layerDegrees;
    private readonly double[] _initialDifferences;

    public TrajectoryMetrics(NcfModel model, ReadOnlySpan<double> start)
    {
        _model = model;
        _net = model.Network;
        _layerDegrees = Enumerable.Range(1, _net.Depth).Select(l => (double)_net.LayerDegree(l)).ToArray();
        _initialDifferences = ConservedDifferences(start);
    }

    /// <summary>p^{L−l}/Λ for l = 1..L: where the layer shares go at a KKT point with N ≠ 0.</summary>
    public double[] LayerLaw => _layerDegrees.Select(d => d / _model.Degree).ToArray();

    /// <summary>‖W_l‖_F² for l = 1..L.</summary>
    public double[] LayerNormsSquared(ReadOnlySpan<double> w)
    {
        var r = new double[_net.Depth];
        for (int l = 1; l <= _net.Depth; l++)
        {
            var (rows, cols) = _net.Shape(l);
            int o = _net.Offset(l);
            double s = 0;
            for (int k = 0; k < rows * cols; k++) s += w[o + k] * w[o + k];
            r[l - 1] = s;
        }
        return r;
    }

    /// <summary>‖W_l‖²/p^{L−l} − ‖W_L‖² for l = 1..L−1.</summary>
    public double[] ConservedDifferences(ReadOnlySpan<double> w)
    {
        var n = LayerNormsSquared(w);
        var d = new double[Math.Max(0, _net.Depth - 1)];
        for (int l = 0; l < d.Length; l++) d[l] = n[l] / _layerDegrees[l] - n[^1] / _layerDegrees[^1];
        return d;
    }

    /// <summary>max_l |Δ(‖W_l‖²/p^{L−l} − ‖W_L‖²)| / ‖w‖², measured against the start.</summary>
    public double ConservationDrift(ReadOnlySpan<double> w)
    {
        var d = ConservedDifferences(w);
        double norm2 = 0;
        foreach (var v in w) norm2 += v * v;
        double worst = 0;
        for (int l = 0; l < d.Length; l++) worst = Math.Max(worst, Math.Abs(d[l] - _initialDifferences[l]));
        return norm2 == 0 ? worst : worst / norm2;
    }

    public double[] SingularRatios(ReadOnlySpan<double> w)
    {
        var r = new double[_net.Depth];
        for (int l = 1; l <= _net.Depth; l++)
        {
            var (rows, cols) = _net.Shape(l);
            if (rows < 2 || cols < 2) { r[l - 1] = double.NaN; continue; }
            int o = _net.Offset(l);
            var m = Matrix<double>.Build.Dense(rows, cols);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++) m[i, j] = w[o + i * cols + j];
            // The ratio is scale-free: scale by the largest entry so a fast-growing flow (Λ = 2: exponential) cannot
            // overflow the SVD; a non-finite entry (or an SVD that does not converge on it) gives NaN, not a crash.
            double max = m.Enumerate().Select(Math.Abs).Max();
            if (!double.IsFinite(max)) { r[l - 1] = double.NaN; continue; }
            if (max == 0) { r[l - 1] = 0; continue; }
            m = m / max;
            try
            {
                var s = m.Svd(false).S;
                r[l - 1] = s[0] == 0 ? 0 : s[1] / s[0];
            }
            catch (MathNet.Numerics.NonConvergenceException) { r[l - 1] = double.NaN; }
        }
        return r;
    }

    public static double Cosine(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double na = Vectors.Norm2(a), nb = Vectors.Norm2(b);
        if (na == 0 || nb == 0) return double.NaN;
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] / na * (b[i] / nb);
        return s;
    }

    /// <summary>All metrics at weights <paramref name="w"/> and flow time <paramref name="time"/>.</summary>
    public FlowSample Sample(double time, ReadOnlySpan<double> w, ReadOnlySpan<double> reference)
    {
        double norm = Vectors.Norm2(w);
        var grad = new double[w.Length];
        double ncf = _model.Ncf(w);
        double loss = _model.LossAndGradient(w, grad);
        var shares = LayerNormsSquared(w);
        double n2 = norm * norm;
        for (int l = 0; l < shares.Length; l++) shares[l] = n2 == 0 ? double.NaN : shares[l] / n2;
        return new FlowSample(time, norm, ncf, loss, reference.Length == 0 ? double.NaN : Cosine(w, reference),
            shares, SingularRatios(w), ConservationDrift(w)) { Weights = w.ToArray() };
    }
}
