using Checker.Symbolic.Numbers;

namespace Checker.Verification.Exact;

/// <summary>Exact Gaussian elimination over Q: rank, a particular solution and a null-space basis. No doubles.</summary>
public static class RationalLinearAlgebra
{
    /// <summary>Reduced row echelon form of a copy of <paramref name="a"/> (rows × cols); returns pivot columns.</summary>
    public static (Rational[][] Rref, List<int> Pivots) Rref(Rational[][] a, int cols)
    {
        var m = a.Select(r => (Rational[])r.Clone()).ToArray();
        var pivots = new List<int>();
        int row = 0;
        for (int c = 0; c < cols && row < m.Length; c++)
        {
            int p = -1;
            for (int r = row; r < m.Length; r++) if (!m[r][c].IsZero) { p = r; break; }
            if (p < 0) continue;
            (m[row], m[p]) = (m[p], m[row]);
            var inv = m[row][c].Reciprocal();
            for (int k = c; k < m[row].Length; k++) m[row][k] *= inv;
            for (int r = 0; r < m.Length; r++)
            {
                if (r == row || m[r][c].IsZero) continue;
                var f = m[r][c];
                for (int k = c; k < m[r].Length; k++) m[r][k] -= f * m[row][k];
            }
            pivots.Add(c);
            row++;
        }
        return (m, pivots);
    }

    public static int Rank(Rational[][] a, int cols) => a.Length == 0 ? 0 : Rref(a, cols).Pivots.Count;

    /// <summary>Solves A x = b (A rows × n). Returns null when inconsistent; otherwise a particular solution (free
    /// variables 0) and a basis of the null space of A.</summary>
    public static (Rational[] Particular, List<Rational[]> NullSpace)? Solve(Rational[][] a, Rational[] b, int n)
    {
        var aug = new Rational[a.Length][];
        for (int r = 0; r < a.Length; r++)
        {
            aug[r] = new Rational[n + 1];
            for (int c = 0; c < n; c++) aug[r][c] = a[r][c];
            aug[r][n] = b[r];
        }
        var (m, piv) = Rref(aug, n);
        for (int r = piv.Count; r < m.Length; r++) if (!m[r][n].IsZero) return null;
        var x = Enumerable.Repeat(Rational.Zero, n).ToArray();
        for (int k = 0; k < piv.Count; k++) x[piv[k]] = m[k][n];
        var free = Enumerable.Range(0, n).Except(piv).ToList();
        var basis = new List<Rational[]>();
        foreach (var f in free)
        {
            var v = Enumerable.Repeat(Rational.Zero, n).ToArray();
            v[f] = Rational.One;
            for (int k = 0; k < piv.Count; k++) v[piv[k]] = -m[k][f];
            basis.Add(v);
        }
        return (x, basis);
    }

    /// <summary>a ∥ b (either sign, a zero vector being parallel to everything): equal lengths and every 2×2 minor
    /// a_i b_j − a_j b_i vanishes, exactly.</summary>
    public static bool Parallel(IReadOnlyList<Rational> a, IReadOnlyList<Rational> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++)
            for (int j = i + 1; j < a.Count; j++)
                if (a[i] * b[j] != a[j] * b[i]) return false;
        return true;
    }

    /// <summary>a = c·b for some rational c &gt; 0 (so neither is zero): parallel with a positive inner product.</summary>
    public static bool SameRay(IReadOnlyList<Rational> a, IReadOnlyList<Rational> b) => Parallel(a, b) && Dot(a, b).Sign > 0;

    public static Rational Dot(IReadOnlyList<Rational> a, IReadOnlyList<Rational> b)
    {
        var s = Rational.Zero;
        for (int i = 0; i < a.Count; i++) s += a[i] * b[i];
        return s;
    }
}
