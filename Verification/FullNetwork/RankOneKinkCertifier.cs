using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>
/// Certifies rank-one candidates for p = 1 whose reduced direction b lies on kinks (x_iᵀb = 0 for i ∈ Z), where the
/// maximiser of a piecewise-linear NCF often sits and where the exact sweeps cannot help. docs/theory.md#subdifferential-on-kink-sets: on a kink set Z the
/// gradient of the reduced problem is g = Σ_{i∉Z} c_i y_i x_i + Σ_{i∈Z} θ_i y_i x_i with each θ_i in the composed Clarke
/// range; requiring x_jᵀg = 0 for j ∈ Z is a square linear system in θ, solved exactly. With b = g, non-negative factors
/// a_l (the candidate's supports) and the candidate's signs s_l, W_1 = a_1bᵀ, W_l = s_l a_l a_{l−1}ᵀ, W_L = s_L a_{L−1}ᵀ,
/// and at the kinks the per-layer slopes multiply to θ_i; <see cref="KktCertifier.Check(Instance, WeightPoint, Func{Kink, Rational}?, out string)"/>
/// then checks the KKT equalities exactly with those Clarke choices.
/// </summary>
public static class RankOneKinkCertifier
{
    public static KktCertificate? Certify(Instance instance, double[] u, out string reason)
    {
        reason = "";
        // A candidate that stalled near a kink identifies Z only roughly: try growing tolerances, smallest first.
        foreach (var tol in new[] { 1e-5, 1e-3, 1e-2, 5e-2 })
        {
            var cert = Certify(instance, u, tol, out reason);
            if (cert is not null) return cert;
            if (reason.StartsWith("layer") || reason.StartsWith("needs")) return null;
        }
        return null;
    }

    /// <summary>The numeric rank-one structure of a p = 1 candidate: supports a_l ∈ {0,1} (oriented non-negative),
    /// signs s_l (s_1 = +1, absorbed into b) and the numeric b; null with the reason when the candidate is not rank-one
    /// with sign-definite hidden factors.</summary>
    /// <param name="junk">Entries of a hidden factor of the wrong sign up to this fraction of the largest are taken for
    /// neurons an unconverged ascent has not yet switched off, and dropped from the support.</param>
    public static (Rational[][] A, int[] Signs, double[] B)? NumericRankOne(Instance instance, double[] u, out string reason, double junk = 0.1)
    {
        var net = instance.Network;
        var act = net.Activation;
        int L = net.Depth, d = instance.Dimension, n = instance.SampleCount;
        if (act.Power != 1 || L < 2 || act.Neg.Sign < 0 || act.Neg > act.Pos) { reason = "needs p = 1 with 0 ≤ a₋ ≤ a₊"; return null; }
        // Numeric rank-one factors by power iteration on each layer: W_l ≈ σ a bᵀ.
        var left = new double[L][];
        var right = new double[L][];
        for (int l = 1; l <= L; l++)
        {
            var (r, c) = net.Shape(l);
            (left[l - 1], right[l - 1]) = TopSingularPair(u, net.Offset(l), r, c);
        }
        // Orient hidden factors non-negative; each must be sign-definite.
        var a = new Rational[L - 1][];
        var orient = new int[L - 1];
        for (int l = 0; l < L - 1; l++)
        {
            double max = left[l].Max(Math.Abs);
            int sgn = left[l].Sum() >= 0 ? 1 : -1;
            // Unconverged candidates carry small entries of the wrong sign; they are dropped from the support (the exact
            // check decides whether the resulting point is a KKT point).
            if (left[l].Any(x => sgn * x < -junk * max)) { reason = $"layer {l + 1} is not rank-one with a sign-definite factor"; return null; }
            orient[l] = sgn;
            a[l] = left[l].Select(x => sgn * x > junk * max ? Rational.One : Rational.Zero).ToArray();
        }
        // Residual of the rank-one approximation must be small, otherwise this route does not apply.
        for (int l = 1; l <= L; l++)
        {
            var (r, c) = net.Shape(l);
            double res = 0, tot = 0;
            for (int i = 0; i < r; i++)
                for (int j = 0; j < c; j++)
                {
                    double w = u[net.Index(l, i, j)];
                    tot += w * w;
                    double approx = left[l - 1][i] * right[l - 1][j];
                    res += (w - approx) * (w - approx);
                }
            if (res > 0.05 * Math.Max(tot, 1e-300)) { reason = $"layer {l} is not numerically rank-one"; return null; }
        }
        // b (numeric) from W_1 = a_1 bᵀ, signs s_l from W_l ≈ s_l a_l a_{l−1}ᵀ.
        var bNum = right[0].Select(x => orient[0] * x).ToArray();
        var signs = new int[L];
        signs[0] = 1;
        for (int l = 2; l <= L; l++)
        {
            var (r, c) = net.Shape(l);
            // The sign of a_lᵀ W_l a_{l−1} with the oriented numeric factors.
            double q = 0;
            for (int i = 0; i < r; i++)
                for (int j = 0; j < c; j++)
                    q += (l < L ? orient[l - 1] * left[l - 1][i] : 1) * u[net.Index(l, i, j)] * orient[l - 2] * left[l - 2][j];
            signs[l - 1] = q >= 0 ? 1 : -1;
        }
        reason = "";
        return (a, signs, bNum);
    }

