namespace Checker.Verification.FullNetwork;

/// <summary>Small dense double linear algebra for the Newton polish and the Krawczyk preconditioner. Neither needs to
/// be accurate for soundness: the preconditioner may be any matrix, the centre any point.</summary>
internal static class DenseDouble
{
    /// <summary>Inverse by Gauss–Jordan with partial pivoting; null when a pivot is below 1e-12 of the largest entry
    /// (numerically singular: a continuum or a symmetry the support did not remove).</summary>
    public static double[,]? Inverse(double[,] a, out double smallestPivotRatio)
    {
        int n = a.GetLength(0);
        var m = new double[n, 2 * n];
        double max = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) { m[i, j] = a[i, j]; max = Math.Max(max, Math.Abs(a[i, j])); }
            m[i, n + i] = 1;
        }
        smallestPivotRatio = double.PositiveInfinity;
        if (max == 0 || !double.IsFinite(max)) { smallestPivotRatio = 0; return null; }
        for (int c = 0; c < n; c++)
        {
            int p = c;
            for (int r = c + 1; r < n; r++) if (Math.Abs(m[r, c]) > Math.Abs(m[p, c])) p = r;
            double piv = m[p, c];
            smallestPivotRatio = Math.Min(smallestPivotRatio, Math.Abs(piv) / max);
            if (Math.Abs(piv) <= 1e-12 * max) return null;
            if (p != c) for (int k = 0; k < 2 * n; k++) (m[c, k], m[p, k]) = (m[p, k], m[c, k]);
            for (int k = 0; k < 2 * n; k++) m[c, k] /= piv;
            for (int r = 0; r < n; r++)
            {
                if (r == c || m[r, c] == 0) continue;
                double f = m[r, c];
                for (int k = 0; k < 2 * n; k++) m[r, k] -= f * m[c, k];
            }
        }
        var inv = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) inv[i, j] = m[i, n + j];
        return inv;
    }

    public static double[] Multiply(double[,] a, double[] x)
    {
        int n = a.GetLength(0);
        var y = new double[n];
        for (int i = 0; i < n; i++) { double s = 0; for (int j = 0; j < x.Length; j++) s += a[i, j] * x[j]; y[i] = s; }
        return y;
    }
}
