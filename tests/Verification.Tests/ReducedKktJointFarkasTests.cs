using System.Numerics;
using Checker.Verification.Reduced;

namespace Checker.Verification.Tests;

/// <summary>The joint pruning certificate of the box search (<see cref="JointFarkas"/>): the exact check accepts a real
/// Farkas certificate, rejects forged ones, and the LP finds certificates only for infeasible systems.</summary>
public class ReducedKktJointFarkasTests
{
    // Rows c_r + Σ σ_i m_ri ≥ 0 over σ ∈ [1, 10]: σ_0 − 6 ≥ 0 and 5 − σ_0 ≥ 0 (each alone feasible, jointly not),
    // plus an irrelevant row 1 + σ_1 ≥ 0.
    private static readonly Int128[] C = [-6, 5, 1];
    private static readonly Int128[][] M = [[1, 0], [-1, 0], [0, 1]];
    private static readonly bool[] NotStrict = [false, false, false];

    [Fact]
    public void Real_certificate_is_accepted()
    {
        // 1·(σ_0 − 6) + 1·(5 − σ_0) = −1 < 0 for every σ.
        Assert.True(JointFarkas.Check(C, M, NotStrict, [1, 1, 0], 1, 10));
    }

    [Fact]
    public void Forged_certificates_are_rejected()
    {
        Assert.False(JointFarkas.Check(C, M, NotStrict, [1, 0, 0], 1, 10));   // σ_0 − 6 ≤ 4 on the box: max ≥ 0
        Assert.False(JointFarkas.Check(C, M, NotStrict, [1, 1, 1], 1, 10));   // the third row adds up to 1 + 10
        Assert.False(JointFarkas.Check(C, M, NotStrict, [2, 1, 0], 1, 10));   // 2σ_0 − 12 + 5 − σ_0 = σ_0 − 7 ≤ 3
        Assert.False(JointFarkas.Check(C, M, NotStrict, [1, 1, -1], 1, 10));  // negative multiplier
        Assert.False(JointFarkas.Check(C, M, NotStrict, [0, 0, 0], 1, 10));   // zero: max 0, no strict row
    }

    [Fact]
    public void Zero_maximum_refutes_only_through_a_strict_row()
    {
        // σ_0 − 5 > 0 (strict) and 5 − σ_0 ≥ 0: sum is 0 on the box.
        Int128[] c = [-5, 5];
        Int128[][] m = [[1], [-1]];
        Assert.True(JointFarkas.Check(c, m, [true, false], [1, 1], 1, 10));
        Assert.False(JointFarkas.Check(c, m, [false, false], [1, 1], 1, 10));
        Assert.False(JointFarkas.Refute(c, m, [false, false], 1, 10));
    }