    private static KktCertificate? Certify(Instance instance, double[] u, double kinkTolerance, out string reason)
    {
        var net = instance.Network;
        var act = net.Activation;
        int L = net.Depth, d = instance.Dimension, n = instance.SampleCount;
        if (NumericRankOne(instance, u, out reason) is not var (a, signs, bNum)) return null;
        // Kink set Z and composed slopes c_i off Z, in exact arithmetic.
        var xs = instance.Inputs;
        double bNorm = Math.Sqrt(bNum.Sum(x => x * x));
        var z = new List<int>();
        var c0 = new Rational[n];
        for (int i = 0; i < n; i++)
        {
            double t = 0, xn = 0;
            for (int j = 0; j < d; j++) { t += xs[i][j].ToDouble() * bNum[j]; xn += xs[i][j].ToDouble() * xs[i][j].ToDouble(); }
            if (Math.Abs(t) <= kinkTolerance * bNorm * Math.Sqrt(xn)) { z.Add(i); continue; }
            c0[i] = ComposedSlope(act, signs, Math.Sign(t));
        }
        int sProd = signs.Aggregate(1, (p, s) => p * s);
        // g = g0 + Σ_{i∈Z} θ'_i y_i x_i with x_jᵀ g = 0 for j ∈ Z: Σ_i θ'_i y_i (x_jᵀx_i) = −x_jᵀ g0.
        var g0 = new Rational[d];
        for (int j = 0; j < d; j++) g0[j] = Rational.Zero;
        for (int i = 0; i < n; i++)
            if (!z.Contains(i)) for (int j = 0; j < d; j++) g0[j] += c0[i] * instance.Labels[i] * xs[i][j];
        int m = z.Count;
        var theta = new Rational[m];
        if (m > 0)
        {
            var A = new Rational[m, m + 1];
            for (int r = 0; r < m; r++)
            {
                for (int q = 0; q < m; q++) A[r, q] = instance.Labels[z[q]] * Dot(xs[z[r]], xs[z[q]]);
                A[r, m] = -Dot(xs[z[r]], g0);
            }
            if (!Solve(A, m, theta)) { reason = $"the kink system for samples {{{string.Join(",", z.Select(i => i + 1))}}} is singular (degenerate data)"; return null; }
        }
        var b = (Rational[])g0.Clone();
        for (int q = 0; q < m; q++) for (int j = 0; j < d; j++) b[j] += theta[q] * instance.Labels[z[q]] * xs[z[q]][j];
        // θ_i (the composed Clarke slope) = S·θ'_i must lie in [a₋^{L−1}, a₊^{L−1}].
        var lo = act.Neg.Pow(L - 1);
        var hi = act.Pos.Pow(L - 1);
        var slopeOf = new Dictionary<int, Rational>();
        for (int q = 0; q < m; q++)
        {
            var th = sProd * theta[q];
            if (th < lo || th > hi) { reason = $"the Clarke slope needed at the kink of x_{z[q] + 1} is {th}, outside [{lo}, {hi}]"; return null; }
            slopeOf[z[q]] = th;
        }
        return BuildAndCheck(instance, a, signs, b, out reason);
    }

