using Checker.Symbolic.Numbers;

namespace Checker.Verification.Exact;

/// <summary>
/// Exact linear feasibility over Q: a two-phase-free (phase 1 only) simplex on a dense rational tableau with Bland's rule,
/// so it terminates and never rounds. It answers the small LPs of the Clarke engine (hull membership with convex weights,
/// regions of a central arrangement, arc directions). <see cref="Reduced.JointFarkas"/> is a different tool: a double LP
/// whose rounded dual is checked exactly, tuned for the box search's thousands of tiny integer systems; it cannot return
/// an exact primal point, which is what a certificate here needs.
/// </summary>
public static class ExactLp
{
    /// <summary>Some x ≥ 0 with A x = b (A has <paramref name="columns"/> columns), or null when none exists.</summary>
    public static Rational[]? NonNegativeSolution(IReadOnlyList<Rational[]> a, IReadOnlyList<Rational> b, int columns)
    {
        int m = a.Count, n = columns;
        // Tableau rows: [A | I (artificials) | b], with each row negated where b < 0 so the artificial start is feasible.
        int width = n + m + 1;
        var t = new Rational[m + 1][];
        for (int r = 0; r < m; r++)
        {
            var row = new Rational[width];
            bool flip = b[r].Sign < 0;
            for (int c = 0; c < n; c++) row[c] = flip ? -a[r][c] : a[r][c];
            for (int c = n; c < n + m; c++) row[c] = Rational.Zero;
            row[n + r] = Rational.One;
            row[width - 1] = flip ? -b[r] : b[r];
            t[r] = row;
        }
        // Objective: minimise Σ artificials, written as reduced costs (cost row = −Σ rows over the structural columns).
        var obj = new Rational[width];
        for (int c = 0; c < width; c++) obj[c] = Rational.Zero;
        for (int r = 0; r < m; r++)
            for (int c = 0; c < width; c++)
                if (c < n || c == width - 1) obj[c] -= t[r][c];
        t[m] = obj;
        var basis = new int[m];
        for (int r = 0; r < m; r++) basis[r] = n + r;
        while (true)
        {
            int enter = -1;
            for (int c = 0; c < n + m; c++) if (t[m][c].Sign < 0) { enter = c; break; } // Bland: smallest index
            if (enter < 0) break;
            int leave = -1;
            Rational best = Rational.Zero;
            for (int r = 0; r < m; r++)
            {
                if (t[r][enter].Sign <= 0) continue;
                var ratio = t[r][width - 1] / t[r][enter];
                if (leave < 0 || ratio < best || (ratio == best && basis[r] < basis[leave])) { leave = r; best = ratio; }
            }
            if (leave < 0) break; // unbounded direction of phase 1 cannot happen (objective ≥ 0); stop defensively
            Pivot(t, leave, enter);
            basis[leave] = enter;
        }
        if (!t[m][width - 1].IsZero) return null; // minimum of Σ artificials is −t[m][rhs] > 0: infeasible
        var x = new Rational[n];
        for (int c = 0; c < n; c++) x[c] = Rational.Zero;
        for (int r = 0; r < m; r++) if (basis[r] < n) x[basis[r]] = t[r][width - 1];
        // The answer is re-checked here so that no caller relies on the pivoting being right.
        for (int r = 0; r < m; r++)
        {
            var s = Rational.Zero;
            for (int c = 0; c < n; c++) if (!x[c].IsZero) s += a[r][c] * x[c];
            if (s != b[r]) throw new InvalidOperationException("exact simplex returned a point that violates A x = b");
        }
        return x;
    }

    private static void Pivot(Rational[][] t, int row, int col)
    {
        var p = t[row];
        var inv = p[col].Reciprocal();
        for (int c = 0; c < p.Length; c++) if (!p[c].IsZero) p[c] *= inv;
        for (int r = 0; r < t.Length; r++)
        {
            if (r == row || t[r][col].IsZero) continue;
            var f = t[r][col];
            var tr = t[r];
            for (int c = 0; c < p.Length; c++) if (!p[c].IsZero) tr[c] -= f * p[c];
        }
    }

    /// <summary>
    /// Some d ∈ Qⁿ with rᵀd &gt; 0 for every strict row and eᵀd = 0 for every equality row, or null when none exists. The
    /// system is homogeneous, so "&gt; 0" is the same as "≥ 1" after scaling d; d is split into d⁺ − d⁻ with a slack per row.
    /// </summary>
    public static Rational[]? StrictSolution(IReadOnlyList<Rational[]> strict, int n, IReadOnlyList<Rational[]>? equalities = null)
    {
        equalities ??= [];
        int s = strict.Count, cols = 2 * n + s;
        var a = new List<Rational[]>();
        var b = new List<Rational>();
        for (int r = 0; r < s; r++)
        {
            var row = Zeros(cols);
            for (int j = 0; j < n; j++) { row[j] = strict[r][j]; row[n + j] = -strict[r][j]; }
            row[2 * n + r] = Rational.MinusOne;
            a.Add(row); b.Add(Rational.One);
        }
        foreach (var e in equalities)
        {
            var row = Zeros(cols);
            for (int j = 0; j < n; j++) { row[j] = e[j]; row[n + j] = -e[j]; }
            a.Add(row); b.Add(Rational.Zero);
        }
        if (a.Count == 0) return Zeros(n);
        var x = NonNegativeSolution(a, b, cols);
        if (x is null) return null;
        var d = new Rational[n];
        for (int j = 0; j < n; j++) d[j] = x[j] - x[n + j];
        return d;
    }

    /// <summary>Convex weights θ ≥ 0, Σθ = 1, with Σ θ_k p_k = <paramref name="target"/>, or null when the target is not in
    /// the convex hull of the points. Coordinates where every point and the target agree are dropped before the LP.</summary>
    public static Rational[]? ConvexWeights(IReadOnlyList<Rational[]> points, Rational[] target)
    {
        int k = points.Count, dim = target.Length;
        if (k == 0) return null;
        var rows = new List<Rational[]>();
        var rhs = new List<Rational>();
        for (int j = 0; j < dim; j++)
        {
            bool constant = true;
            for (int q = 1; q < k && constant; q++) constant = points[q][j] == points[0][j];
            if (constant)
            {
                if (points[0][j] != target[j]) return null;
                continue;
            }
            rows.Add(points.Select(p => p[j]).ToArray());
            rhs.Add(target[j]);
        }
        rows.Add(Enumerable.Repeat(Rational.One, k).ToArray());
        rhs.Add(Rational.One);
        return NonNegativeSolution(rows, rhs, k);
    }

    private static Rational[] Zeros(int n)
    {
        var z = new Rational[n];
        for (int i = 0; i < n; i++) z[i] = Rational.Zero;
        return z;
    }
}
