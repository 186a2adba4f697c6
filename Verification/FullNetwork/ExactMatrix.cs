using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>Small exact linear algebra over <see cref="Rational"/> for classifying certified KKT points.</summary>
public static class ExactMatrix
{
    /// <summary>Rank by Gaussian elimination (exact, so no tolerance is involved).</summary>
    public static int Rank(Rational[,] m)
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
        var a = (Rational[,])m.Clone();
        int rank = 0;
        for (int c = 0; c < cols && rank < rows; c++)
        {
            int pivot = -1;
            for (int r = rank; r < rows; r++) if (!a[r, c].IsZero) { pivot = r; break; }
            if (pivot < 0) continue;
            for (int k = 0; k < cols; k++) (a[rank, k], a[pivot, k]) = (a[pivot, k], a[rank, k]);
            for (int r = rank + 1; r < rows; r++)
            {
                if (a[r, c].IsZero) continue;
                var f = a[r, c] / a[rank, c];
                for (int k = c; k < cols; k++) a[r, k] -= f * a[rank, k];
            }
            rank++;
        }
        return rank;
    }

    /// <summary>For a rank-one matrix a bᵀ: a (a non-zero column) and b (the matching row), as primitive integer vectors.</summary>
    public static (Rational[] Left, Rational[] Right) RankOneFactors(Rational[,] m)
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                if (!m[i, j].IsZero)
                {
                    var col = Enumerable.Range(0, rows).Select(r => m[r, j]).ToArray();
                    var row = Enumerable.Range(0, cols).Select(c => m[i, c]).ToArray();
                    return (KktCertifier.Primitive(col), KktCertifier.Primitive(row));
                }
        return (new Rational[rows], new Rational[cols]);
    }

    /// <summary>Whether a and b are parallel (either sign), exactly: all 2×2 minors vanish.</summary>
    public static bool Parallel(Rational[] a, Rational[] b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            for (int j = i + 1; j < a.Length; j++)
                if (a[i] * b[j] != a[j] * b[i]) return false;
        return true;
    }
}