    /// <summary>W_1 = a_1 bᵀ, W_l = s_l a_l a_{l−1}ᵀ, W_L = s_L a_{L−1}ᵀ with the composed Clarke slope θ_i of every kink
    /// sample split over the layers, then the exact KKT check (<see cref="KktCertifier.Check(Instance, WeightPoint, Func{Kink, Rational}?, out string)"/>).</summary>
    public static KktCertificate? BuildAndCheck(Instance instance, Rational[][] a, int[] signs, Rational[] b, out string reason)
    {
        var net = instance.Network;
        var act = net.Activation;
        int L = net.Depth, d = instance.Dimension;
        var flat = new Rational[net.WeightCount];
        for (int k = 0; k < flat.Length; k++) flat[k] = Rational.Zero;
        for (int i = 0; i < net.Widths[1]; i++) for (int j = 0; j < d; j++) flat[net.Index(1, i, j)] = a[0][i] * b[j];
        for (int l = 2; l <= L; l++)
        {
            var (r, c) = net.Shape(l);
            for (int i = 0; i < r; i++)
                for (int j = 0; j < c; j++)
                    flat[net.Index(l, i, j)] = signs[l - 1] * (l < L ? a[l - 1][i] : Rational.One) * a[l - 2][j];
        }
        return KktCertifier.Check(instance, new WeightPoint(net, flat), out reason);
    }

    /// <summary>φ_s'(t) for t of sign <paramref name="sign"/>: s_L Π_{l<L} s_l σ'(v_l), v_1 = t, v_{l+1} = s_{l+1}σ(v_l).</summary>
    private static Rational ComposedSlope(Activation act, int[] signs, int sign)
    {
        var slope = Rational.One;
        int s = sign;
        for (int l = 0; l < signs.Length - 1; l++)
        {
            s *= signs[l];
            var sl = s > 0 ? act.Pos : act.Neg;
            slope *= signs[l] * sl;
            if (sl.IsZero) return Rational.Zero;
        }
        return slope * signs[^1];
    }

    private static Rational Dot(Rational[] x, Rational[] y)
    {
        var s = Rational.Zero;
        for (int j = 0; j < x.Length; j++) s += x[j] * y[j];
        return s;
    }

    /// <summary>Gauss–Jordan on an augmented m×(m+1) system; false when singular.</summary>
    private static bool Solve(Rational[,] A, int m, Rational[] x)
    {
        for (int c = 0; c < m; c++)
        {
            int p = -1;
            for (int r = c; r < m; r++) if (!A[r, c].IsZero) { p = r; break; }
            if (p < 0) return false;
            for (int k = 0; k <= m; k++) (A[c, k], A[p, k]) = (A[p, k], A[c, k]);
            for (int r = 0; r < m; r++)
            {
                if (r == c || A[r, c].IsZero) continue;
                var f = A[r, c] / A[c, c];
                for (int k = c; k <= m; k++) A[r, k] -= f * A[c, k];
            }
        }
        for (int r = 0; r < m; r++) x[r] = A[r, m] / A[r, r];
        return true;
    }

    private static (double[] Left, double[] Right) TopSingularPair(double[] w, int offset, int rows, int cols)
    {
        var v = new double[cols];
        for (int j = 0; j < cols; j++) v[j] = 1 + 0.01 * j;
        var uvec = new double[rows];
        for (int it = 0; it < 200; it++)
        {
            for (int i = 0; i < rows; i++) { double s = 0; for (int j = 0; j < cols; j++) s += w[offset + i * cols + j] * v[j]; uvec[i] = s; }
            double un = Math.Sqrt(uvec.Sum(x => x * x));
            if (un == 0) break;
            for (int i = 0; i < rows; i++) uvec[i] /= un;
            for (int j = 0; j < cols; j++) { double s = 0; for (int i = 0; i < rows; i++) s += w[offset + i * cols + j] * uvec[i]; v[j] = s; }
        }
        // Right vector carries the singular value: W ≈ u (σv)ᵀ with ‖u‖ = 1.
        return (uvec, v);
    }
}