    [Fact]
    public void Lp_certificate_proves_joint_infeasibility_and_never_a_feasible_system()
    {
        Assert.True(JointFarkas.Refute(C, M, NotStrict, 1, 10));
        // Feasible: σ_0 ∈ [5, 6].
        Int128[] c = [-5, 6, 1];
        Assert.False(JointFarkas.Refute(c, M, NotStrict, 1, 10));
        var rng = new Random(7);
        for (int t = 0; t < 300; t++)
        {
            int rows = rng.Next(1, 8), u = rng.Next(1, 6);
            var cr = Enumerable.Range(0, rows).Select(_ => (Int128)rng.Next(-40, 41)).ToArray();
            var mr = Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, u).Select(_ => (Int128)rng.Next(-9, 10)).ToArray()).ToArray();
            var strict = Enumerable.Range(0, rows).Select(_ => false).ToArray();
            bool refuted = JointFarkas.Refute(cr, mr, strict, 1, 10);
            // Brute force over the integer grid of the box: any grid point satisfying all rows means feasible.
            bool gridFeasible = Grid(u).Any(s => Enumerable.Range(0, rows).All(r => cr[r] + Enumerable.Range(0, u).Aggregate((Int128)0, (a, i) => a + s[i] * mr[r][i]) >= 0));
            if (gridFeasible) Assert.False(refuted);
        }
    }

    [Fact]
    public void Bounded_variable_simplex_reaches_the_same_optimum_as_the_plain_tableau()
    {
        // The search uses the bounded-variable LP; the plain tableau with explicit τ ≤ 1 rows (below) is the reference. Same
        // optimum z (both exact optima of one LP, up to rounding), and duals that are a distribution whose certificate
        // value equals z: Σ y_r c_r + Σ_i max(0, Σ_r y_r m_ri) = z.
        var rng = new Random(11);
        int refutable = 0;
        for (int t = 0; t < 500; t++)
        {
            int rows = rng.Next(1, 12), u = rng.Next(1, 9);
            var c = Enumerable.Range(0, rows).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            var m = Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, u).Select(_ => rng.Next(4) == 0 ? 0 : rng.NextDouble() * 2 - 1).ToArray()).ToArray();
            var y1 = PlainTableau(c, m, out double z1);
            var y2 = JointFarkas.SolveDual(c, m, out double z2);
            Assert.NotNull(y1);
            Assert.NotNull(y2);
            Assert.Equal(z1, z2, 1e-9);
            Assert.Equal(1.0, y2!.Sum(), 1e-9);
            double value = Enumerable.Range(0, rows).Sum(r => y2[r] * c[r])
                + Enumerable.Range(0, u).Sum(i => Math.Max(0, Enumerable.Range(0, rows).Sum(r => y2[r] * m[r][i])));
            Assert.Equal(z2, value, 1e-9);
            if (z2 < 0) refutable++;
        }
        Assert.InRange(refutable, 50, 450); // both kinds of system were exercised
    }

    private static IEnumerable<int[]> Grid(int u)
    {
        if (u == 0) { yield return []; yield break; }
        foreach (var rest in Grid(u - 1))
            for (int v = 1; v <= 10; v++) yield return [.. rest, v];
    }

    /// <summary>The reference: the plain dense tableau the search used before, with τ ≤ 1 as explicit rows.</summary>
    private static double[]? PlainTableau(double[] c, double[][] m, out double z)
    {
        int rows = c.Length, u = m[0].Length, cons = rows + u, cols = 1 + u + cons + 1;
        var t = new double[(cons + 1) * cols];
        for (int r = 0; r < rows; r++) for (int i = 0; i < u; i++) t[r * cols + 1 + i] = -m[r][i];
        var y = new double[rows];
        return SolveDualInPlace(c, t, rows, u, new int[cons], y, out z) ? y : null;
    }

    /// <summary>max z s.t. z ≤ c_r + m_r·τ (every row), 0 ≤ τ ≤ 1, by a dense tableau simplex with z = w − 2, w ≥ 0
    /// (|c_r| ≤ 1, so τ = 0, w = 0 is a feasible start). <paramref name="t"/> is the zeroed row-major tableau with −m_r in
    /// columns 1..u of row r already filled. On success <paramref name="y"/> holds the row duals (y ≥ 0, Σ y = 1).</summary>
    private static bool SolveDualInPlace(double[] c, double[] t, int rows, int u, int[] basis, double[] y, out double z)
    {
        const double B = 2, Eps = 1e-11;
        z = double.NaN;
        int cons = rows + u, vars = 1 + u, cols = vars + cons + 1;
        for (int r = 0; r < rows; r++)
        {
            int o = r * cols;
            t[o] = 1;
            t[o + vars + r] = 1;
            t[o + cols - 1] = c[r] + B;
        }
        for (int i = 0; i < u; i++)
        {
            int o = (rows + i) * cols;
            t[o + 1 + i] = 1;
            t[o + vars + rows + i] = 1;
            t[o + cols - 1] = 1;
        }
        int ob = cons * cols;
        t[ob] = -1; // maximise w: reduced costs −1 in the objective row
        for (int r = 0; r < cons; r++) basis[r] = vars + r;
        int maxIter = 50 * (cons + vars) + 100;
        for (int it = 0; it < maxIter; it++)
        {
            bool bland = it > 10 * (cons + vars);
            int enter = -1;
            double best = -1e-10;
            for (int j = 0; j < cols - 1; j++)
            {
                if (t[ob + j] < best) { enter = j; if (bland) break; best = t[ob + j]; }
            }
            if (enter < 0)
            {
                z = t[ob + cols - 1] - B;
                for (int r = 0; r < rows; r++) y[r] = Math.Max(0, t[ob + vars + r]);
                return true;
            }
            int leave = -1;
            double ratio = double.PositiveInfinity;
            for (int r = 0; r < cons; r++)
            {
                double a = t[r * cols + enter];
                if (a <= Eps) continue;
                double q = t[r * cols + cols - 1] / a;
                if (q < ratio - 1e-12 || (q <= ratio + 1e-12 && leave >= 0 && basis[r] < basis[leave])) { ratio = q; leave = r; }
            }
            if (leave < 0) return false; // unbounded: cannot happen (w is bounded by every row); give up
            int pl = leave * cols;
            double piv = t[pl + enter];
            for (int j = 0; j < cols; j++) t[pl + j] /= piv;
            for (int r = 0; r <= cons; r++)
            {
                if (r == leave) continue;
                int o = r * cols;
                double f = t[o + enter];
                if (f == 0) continue;
                for (int j = 0; j < cols; j++) t[o + j] -= f * t[pl + j];
            }
            basis[leave] = enter;
        }
        return false;
    }
}
