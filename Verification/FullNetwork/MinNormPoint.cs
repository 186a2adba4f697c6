namespace Checker.Verification.FullNetwork;

/// <summary>
/// The point of smallest Euclidean norm in the convex hull of finitely many vectors, by Wolfe's algorithm (1976): a
/// corral S of affinely independent points, grown by the point most opposed to the current x and shrunk (minor cycles)
/// until the affine minimiser over S lies inside its hull. Used by <see cref="GradientSamplingAscent"/> for its
/// ε-Clarke direction; double arithmetic, numeric only.
/// </summary>
public static class MinNormPoint
{
    public static double[] Of(IReadOnlyList<double[]> points, int maxIterations = 500)
    {
        int m = points.Count, k = points[0].Length;
        var gram = new double[m, m];
        for (int a = 0; a < m; a++)
            for (int b = a; b < m; b++)
            {
                double s = 0;
                for (int j = 0; j < k; j++) s += points[a][j] * points[b][j];
                gram[a, b] = gram[b, a] = s;
            }
        double maxSq = 0;
        for (int a = 0; a < m; a++) maxSq = Math.Max(maxSq, gram[a, a]);
        if (maxSq == 0) return new double[k];
        int first = 0;
        for (int a = 1; a < m; a++) if (gram[a, a] < gram[first, first]) first = a;
        var corral = new List<int> { first };
        var lambda = new Dictionary<int, double> { [first] = 1 };
        for (int iter = 0; iter < maxIterations; iter++)
        {
            // x·P_j for every j, through the Gram matrix.
            int best = -1;
            double xx = 0, bestDot = double.PositiveInfinity;
            foreach (var a in corral) foreach (var b in corral) xx += lambda[a] * lambda[b] * gram[a, b];
            for (int j = 0; j < m; j++)
            {
                double dot = 0;
                foreach (var a in corral) dot += lambda[a] * gram[a, j];
                if (dot < bestDot) { bestDot = dot; best = j; }
            }
            if (xx - bestDot <= 1e-12 * maxSq || corral.Contains(best)) break;
            corral.Add(best);
            lambda[best] = 0;
            for (int minor = 0; minor < m + 2; minor++)
            {
                var alpha = AffineMinimiser(gram, corral, maxSq);
                if (alpha is null) { corral.Remove(best); lambda.Remove(best); goto done; }
                if (alpha.All(a => a > 1e-14)) { for (int q = 0; q < corral.Count; q++) lambda[corral[q]] = alpha[q]; break; }
                double theta = 1;
                for (int q = 0; q < corral.Count; q++)
                {
                    double l = lambda[corral[q]];
                    if (alpha[q] <= 1e-14 && l - alpha[q] > 0) theta = Math.Min(theta, l / (l - alpha[q]));
                }
                for (int q = 0; q < corral.Count; q++) lambda[corral[q]] = (1 - theta) * lambda[corral[q]] + theta * alpha[q];
                foreach (var q in corral.Where(q => lambda[q] <= 1e-14).ToList()) { corral.Remove(q); lambda.Remove(q); }
                double total = corral.Sum(q => lambda[q]);
                foreach (var q in corral) lambda[q] /= total;
            }
        }
        done:
        var x = new double[k];
        foreach (var a in corral) for (int j = 0; j < k; j++) x[j] += lambda[a] * points[a][j];
        return x;
    }

    /// <summary>Weights α (Σα = 1) of the point of least norm on the affine hull of the corral: [G 1; 1ᵀ 0][α; μ] = [0; 1].
    /// Null when the system is singular (the corral is affinely dependent to working precision).</summary>
    private static double[]? AffineMinimiser(double[,] gram, List<int> corral, double scale)
    {
        int s = corral.Count, dim = s + 1;
        var a = new double[dim, dim + 1];
        for (int r = 0; r < s; r++)
        {
            for (int c = 0; c < s; c++) a[r, c] = gram[corral[r], corral[c]];
            a[r, s] = 1;
            a[s, r] = 1;
        }
        a[s, dim] = 1;
        for (int c = 0; c < dim; c++)
        {
            int p = c;
            for (int r = c + 1; r < dim; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[p, c])) p = r;
            if (Math.Abs(a[p, c]) < 1e-13 * Math.Max(scale, 1e-300)) return null;
            for (int q = 0; q <= dim; q++) (a[c, q], a[p, q]) = (a[p, q], a[c, q]);
            for (int r = 0; r < dim; r++)
            {
                if (r == c || a[r, c] == 0) continue;
                double f = a[r, c] / a[c, c];
                for (int q = c; q <= dim; q++) a[r, q] -= f * a[c, q];
            }
        }
        var alpha = new double[s];
        for (int r = 0; r < s; r++) alpha[r] = a[r, dim] / a[r, r];
        return alpha.All(double.IsFinite) ? alpha : null;
    }
}
