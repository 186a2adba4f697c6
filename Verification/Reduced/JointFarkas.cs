using System.Numerics;
using System.Runtime.CompilerServices;

namespace Checker.Verification.Reduced;

/// <summary>
/// Joint pruning test of the box search (docs/theory.md#reduced-problem): the system "c_r + Σ_i σ_i m_ri ≥ 0 for every row r (&gt; 0 for
/// the strict rows), σ ∈ [lo, hi]^U" over the cut samples U of a cone. The per-row test of
/// <see cref="DirectionBoxSearch"/> refutes it only when one row alone fails; here the whole system is refuted by a
/// Farkas certificate μ ≥ 0 on the rows: with F(σ) = Σ_r μ_r (c_r + m_r·σ), max_{σ ∈ box} F &lt; 0 (or ≤ 0 with μ_r &gt; 0
/// on a strict row) contradicts every σ satisfying all rows. The multipliers come from a small bounded-variable simplex in double
/// (the duals of max z s.t. row_r(σ) ≥ z), are rounded to integers, and the certificate is checked exactly in checked
/// 128-bit integers (<see cref="BigInteger"/> when they would overflow); a rounded certificate that fails the exact check
/// refutes nothing.
/// </summary>
internal static class JointFarkas
{
    /// <summary>True only if the system is proved infeasible by an exactly verified certificate.</summary>
    public static bool Refute(Int128[] c, Int128[][] m, bool[] strict, long lo, long hi) =>
        c.Length > 0 && Refute(c, m, strict, c.Length, m[0].Length, lo, hi);

    /// <summary><see cref="Refute(Int128[], Int128[][], bool[], long, long)"/> on the first <paramref name="rows"/> rows and
    /// <paramref name="u"/> columns of reused buffers (the box search calls this for most cones; allocation was the
    /// largest cost in a profile of d = 5, n = 30).</summary>
    public static bool Refute(Int128[] c, Int128[][] m, bool[] strict, int rows, int u, long lo, long hi)
    {
        var ws = t_workspace ??= new Workspace();
        if (!MultipliersInto(c, m, rows, u, lo, hi, ws)) return false;
        try { return CheckRows<Int128>(c, m, strict, ws.Mu, rows, u, lo, hi); }
        catch (OverflowException)
        {
            var mu = new BigInteger[rows];
            for (int r = 0; r < rows; r++) mu[r] = ws.Mu[r];
            return CheckRows<BigInteger>(c, m, strict, mu, rows, u, lo, hi);
        }
    }

    /// <summary>Scratch arrays of one thread: the simplex tableau and the multipliers, grown on demand.</summary>
    private sealed class Workspace
    {
        public double[] Tableau = new double[1024];
        public double[] Cs = new double[32], Scale = new double[32], Lambda = new double[32], Y = new double[32];
        public int[] Basis = new int[64];
        public Int128[] Mu = new Int128[32];

        public bool[] AtUpper = new bool[64];

        /// <summary>Room for a system of <paramref name="rows"/> rows over <paramref name="u"/> slopes.</summary>
        public void Ensure(int rows, int u)
        {
            int vars = 1 + u + rows, cells = (rows + 1) * (vars + 1);
            if (Tableau.Length < cells) Tableau = new double[Math.Max(cells, 2 * Tableau.Length)];
            if (Cs.Length < rows) { Cs = new double[2 * rows]; Scale = new double[2 * rows]; Lambda = new double[2 * rows]; Y = new double[2 * rows]; Mu = new Int128[2 * rows]; }
            if (Basis.Length < rows) Basis = new int[2 * rows];
            if (AtUpper.Length < vars) AtUpper = new bool[2 * vars];
        }
    }

    [ThreadStatic] private static Workspace? t_workspace;

    /// <summary>Exact check of a candidate certificate μ (every μ_r ≥ 0): max over σ ∈ [lo, hi]^U of Σ μ_r row_r(σ) is
    /// &lt; 0, or = 0 with some strict row carrying μ_r &gt; 0.</summary>
    public static bool Check(Int128[] c, Int128[][] m, bool[] strict, BigInteger[] mu, long lo, long hi)
    {
        int rows = c.Length;
        if (mu.Length != rows || lo > hi) return false;
        return CheckRows<BigInteger>(c, m, strict, mu, rows, rows == 0 ? 0 : m[0].Length, lo, hi);
    }

