using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;

namespace Checker.Verification.Reduced;

/// <summary>
/// Candidate KKT points of the reduced problem (docs/theory.md#reduced-problem) found by sampling the faces of the hyperplane arrangement
/// {x_iᵀb = 0}: for a kink set Z (X_Z independent, including Z = ∅) the face's point is b = ε g with
/// g = Σ_{i∉Z} y_i c_{S_i} x_i + Σ_{k∈Z} y_k σ_k x_k and σ_Z fixed by x_jᵀg = 0 (j ∈ Z). Random directions in X_Z^⊥ give
/// the sign patterns S of the cells of that face; a pattern is a KKT point iff its b has pattern S with zeros exactly
/// on Z and σ_Z lies in the Clarke interval.
/// <para>Why: on typical data most KKT points sit on kinks (d = 3, n = 30: 36 of 37), and each one found by the solver
/// costs a full QF_LRA query (seconds). Sampling is done in <c>double</c> and is only a hint: every candidate is then
/// recomputed and checked in exact rational arithmetic (a unique solution σ_Z, so the pattern carries one point, not a
/// continuum), and completeness still rests solely on the solver's final UNSAT over all patterns not found.</para>
/// </summary>
public static class FaceSampler
{
    /// <remarks>Sampling stops at <paramref name="deadline"/> (it only supplies hints, so stopping early is always safe).</remarks>
    public static List<ReducedKktPoint> Sample(ReducedProblem p, int eps, int seed, long sampleBudget = 4_000_000, int maxSubsets = 40_000, DateTime? deadline = null)
    {
        int n = p.SampleCount, d = p.Dimension;
        var x = p.X.Select(r => r.Select(v => v.ToDouble()).ToArray()).ToArray();
        var y = p.Y.Select(v => v.ToDouble()).ToArray();
        double cp = p.SlopePos.ToDouble(), cm = p.SlopeNeg.ToDouble(), lo = p.Low.ToDouble(), hi = p.High.ToDouble();
        var usable = Enumerable.Range(0, n).Where(i => !p.IsZeroInput(i) && !p.Y[i].IsZero).ToArray();
        var rng = new Random(seed * 104729 + eps);
        var found = new Dictionary<string, ReducedKktPoint>();
        var tried = new HashSet<string>();
        // Kink sets by size, smallest first; stop adding sizes once the subset count passes the cap.
        var subsets = new List<int[]> { Array.Empty<int>() };
        for (int k = 1; k < d && k <= usable.Length; k++)
        {
            long count = Binomial(usable.Length, k);
            if (subsets.Count + count > maxSubsets) break;
            subsets.AddRange(Combinations(usable, k));
        }
        var sample = new double[d];
        var pat = new char[n];
        foreach (var z in subsets)
        {
            if (deadline is { } dl && DateTime.UtcNow > dl) break;
            var basis = Complement(z.Select(i => x[i]).ToArray(), d);
            if (basis is null || basis.Count == 0) continue;
            int faceDim = basis.Count, m = n - z.Length;
            long cells = 2 * Enumerable.Range(0, faceDim).Sum(i => Binomial(Math.Max(m - 1, 0), i));
            long samples = faceDim == 1 ? 2 : Math.Min(Math.Max(40 * cells, 64), sampleBudget / Math.Max(1, subsets.Count) + 64);
            if (z.Length == 0) samples = Math.Min(Math.Max(40 * cells, 64), sampleBudget);
            var inZ = new bool[n];
            foreach (var i in z) inZ[i] = true;
            for (long s = 0; s < samples; s++)
            {
                if ((s & 4095) == 4095 && deadline is { } dl2 && DateTime.UtcNow > dl2) break;
                Array.Clear(sample);
                if (faceDim == 1) { for (int c = 0; c < d; c++) sample[c] = (s == 0 ? 1 : -1) * basis[0][c]; }
                else
                    foreach (var q in basis)
                    {
                        double w = Gaussian(rng);
                        for (int c = 0; c < d; c++) sample[c] += w * q[c];
                    }
                bool clean = true;
                for (int i = 0; i < n && clean; i++)
                {
                    if (inZ[i]) { pat[i] = '0'; continue; }
                    double t = Dot(x[i], sample);
                    if (Math.Abs(t) < 1e-9 * Norm(x[i])) { if (p.IsZeroInput(i)) pat[i] = '0'; else clean = false; }
                    else pat[i] = t > 0 ? '+' : '-';
                }
                if (!clean) continue;
                var key = new string(pat);
                if (!tried.Add(key)) continue;
                if (!PlausibleInDouble(x, y, key, z, eps, cp, cm, lo, hi, d)) continue;
                if (Exact(p, key, z, eps) is { } point) found.TryAdd(point.Pattern, point);
            }
        }
        return found.Values.ToList();
    }

