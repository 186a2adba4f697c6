using System.Numerics;

namespace Checker.Verification.Reduced;

/// <summary>
/// Joint pruning test of the box search (SPEC.md §5): the system "c_r + Σ_i σ_i m_ri ≥ 0 for every row r (&gt; 0 for
/// the strict rows), σ ∈ [lo, hi]^U" over the cut samples U of a cone. The per-row test of
/// <see cref="DirectionBoxSearch"/> refutes it only when one row alone fails; here the whole system is refuted by a
/// Farkas certificate μ ≥ 0 on the rows: with F(σ) = Σ_r μ_r (c_r + m_r·σ), max_{σ ∈ box} F &lt; 0 (or ≤ 0 with μ_r &gt; 0
/// on a strict row) contradicts every σ satisfying all rows. The multipliers come from a small dense simplex in double
/// (the duals of max z s.t. row_r(σ) ≥ z), are rounded to integers, and the certificate is checked exactly in
/// <see cref="BigInteger"/> arithmetic; a rounded certificate that fails the exact check refutes nothing.
/// </summary>
internal static class JointFarkas
{
    /// <summary>True only if the system is proved infeasible by an exactly verified certificate.</summary>
    public static bool Refute(Int128[] c, Int128[][] m, bool[] strict, long lo, long hi)
    {
        var mu = Multipliers(c, m, lo, hi);
        return mu is not null && Check(c, m, strict, mu, lo, hi);
    }

    /// <summary>Exact check of a candidate certificate μ (every μ_r ≥ 0): max over σ ∈ [lo, hi]^U of Σ μ_r row_r(σ) is
    /// &lt; 0, or = 0 with some strict row carrying μ_r &gt; 0.</summary>
    public static bool Check(Int128[] c, Int128[][] m, bool[] strict, BigInteger[] mu, long lo, long hi)
    {
        int rows = c.Length;
        if (mu.Length != rows || lo > hi) return false;
        int u = rows == 0 ? 0 : m[0].Length;
        BigInteger max = BigInteger.Zero;
        bool strictUsed = false;
        for (int r = 0; r < rows; r++)
        {
            if (mu[r].Sign < 0) return false;
            if (mu[r].IsZero) continue;
            max += mu[r] * (BigInteger)c[r];
            if (strict[r]) strictUsed = true;
        }
        for (int i = 0; i < u; i++)
        {
            BigInteger a = BigInteger.Zero;
            for (int r = 0; r < rows; r++) if (!mu[r].IsZero) a += mu[r] * (BigInteger)m[r][i];
            max += a * (a.Sign >= 0 ? hi : lo);
        }
        return max.Sign < 0 || (max.IsZero && strictUsed);
    }

    /// <summary>Candidate multipliers (non-negative integers) from the double LP, or null when the LP finds the system
    /// feasible (or cannot decide).</summary>
    public static BigInteger[]? Multipliers(Int128[] c, Int128[][] m, long lo, long hi)
    {
        int rows = c.Length;
        if (rows == 0 || hi <= lo) return null;
        int u = m[0].Length;
        // σ_i = lo + (hi − lo) τ_i, τ ∈ [0, 1]; each row scaled to max |entry| = 1 (a positive factor per row).
        var cs = new double[rows];
        var ms = new double[rows][];
        var scale = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double c0 = (double)c[r];
            var row = new double[u];
            for (int i = 0; i < u; i++) { double v = (double)m[r][i]; c0 += lo * v; row[i] = (hi - lo) * v; }
            double s = Math.Abs(c0);
            foreach (var v in row) s = Math.Max(s, Math.Abs(v));
            if (s == 0 || double.IsInfinity(s) || double.IsNaN(s)) s = 1;
            scale[r] = s;
            cs[r] = c0 / s;
            for (int i = 0; i < u; i++) row[i] /= s;
            ms[r] = row;
        }
        var y = SolveDual(cs, ms, out double z);
        if (y is null || z > -1e-9) return null;
        // Original-row multipliers λ_r = y_r / scale_r, made integer with a common power of two.
        var lambda = new double[rows];
        double top = 0;
        for (int r = 0; r < rows; r++) { lambda[r] = y[r] > 1e-12 ? y[r] / scale[r] : 0; top = Math.Max(top, lambda[r]); }
        if (top == 0 || double.IsInfinity(top) || double.IsNaN(top)) return null;
        int shift = 52 - Math.ILogB(top);
        var mu = new BigInteger[rows];
        for (int r = 0; r < rows; r++) mu[r] = lambda[r] == 0 ? BigInteger.Zero : new BigInteger(Math.Round(Math.ScaleB(lambda[r], shift)));
        return mu;
    }

    /// <summary>max z s.t. z ≤ c_r + m_r·τ (every row), 0 ≤ τ ≤ 1, by a dense tableau simplex with z = w − 2, w ≥ 0
    /// (|c_r| ≤ 1, so τ = 0, w = 0 is a feasible start). Returns the row duals y ≥ 0 (Σ y = 1) and z, or null.</summary>
    internal static double[]? SolveDual(double[] c, double[][] m, out double z)
    {
        const double B = 2, Eps = 1e-11;
        z = double.NaN;
        int rows = c.Length, u = m[0].Length;
        int cons = rows + u, vars = 1 + u, cols = vars + cons + 1;
        var t = new double[cons + 1][];
        for (int r = 0; r < rows; r++)
        {
            var row = new double[cols];
            row[0] = 1;
            for (int i = 0; i < u; i++) row[1 + i] = -m[r][i];
            row[vars + r] = 1;
            row[cols - 1] = c[r] + B;
            t[r] = row;
        }
        for (int i = 0; i < u; i++)
        {
            var row = new double[cols];
            row[1 + i] = 1;
            row[vars + rows + i] = 1;
            row[cols - 1] = 1;
            t[rows + i] = row;
        }
        var obj = new double[cols];
        obj[0] = -1; // maximise w: reduced costs −1 in the objective row
        t[cons] = obj;
        var basis = new int[cons];
        for (int r = 0; r < cons; r++) basis[r] = vars + r;
        int maxIter = 50 * (cons + vars) + 100;
        for (int it = 0; it < maxIter; it++)
        {
            bool bland = it > 10 * (cons + vars);
            int enter = -1;
            double best = -1e-10;
            for (int j = 0; j < cols - 1; j++)
            {
                if (obj[j] < best) { enter = j; if (bland) break; best = obj[j]; }
            }
            if (enter < 0)
            {
                z = obj[cols - 1] - B;
                var y = new double[rows];
                for (int r = 0; r < rows; r++) y[r] = Math.Max(0, obj[vars + r]);
                return y;
            }
            int leave = -1;
            double ratio = double.PositiveInfinity;
            for (int r = 0; r < cons; r++)
            {
                double a = t[r][enter];
                if (a <= Eps) continue;
                double q = t[r][cols - 1] / a;
                if (q < ratio - 1e-12 || (q <= ratio + 1e-12 && leave >= 0 && basis[r] < basis[leave])) { ratio = q; leave = r; }
            }
            if (leave < 0) return null; // unbounded: cannot happen (w is bounded by every row); give up
            var pr = t[leave];
            double piv = pr[enter];
            for (int j = 0; j < cols; j++) pr[j] /= piv;
            for (int r = 0; r <= cons; r++)
            {
                if (r == leave) continue;
                var row = t[r];
                double f = row[enter];
                if (f == 0) continue;
                for (int j = 0; j < cols; j++) row[j] -= f * pr[j];
            }
            basis[leave] = enter;
        }
        return null;
    }
}