    /// <summary><see cref="Check"/> on the first <paramref name="rows"/> rows and <paramref name="u"/> columns, in checked
    /// arithmetic of <typeparamref name="T"/>: Int128 on the hot path (throws <see cref="OverflowException"/> rather than
    /// wrap; the caller then repeats in BigInteger), BigInteger for the exact fallback and the public check.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool CheckRows<T>(Int128[] c, Int128[][] m, bool[] strict, ReadOnlySpan<T> mu, int rows, int u, long lo, long hi)
        where T : IBinaryInteger<T>
    {
        T max = T.Zero;
        bool strictUsed = false;
        for (int r = 0; r < rows; r++)
        {
            if (T.IsNegative(mu[r])) return false;
            if (T.IsZero(mu[r])) continue;
            max = checked(max + mu[r] * T.CreateChecked(c[r]));
            if (strict[r]) strictUsed = true;
        }
        for (int i = 0; i < u; i++)
        {
            T a = T.Zero;
            for (int r = 0; r < rows; r++) if (!T.IsZero(mu[r])) a = checked(a + mu[r] * T.CreateChecked(m[r][i]));
            max = checked(max + a * T.CreateChecked(T.IsNegative(a) ? lo : hi));
        }
        return T.IsNegative(max) || (T.IsZero(max) && strictUsed);
    }

    /// <summary>The multipliers into <c>ws.Mu</c> (integers below 2^53, from the doubles); false when the LP finds the
    /// system feasible or cannot decide.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool MultipliersInto(Int128[] c, Int128[][] m, int rows, int u, long lo, long hi, Workspace ws)
    {
        if (rows == 0 || hi <= lo) return false;
        int cols = 1 + u + rows + 1;
        ws.Ensure(rows, u);
        // σ_i = lo + (hi − lo) τ_i, τ ∈ [0, 1]; each row scaled to max |entry| = 1 (a positive factor per row). The scaled
        // row goes straight into the tableau, negated as SolveBounded expects.
        var t = ws.Tableau;
        Array.Clear(t, 0, (rows + 1) * cols);
        var cs = ws.Cs;
        var scale = ws.Scale;
        for (int r = 0; r < rows; r++)
        {
            double c0 = (double)c[r];
            var mr = m[r];
            double s = 0;
            for (int i = 0; i < u; i++) { double v = (double)mr[i]; c0 += lo * v; s = Math.Max(s, Math.Abs((hi - lo) * v)); }
            s = Math.Max(s, Math.Abs(c0));
            if (s == 0 || double.IsInfinity(s) || double.IsNaN(s)) s = 1;
            scale[r] = s;
            cs[r] = c0 / s;
            int o = r * cols;
            for (int i = 0; i < u; i++) t[o + 1 + i] = -((hi - lo) * (double)mr[i]) / s;
        }
        var y = ws.Y;
        if (!SolveBounded(cs, t, rows, u, ws, y, out double z) || z > -1e-9) return false;
        // Original-row multipliers λ_r = y_r / scale_r, made integer with a common power of two.
        var lambda = ws.Lambda;
        double top = 0;
        for (int r = 0; r < rows; r++) { lambda[r] = y[r] > 1e-12 ? y[r] / scale[r] : 0; top = Math.Max(top, lambda[r]); }
        if (top == 0 || double.IsInfinity(top) || double.IsNaN(top)) return false;
        int shift = 52 - Math.ILogB(top);
        for (int r = 0; r < rows; r++) ws.Mu[r] = lambda[r] == 0 ? 0 : (Int128)(long)Math.Round(Math.ScaleB(lambda[r], shift));
        return true;
    }

    /// <summary>Allocating form of the LP (<see cref="SolveBounded"/>) for tests: rows c, m as given.</summary>
    internal static double[]? SolveDual(double[] c, double[][] m, out double z)
    {
        int rows = c.Length, u = m[0].Length, cols = 1 + u + rows + 1;
        var ws = new Workspace();
        ws.Ensure(rows, u);
        var t = new double[(rows + 1) * cols];
        for (int r = 0; r < rows; r++) for (int i = 0; i < u; i++) t[r * cols + 1 + i] = -m[r][i];
        var y = new double[rows];
        return SolveBounded(c, t, rows, u, ws, y, out z) ? y : null;
    }