    /// <summary>Cheap floating-point screen of a pattern before the exact check (generous margins: it only filters).</summary>
    private static bool PlausibleInDouble(double[][] x, double[] y, string key, int[] z, int eps, double cp, double cm, double lo, double hi, int d)
    {
        int n = key.Length;
        var g = new double[d];
        for (int i = 0; i < n; i++)
        {
            if (key[i] == '0') continue;
            double c = y[i] * (key[i] == '+' ? cp : cm);
            for (int j = 0; j < d; j++) g[j] += c * x[i][j];
        }
        if (z.Length > 0)
        {
            var a = new double[z.Length, z.Length + 1];
            for (int r = 0; r < z.Length; r++)
            {
                for (int c = 0; c < z.Length; c++) a[r, c] = y[z[c]] * Dot(x[z[r]], x[z[c]]);
                a[r, z.Length] = -Dot(x[z[r]], g);
            }
            var sol = SolveSmall(a, z.Length);
            if (sol is null) return true; // let the exact check decide
            double tol = 1e-7 * (1 + Math.Abs(hi) + Math.Abs(lo));
            for (int r = 0; r < z.Length; r++)
            {
                if (sol[r] < lo - tol || sol[r] > hi + tol) return false;
                for (int j = 0; j < d; j++) g[j] += y[z[r]] * sol[r] * x[z[r]][j];
            }
        }
        double gn = Math.Sqrt(Dot(g, g));
        if (gn == 0) return false;
        for (int i = 0; i < n; i++)
        {
            if (key[i] == '0') continue;
            double t = eps * Dot(x[i], g);
            double tol = 1e-9 * gn * Norm(x[i]);
            if (key[i] == '+' ? t < -tol : t > tol) return false;
        }
        return true;
    }

    /// <summary>The exact point of pattern <paramref name="key"/> with kink set <paramref name="z"/>, or null.</summary>
    private static ReducedKktPoint? Exact(ReducedProblem p, string key, int[] z, int eps)
    {
        int n = p.SampleCount;
        var sigma = new Rational[n];
        for (int i = 0; i < n; i++) sigma[i] = key[i] switch { '+' => p.SlopePos, '-' => p.SlopeNeg, _ => Rational.Zero };
        if (z.Length > 0)
        {
            var gRest = p.Gradient(sigma);
            var a = z.Select(j => z.Select(k => p.Y[k] * RationalLinearAlgebra.Dot(p.X[j], p.X[k])).ToArray()).ToArray();
            var rhs = z.Select(j => -RationalLinearAlgebra.Dot(p.X[j], gRest)).ToArray();
            var sol = RationalLinearAlgebra.Solve(a, rhs, z.Length);
            // A singular kink system may carry a continuum: leave such patterns to the solver and its exact classification.
            if (sol is not { } s || s.NullSpace.Count > 0) return null;
            for (int r = 0; r < z.Length; r++)
            {
                if (s.Particular[r] < p.Low || s.Particular[r] > p.High) return null;
                sigma[z[r]] = s.Particular[r];
            }
        }
        var g = p.Gradient(sigma);
        if (g.All(v => v.IsZero)) return null;
        var b = g.Select(v => eps * v).ToArray();
        // Zero inputs are '0' in every pattern; elsewhere the exact pattern must be the sampled one, zeros exactly on Z.
        if (p.PatternOf(b) != key) return null;
        for (int i = 0; i < n; i++)
            if (key[i] == '0' && !p.IsZeroInput(i) && Array.IndexOf(z, i) < 0) return null;
        return new ReducedKktPoint(key, b, eps, RationalLinearAlgebra.Dot(g, g), sigma);
    }

    private static double[]? SolveSmall(double[,] a, int k)
    {
        for (int c = 0; c < k; c++)
        {
            int piv = c;
            for (int r = c + 1; r < k; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[piv, c])) piv = r;
            if (Math.Abs(a[piv, c]) < 1e-12) return null;
            for (int cc = 0; cc <= k; cc++) (a[c, cc], a[piv, cc]) = (a[piv, cc], a[c, cc]);
            for (int r = 0; r < k; r++)
            {
                if (r == c) continue;
                double f = a[r, c] / a[c, c];
                for (int cc = c; cc <= k; cc++) a[r, cc] -= f * a[c, cc];
            }
        }
        var x = new double[k];
        for (int r = 0; r < k; r++) x[r] = a[r, k] / a[r, r];
        return x;
    }

    /// <summary>Orthonormal basis of the orthogonal complement of the rows (null when the rows look dependent).</summary>
    private static List<double[]>? Complement(double[][] rows, int d)
    {
        var span = new List<double[]>();
        foreach (var r in rows)
        {
            var v = (double[])r.Clone();
            foreach (var q in span) { double c = Dot(q, v); for (int j = 0; j < d; j++) v[j] -= c * q[j]; }
            double nv = Norm(v);
            if (nv < 1e-9 * Norm(r)) return null;
            for (int j = 0; j < d; j++) v[j] /= nv;
            span.Add(v);
        }
        var basis = new List<double[]>();
        for (int e = 0; e < d && span.Count < d; e++)
        {
            var v = new double[d]; v[e] = 1;
            foreach (var q in span) { double c = Dot(q, v); for (int j = 0; j < d; j++) v[j] -= c * q[j]; }
            double nv = Norm(v);
            if (nv < 1e-6) continue;
            for (int j = 0; j < d; j++) v[j] /= nv;
            span.Add(v); basis.Add(v);
        }
        return basis;
    }

    private static double Dot(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }
    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static long Binomial(int n, int k)
    {
        if (k < 0 || k > n) return 0;
        long r = 1;
        for (int i = 1; i <= k; i++) { r = r * (n - k + i) / i; if (r > 1L << 40) return 1L << 40; }
        return r;
    }

    private static IEnumerable<int[]> Combinations(int[] items, int k)
    {
        var idx = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return idx.Select(i => items[i]).ToArray();
            int pos = k - 1;
            while (pos >= 0 && idx[pos] == items.Length - k + pos) pos--;
            if (pos < 0) yield break;
            idx[pos]++;
            for (int q = pos + 1; q < k; q++) idx[q] = idx[q - 1] + 1;
        }
    }
}
