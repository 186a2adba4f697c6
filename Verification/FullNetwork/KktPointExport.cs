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
/// square of a rational, u is rational and written exactly; otherwise s_l is rounded down to
/// <see cref="Digits"/> decimals, which moves every entry by less than 10^−Digits·|v_j| and so the point by less than
/// 10^−Digits·‖v‖, and the exact certificate v is written next to it. A Krawczyk-certified point (p ≥ 2) has no rational
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
        var unit = new Rational(BigInteger.One, BigInteger.Pow(10, Digits));
        var approx = Scale(v, l => scales[l] ?? RootFloor(squares[l]));
        // ‖v‖ ≤ ⌈√‖v‖²⌉, an integer: the bound stays a short exact number.
        var normBound = SqrtDecimal.ISqrt(BigInteger.Divide(v.NormSquared().Numerator, v.NormSquared().Denominator)) + 1;
        return
        [
            new ExportedPoint(ExportKind.Approximation, approx,
                $"a rational point near the certified KKT point u, whose layer scales √(d_l/(Λ‖W_l‖²)) are irrational: each scale rounded down to {Digits} decimals", $"{normBound}e-{Digits} (Euclidean)"),
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

    /// <summary>√q rounded down to <see cref="Digits"/> decimals, exactly: ⌊√(q·10^(2·Digits))⌋ / 10^Digits.</summary>
    private static Rational RootFloor(Rational q)
    {
        var scaled = q * new Rational(BigInteger.Pow(10, 2 * Digits));
        return new Rational(SqrtDecimal.ISqrt(BigInteger.Divide(scaled.Numerator, scaled.Denominator)), BigInteger.Pow(10, Digits));
    }
}