    /// <summary>
    /// max z s.t. z ≤ c_r + m_r·τ (every row), 0 ≤ τ ≤ 1 (|c_r| ≤ 1, so τ = 0, z = −2 is a feasible start), by a
    /// bounded-variable simplex: τ_i ∈ [0, 1] are bounds of the nonbasic columns instead of u extra rows, so the tableau
    /// has one row per inequality (half the size of the plain tableau it replaced). Columns: w (z = w − 2), τ_1..τ_u,
    /// slacks s_r; row r reads w − m_r·τ + s_r = c_r + 2. <paramref name="t"/> is the zeroed tableau with −m_r in columns
    /// 1..u of row r. On success <paramref name="y"/> holds the row duals (y ≥ 0, Σ y = 1) and <paramref name="z"/> the
    /// optimum. Only a hint: the certificate built from y is checked exactly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool SolveBounded(double[] c, double[] t, int rows, int u, Workspace ws, double[] y, out double z)
    {
        const double B = 2, Eps = 1e-11;
        z = double.NaN;
        int vars = 1 + u + rows, cols = vars + 1, rhs = cols - 1;
        var basis = ws.Basis;
        var upper = ws.AtUpper;
        Array.Clear(upper, 0, vars);
        for (int r = 0; r < rows; r++)
        {
            int o = r * cols;
            t[o] = 1;
            t[o + 1 + u + r] = 1;
            t[o + rhs] = c[r] + B;
            basis[r] = 1 + u + r;
        }
        int ob = rows * cols;
        t[ob] = -1; // maximise w: obj[j] < 0 means raising column j improves
        int maxIter = 50 * (rows + vars) + 100;
        for (int it = 0; it < maxIter; it++)
        {
            bool bland = it > 10 * (rows + vars);
            int enter = -1;
            double best = 1e-10;
            for (int j = 0; j < vars; j++)
            {
                // Improvement rate of moving column j off its bound: −obj[j] upward from 0, +obj[j] downward from 1.
                double gain = upper[j] ? t[ob + j] : -t[ob + j];
                if (gain > best) { enter = j; if (bland) break; best = gain; }
            }
            if (enter < 0)
            {
                double w = 0;
                for (int r = 0; r < rows; r++) if (basis[r] == 0) w = t[r * cols + rhs];
                z = w - B;
                for (int r = 0; r < rows; r++) y[r] = Math.Max(0, t[ob + 1 + u + r]);
                return true;
            }
            double dir = upper[enter] ? -1 : 1;
            // Ratio test: basic variables stay within [0, ub]; the entering column may also just flip to its other bound.
            double theta = enter >= 1 && enter <= u ? 1 : double.PositiveInfinity;
            int leave = -1;
            bool leaveAtUpper = false;
            for (int r = 0; r < rows; r++)
            {
                double a = dir * t[r * cols + enter];
                double beta = t[r * cols + rhs];
                int bv = basis[r];
                double q;
                bool toUpper;
                if (a > Eps) { q = beta / a; toUpper = false; }
                else if (a < -Eps && bv >= 1 && bv <= u) { q = (1 - beta) / -a; toUpper = true; }
                else continue;
                if (q < theta - 1e-12 || (q <= theta + 1e-12 && leave >= 0 && bv < basis[leave])) { theta = q; leave = r; leaveAtUpper = toUpper; }
            }
            if (double.IsPositiveInfinity(theta)) return false; // unbounded: cannot happen (w is bounded by every row)
            if (theta < 0) theta = 0;
            // Move: basic values change by −dir·θ·a_r.
            for (int r = 0; r < rows; r++) t[r * cols + rhs] -= dir * theta * t[r * cols + enter];
            if (leave < 0)
            {
                upper[enter] = !upper[enter]; // bound flip, no pivot
                continue;
            }
            // The entering column becomes basic with value θ (from 0) or 1 − θ (from 1); the leaving one goes to a bound.
            int pl = leave * cols;
            double newValue = upper[enter] ? 1 - theta : theta;
            int left = basis[leave];
            double piv = t[pl + enter];
            for (int j = 0; j < cols; j++) t[pl + j] /= piv;
            t[pl + rhs] = newValue;
            for (int r = 0; r <= rows; r++)
            {
                if (r == leave) continue;
                int o = r * cols;
                double f = t[o + enter];
                if (f == 0) continue;
                for (int j = 0; j < rhs; j++) t[o + j] -= f * t[pl + j];
            }
            upper[enter] = false;
            upper[left] = leaveAtUpper;
            basis[leave] = enter;
        }
        return false;
    }
}
