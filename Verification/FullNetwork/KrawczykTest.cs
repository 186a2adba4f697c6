using System.Numerics;

namespace Checker.Verification.FullNetwork;

public enum KrawczykVerdict { UniqueZero, NoZero, Inconclusive }

/// <summary>The outcome of one Krawczyk test on the box <see cref="Box"/>; <see cref="K"/> is the Krawczyk image.</summary>
public sealed record KrawczykResult(KrawczykVerdict Verdict, Interval[] Box, Interval[]? K, string Detail);

/// <summary>
/// The Krawczyk test (Krawczyk 1969; Moore, Kearfott, Cloud, <i>Introduction to Interval Analysis</i>, §8.2): for a box
/// X with centre c, a point matrix Y and an enclosure J(X) of the Jacobian of F over X (Clarke-generalised where F is
/// only Lipschitz, which the interval hull covers),
/// <c>K(X) = c − Y·F(c) + (I − Y·J(X))·(X − c)</c>.
/// If K(X) ⊂ int X, F has exactly one zero in X; if K(X) ∩ X = ∅, none. All of it in <see cref="Interval"/> arithmetic
/// with outward rounding, so the verdict is a proof; Y (the inverse of the double Jacobian at c) only needs to be some
/// matrix, which is why a double computation is allowed to produce it.
/// </summary>
public static class KrawczykTest
{
    /// <param name="f">F at a point (an interval enclosure of F(c)).</param>
    /// <param name="jacobian">An enclosure of the Jacobian of F over a box.</param>
    /// <param name="centre">Point intervals.</param>
    /// <param name="radiusScaled">Half-width of the box in every coordinate, in units of 2^-<see cref="Interval.Bits"/>.</param>
    /// <param name="preconditioner">Y; when null, the inverse of the midpoint of J(X) in doubles.</param>
    public static KrawczykResult Run(Func<Interval[], Interval[]> f, Func<Interval[], Interval[,]> jacobian, Interval[] centre, BigInteger radiusScaled, double[,]? preconditioner = null)
    {
        int m = centre.Length;
        var box = centre.Select(c => Interval.Scaled(c.LoScaled - radiusScaled, c.HiScaled + radiusScaled)).ToArray();
        var J = jacobian(box);
        var yd = preconditioner;
        if (yd is null)
        {
            var mid = new double[m, m];
            for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) mid[i, j] = J[i, j].ToDouble();
            yd = DenseDouble.Inverse(mid, out var ratio);
            if (yd is null) return new KrawczykResult(KrawczykVerdict.Inconclusive, box, null, $"the Jacobian is numerically singular (pivot ratio {ratio:G2}): a continuum of zeros or an unremoved symmetry");
        }
        var Y = new Interval[m, m];
        for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) Y[i, j] = Interval.PointFromDouble(yd[i, j]);
        var fc = f(centre);
        var dx = Interval.Scaled(-radiusScaled, radiusScaled);
        var K = new Interval[m];
        for (int i = 0; i < m; i++)
        {
            var yf = Interval.Zero;
            for (int j = 0; j < m; j++) yf += Y[i, j] * fc[j];
            var sum = Interval.Zero;
            for (int j = 0; j < m; j++)
            {
                // (I − Y J)_{ij}
                var yj = Interval.Zero;
                for (int k = 0; k < m; k++) yj += Y[i, k] * J[k, j];
                var mij = (i == j ? Interval.One : Interval.Zero) - yj;
                sum += mij * dx;
            }
            K[i] = centre[i] - yf + sum;
        }
        if (K.Zip(box).Any(p => p.First.Disjoint(p.Second)))
            return new KrawczykResult(KrawczykVerdict.NoZero, box, K, "K(X) ∩ X = ∅: no zero in the box");
        int outside = K.Zip(box).Count(p => !p.First.StrictlyInside(p.Second));
        if (outside == 0) return new KrawczykResult(KrawczykVerdict.UniqueZero, box, K, "K(X) ⊂ int X: exactly one zero in the box");
        return new KrawczykResult(KrawczykVerdict.Inconclusive, box, K, $"K(X) ⊄ int X in {outside} of {m} coordinates");
    }

    /// <summary>A better centre: a few simplified Newton steps c ← mid(c − Y·F(c)) in interval arithmetic, each followed by
    /// <paramref name="project"/> (e.g. a symmetrisation). Any centre is sound; this only lets a small box succeed.</summary>
    public static Interval[] RefineCentre(Func<Interval[], Interval[]> f, double[,] y, Interval[] centre, Func<Interval[], Interval[]> project, int iterations, CancellationToken ct)
    {
        int m = centre.Length;
        var Yi = new Interval[m, m];
        for (int r = 0; r < m; r++) for (int c = 0; c < m; c++) Yi[r, c] = Interval.PointFromDouble(y[r, c]);
        var c0 = project(centre);
        for (int it = 0; it < iterations; it++)
        {
            ct.ThrowIfCancellationRequested();
            var fc = f(c0);
            var next = new Interval[m];
            for (int r = 0; r < m; r++)
            {
                var acc = Interval.Zero;
                for (int c = 0; c < m; c++) acc += Yi[r, c] * fc[c];
                next[r] = (c0[r] - acc).Mid;
            }
            c0 = project(next);
        }
        return c0;
    }

    /// <summary>K(X) ∩ X of a successful test: a smaller box that still holds the unique zero.</summary>
    public static Interval[] Tightened(KrawczykResult r) =>
        r.K!.Zip(r.Box, (k, b) => Interval.Scaled(BigInteger.Max(k.LoScaled, b.LoScaled), BigInteger.Min(k.HiScaled, b.HiScaled))).ToArray();
}
