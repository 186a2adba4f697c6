using System.Numerics;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;

namespace Checker.Verification.FullNetwork;

/// <summary>How a written point relates to the certified KKT point u.</summary>
public enum ExportKind
{
    /// <summary>The KKT point u itself, exactly (rational, ‖u‖ = 1).</summary>
    Exact,
    /// <summary>A rational point within a stated distance of an irrational u (the normalising scales are square roots).</summary>
    Approximation,
    /// <summary>The exact centre of the Krawczyk box that provably holds exactly one KKT point (p ≥ 2, algebraic u).</summary>
    BoxCentre,
    /// <summary>The exact rational certificate v (∇_{W_l}N(v) = μ_l W_l): u is v with layer l scaled by √|μ_l|, normalised.</summary>
    Unnormalised,
}

/// <summary>One weight point to write for a certified KKT point, with what it is and how far from u it may be.</summary>
public sealed record ExportedPoint(ExportKind Kind, WeightPoint Point, string Note, string? DistanceBound);

/// <summary>
/// `kkt --out DIR`: every certified KKT point as weight points with exact rational entries. A rational certificate v
/// gives u by scaling layer l by s_l = √(d_l/(Λ‖W_l‖²)) (N ≠ 0; u = v/‖v‖ when N = 0). When every s_l² is the
/// square of a rational, u is rational and written exactly; otherwise s_l is rounded down to <see cref="Digits"/>
/// significant digits, which moves the point by at most the largest relative rounding of a scale (reported, at most
/// 10^−(Digits−2) since ‖u‖ = 1), and the exact certificate v is written next to it. A Krawczyk-certified point (p ≥ 2) has no rational
/// form: the exact centre of its certified box is written, and the box radius bounds the distance per entry.
/// </summary>
public static class KktPointExport
{
    public const int Digits = 40;

    public static IReadOnlyList<ExportedPoint> For(FullNetworkKktPoint p)
    {
        if (!p.Certified) return [];
        if (p.Enclosure is { } e)
        {
            var centre = e.Weights.Select(w => (w.Lo + w.Hi) / 2).ToArray();
            return [new ExportedPoint(ExportKind.BoxCentre, new WeightPoint(e.Network, centre),
                $"centre of the Krawczyk box (radius {e.Radius} per entry) that holds exactly one KKT point; u is algebraic, not rational", $"{e.Radius} per entry")];
        }
        if (p.Certificate is not { } c) return [];
        var v = c.Point;
        var net = v.Network;
        var scales = new Rational?[net.Depth + 1];
        var squares = new Rational[net.Depth + 1];
        for (int l = 1; l <= net.Depth; l++)
        {
            squares[l] = c.Sign == 0
                ? Rational.One / v.NormSquared()
                : new Rational(net.LayerDegree(l)) / (new Rational(net.Degree) * v.LayerNormSquared(l));
            scales[l] = ExactRoot(squares[l]);
        }
        if (scales.Skip(1).All(s => s is not null))
            return [new ExportedPoint(ExportKind.Exact, Scale(v, l => scales[l]!.Value), "the certified KKT point u exactly (‖u‖ = 1)", null)];
        // ũ_l = (s̃_l/s_l)·u_l with 0 ≤ 1 − s̃_l/s_l ≤ 10^−k_l/s̃_l, and ‖u‖ = 1: ‖u − ũ‖ ≤ max_l 10^−k_l/s̃_l.
        var relative = Rational.Zero;
        var rounded = new Rational[net.Depth + 1];
        for (int l = 1; l <= net.Depth; l++)
        {
            if (scales[l] is { } exact) { rounded[l] = exact; continue; }
            var (root, step) = RootFloor(squares[l]);
            rounded[l] = root;
            relative = Rational.Max(relative, step / root);
        }
        var approx = Scale(v, l => rounded[l]);
        var bound = new Rational(BigInteger.One, BigInteger.Pow(10, Digits - 2));
        string distance = relative <= bound ? $"1e-{Digits - 2} (Euclidean, ‖u‖ = 1)" : $"{relative.ToDecimalString(3)} (Euclidean, ‖u‖ = 1)";
        return
        [
            new ExportedPoint(ExportKind.Approximation, approx,
                $"a rational point near the certified KKT point u, whose layer scales √(d_l/(Λ‖W_l‖²)) are irrational: each scale rounded down to {Digits} significant digits", distance),
            new ExportedPoint(ExportKind.Unnormalised, v,
                "the exact rational certificate v: ∇_(W_l)N(v) = μ_l W_l for every layer; u is v with layer l scaled by √|μ_l|, normalised", null),
        ];
    }

    private static WeightPoint Scale(WeightPoint v, Func<int, Rational> scale)
    {
        var net = v.Network;
        var flat = (Rational[])v.Flat.Clone();
        for (int l = 1; l <= net.Depth; l++)
        {
            var (r, cc) = net.Shape(l);
            var s = scale(l);
            for (int k = 0; k < r * cc; k++) flat[net.Offset(l) + k] *= s;
        }
        return new WeightPoint(net, flat);
    }

    /// <summary>√q when q ≥ 0 is the square of a rational, else null.</summary>
    public static Rational? ExactRoot(Rational q)
    {
        if (q.Sign < 0) return null;
        var n = SqrtDecimal.ISqrt(q.Numerator);
        var d = SqrtDecimal.ISqrt(q.Denominator);
        return n * n == q.Numerator && d * d == q.Denominator ? new Rational(n, d) : null;
    }

    /// <summary>√q (q &gt; 0) rounded down to a multiple of 10^−k with k chosen for at least <see cref="Digits"/> significant
    /// digits — the scales are tiny when the certificate's entries are huge, so a fixed number of decimals is not enough:
    /// ⌊√(q·10^(2k))⌋ / 10^k, and the step 10^−k.</summary>
    private static (Rational Root, Rational Step) RootFloor(Rational q)
    {
        int magnitude = (int)Math.Floor((BigInteger.Log10(q.Numerator) - BigInteger.Log10(q.Denominator)) / 2);
        int k = Math.Max(Digits, Digits + 1 - magnitude);
        var scaled = q * new Rational(BigInteger.Pow(10, 2 * k));
        var den = BigInteger.Pow(10, k);
        return (new Rational(SqrtDecimal.ISqrt(BigInteger.Divide(scaled.Numerator, scaled.Denominator)), den), new Rational(BigInteger.One, den));
    }
}
