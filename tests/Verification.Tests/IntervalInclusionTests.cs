using System.Numerics;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.FullNetwork;

namespace Checker.Verification.Tests;

/// <summary>
/// Issue 15: the interval layer under every Krawczyk proof. A Krawczyk "unique zero" needs K(X) inside X on BOTH
/// sides in EVERY coordinate; images that overlap X and stick out on one side only must stay inconclusive, and the
/// enclosures themselves must contain the exact value (outward rounding on the correct side).
/// </summary>
public class IntervalInclusionTests
{
    private static Interval P(long num, long den = 1) => Interval.FromRational(new Rational(num, den));
    private static Interval I(long loNum, long loDen, long hiNum, long hiDen) => Interval.Hull(P(loNum, loDen), P(hiNum, hiDen));
    private static BigInteger Scaled(long num, long den) => (new BigInteger(num) << Interval.Bits) / den;

    // f(x) = x² − 2, f'(x) = 2x.
    private static Interval[] F(Interval[] x) => [x[0] * x[0] - P(2)];
    private static Interval[,] J(Interval[] x) => new[,] { { P(2) * x[0] } };

    [Fact]
    public void Krawczyk_image_sticking_out_above_is_inconclusive()
    {
        // X = [1/2, 7/5] has no zero of x² − 2 (√2 ≈ 1.414 > 1.4), K(X) ≈ [1.31, 1.74] overlaps X and leaves it above.
        var r = KrawczykTest.Run(F, J, [P(19, 20)], Scaled(9, 20));
        Assert.Equal(KrawczykVerdict.Inconclusive, r.Verdict);
        Assert.True(r.K![0].Lo > r.Box[0].Lo && r.K[0].Hi > r.Box[0].Hi, r.K[0].ToString());
        Assert.False(r.K[0].Disjoint(r.Box[0]));
        Assert.Contains("1 of 1", r.Detail);
    }

    [Fact]
    public void Krawczyk_image_sticking_out_below_is_inconclusive()
    {
        // The mirror image: X = [−7/5, −1/2], K(X) ≈ [−1.74, −1.31].
        var r = KrawczykTest.Run(F, J, [P(-19, 20)], Scaled(9, 20));
        Assert.Equal(KrawczykVerdict.Inconclusive, r.Verdict);
        Assert.True(r.K![0].Lo < r.Box[0].Lo && r.K[0].Hi < r.Box[0].Hi, r.K[0].ToString());
    }

    [Fact]
    public void Krawczyk_needs_every_coordinate_inside()
    {
        // F(x, y) = (x² − 2, y − 1/3): y's image is a point inside, x's sticks out of [1/2, 7/5] on one side.
        Interval[] F2(Interval[] v) => [v[0] * v[0] - P(2), v[1] - P(1, 3)];
        Interval[,] J2(Interval[] v) => new[,] { { P(2) * v[0], Interval.Zero }, { Interval.Zero, Interval.One } };
        var r = KrawczykTest.Run(F2, J2, [P(19, 20), P(1, 3)], Scaled(9, 20));
        Assert.Equal(KrawczykVerdict.Inconclusive, r.Verdict);
        Assert.True(r.K![1].StrictlyInside(r.Box[1]));
        Assert.Contains("1 of 2", r.Detail);
        // Centred on the zero, both coordinates are inside: one zero, and it is (√2, 1/3).
        var ok = KrawczykTest.Run(F2, J2, [P(7, 5), P(1, 3)], Scaled(1, 10));
        Assert.Equal(KrawczykVerdict.UniqueZero, ok.Verdict);
        Assert.True(ok.K![0].Contains(new Rational(14142135, 10000000)) && ok.K[1].Contains(new Rational(1, 3)));
        // One coordinate disjoint is enough for "no zero", even if the other is inside.
        var none = KrawczykTest.Run(F2, J2, [P(3), P(1, 3)], Scaled(1, 2));
        Assert.Equal(KrawczykVerdict.NoZero, none.Verdict);
        Assert.Contains("∅", none.Detail);
    }

    [Fact]
    public void Krawczyk_counts_the_whole_box_around_the_centre_not_one_side()
    {
        // X = [91/64, 115/64] ≈ [1.422, 1.797] has no zero of x² − 2 (√2 ≈ 1.4142 is just below it). With Y = 1/sup J(X)
        // the factor I − Y·J(X) = [0, 0.21] is one-signed, so (I − YJ)(X − c) reaches below c − Y·F(c) ≈ 1.445 only
        // through the negative half of X − c: K(X) ≈ [1.406, 1.485] leaves X below, and the test must stay
        // inconclusive. Using only c + r (or only c − r) would put K(X) inside X and "prove" a zero that does not exist.
        var centre = P(103, 64);
        var r = KrawczykTest.Run(F, J, [centre], Scaled(3, 16), new[,] { { 1 / 3.59375 } });
        Assert.Equal(KrawczykVerdict.Inconclusive, r.Verdict);
        Assert.Equal(new Rational(91, 64), r.Box[0].Lo);
        Assert.Equal(new Rational(115, 64), r.Box[0].Hi);
        Assert.True(r.K![0].Lo < new Rational(1407, 1000) && r.K[0].Hi > new Rational(1484, 1000), r.K[0].ToString());
        Assert.Contains("K(X) ⊄ int X in 1 of 1", r.Detail);
        // The same preconditioner on a box that does hold √2 proves it, and the image encloses it.
        var ok = KrawczykTest.Run(F, J, [P(181, 128)], Scaled(1, 64), new[,] { { 1 / 2.859375 } });
        Assert.Equal(KrawczykVerdict.UniqueZero, ok.Verdict);
        Assert.Equal("K(X) ⊂ int X: exactly one zero in the box", ok.Detail);
        Assert.True(ok.K![0].Lo * ok.K[0].Lo < 2 && ok.K[0].Hi * ok.K[0].Hi > 2, ok.K[0].ToString());
        var none = KrawczykTest.Run(F, J, [P(3)], Scaled(1, 2));
        Assert.Equal(KrawczykVerdict.NoZero, none.Verdict);
        Assert.Equal("K(X) ∩ X = ∅: no zero in the box", none.Detail);
    }

    [Fact]
    public void Krawczyk_with_a_singular_jacobian_is_inconclusive()
    {
        Interval[] Flat(Interval[] x) => [x[0] - x[0] + P(1, 1000000)];
        Interval[,] Zero(Interval[] x) => new[,] { { Interval.Zero } };
        var r = KrawczykTest.Run(Flat, Zero, [P(0)], Scaled(1, 2));
        Assert.Equal(KrawczykVerdict.Inconclusive, r.Verdict);
        Assert.Null(r.K);
        Assert.Contains("singular", r.Detail);
    }

    [Fact]
    public void Strict_inclusion_fails_on_a_shared_endpoint_and_on_either_side()
    {
        var outer = I(0, 1, 1, 1);
        Assert.True(I(1, 4, 3, 4).StrictlyInside(outer));
        Assert.False(I(0, 1, 3, 4).StrictlyInside(outer));   // touches the lower end
        Assert.False(I(1, 4, 1, 1).StrictlyInside(outer));   // touches the upper end
        Assert.False(I(-1, 4, 3, 4).StrictlyInside(outer));  // out below only
        Assert.False(I(1, 4, 5, 4).StrictlyInside(outer));   // out above only
        Assert.False(I(-1, 4, 5, 4).StrictlyInside(outer));  // out on both sides
        Assert.False(outer.StrictlyInside(outer));
        Assert.True(P(1, 2).StrictlyInside(outer));
        Assert.False(P(0).StrictlyInside(outer));
    }

    [Fact]
    public void Disjointness_and_membership_at_the_endpoints()
    {
        var a = I(0, 1, 1, 1);
        Assert.False(a.Disjoint(I(1, 1, 2, 1)));   // share the point 1
        Assert.False(I(1, 1, 2, 1).Disjoint(a));
        Assert.True(a.Disjoint(I(3, 2, 2, 1)));
        Assert.True(I(3, 2, 2, 1).Disjoint(a));
        Assert.True(a.Disjoint(I(-2, 1, -1, 2)));
        Assert.False(a.Disjoint(I(-2, 1, 0, 1)));
        Assert.False(a.Disjoint(I(1, 4, 1, 2)));
        Assert.True(a.Contains(0) && a.Contains(1) && a.Contains(new Rational(1, 2)));
        Assert.False(a.Contains(new Rational(-1, 1000)) || a.Contains(new Rational(1001, 1000)));
    }

    [Fact]
    public void Signs_zero_and_points()
    {
        Assert.True(I(-1, 1, 1, 1).ContainsZero);
        Assert.True(I(0, 1, 1, 1).ContainsZero);
        Assert.True(I(-1, 1, 0, 1).ContainsZero);
        Assert.False(I(1, 8, 1, 1).ContainsZero);
        Assert.False(I(-1, 1, -1, 8).ContainsZero);
        Assert.Equal(1, I(1, 8, 1, 1).DefiniteSign);
        Assert.Equal(-1, I(-1, 1, -1, 8).DefiniteSign);
        Assert.Equal(0, I(0, 1, 1, 1).DefiniteSign);
        Assert.Equal(0, I(-1, 1, 0, 1).DefiniteSign);
        Assert.True(Interval.Zero.IsZero && Interval.Zero.IsPoint);
        Assert.False(P(1).IsZero);
        Assert.False(I(0, 1, 1, 1).IsZero);
        Assert.False(I(-1, 1, 0, 1).IsZero);
        Assert.True(P(3).IsPoint);
        Assert.False(I(0, 1, 1, 1).IsPoint);
        Assert.Equal(BigInteger.One << Interval.Bits, I(0, 1, 1, 1).WidthScaled);
        Assert.Equal(new Rational(1, 2), I(0, 1, 1, 1).Mid.Lo);
        Assert.Equal(new Rational(-3, 4), I(-1, 1, -1, 2).Mid.Hi);
        Assert.Throws<ArgumentException>(() => Interval.Scaled(BigInteger.One, BigInteger.Zero));
        Assert.Equal(P(2).LoScaled, Interval.Scaled(P(2).LoScaled, P(2).LoScaled).HiScaled);
        Assert.Equal(Interval.One.LoScaled, P(1).LoScaled);
        Assert.Equal(P(-7).LoScaled, Interval.FromInt(-7).LoScaled);
    }

    [Fact]
    public void Rationals_are_enclosed_tightly_and_from_the_correct_side()
    {
        foreach (var q in new[] { new Rational(1, 3), new Rational(-1, 3), new Rational(2, 7), new Rational(-22, 7) })
        {
            var x = Interval.FromRational(q);
            Assert.True(x.Lo < q && q < x.Hi, q.ToString());
            Assert.Equal(BigInteger.One, x.WidthScaled);
        }
        var exact = Interval.FromRational(new Rational(-3, 8));
        Assert.True(exact.IsPoint);
        Assert.Equal(new Rational(-3, 8), exact.Lo);
        Assert.Equal(new Rational(-13, 4), Interval.PointFromDouble(-3.25).Lo);
        Assert.Equal(new Rational(1, 1024), Interval.PointFromDouble(1.0 / 1024).Hi);
        Assert.Equal(new Rational(6, 1), Interval.PointFromDouble(6.0).Lo);
        Assert.True(Interval.PointFromDouble(0.0).IsZero);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => Interval.PointFromDouble(double.NaN)).Message);
        Assert.Throws<ArgumentException>(() => Interval.PointFromDouble(double.PositiveInfinity));
        Assert.Equal(-3.25, Interval.PointFromDouble(-3.25).ToDouble());
        Assert.Equal(0.5, I(0, 1, 1, 1).ToDouble());
        Assert.Equal(1.0 / 3, Interval.FromRational(new Rational(1, 3)).ToDouble(), 1e-15);
        // A subnormal double is still a grid point (rounded toward −∞ below 2^-256).
        Assert.True(Interval.PointFromDouble(double.Epsilon).IsZero);
    }

    [Fact]
    public void Arithmetic_encloses_the_exact_results()
    {
        var a = I(-1, 2, 3, 1);   // [−1/2, 3]
        var b = I(-2, 1, -1, 3);  // [−2, −1/3]
        AssertHull(a + b, new Rational(-5, 2), new Rational(8, 3));
        AssertHull(a - b, new Rational(-1, 6), 5);
        AssertHull(-a, -3, new Rational(1, 2));
        AssertHull(a * b, -6, 1);
        AssertHull(b * a, -6, 1);
        AssertHull(b * b, new Rational(1, 9), 4);
        AssertHull(I(1, 2, 3, 1) * I(2, 1, 5, 1), 1, 15);
        AssertHull(I(-3, 1, -1, 2) * I(-5, 1, -2, 1), 1, 15);
        AssertHull(I(-3, 1, 2, 1) * I(-5, 1, 4, 1), -12, 15);
        Assert.True((a * Interval.Zero).IsZero && (Interval.Zero * a).IsZero);
        AssertHull(P(3, 2) * P(-2, 3), -1, -1);
        var third = P(1, 3) * P(3);
        Assert.True(third.Contains(1) && third.WidthScaled <= 4);
        AssertHull(b.Reciprocal(), -3, new Rational(-1, 2));
        AssertHull(I(1, 4, 2, 1).Reciprocal(), new Rational(1, 2), 4);
        Assert.Contains("contains 0", Assert.Throws<DivideByZeroException>(() => a.Reciprocal()).Message);
        Assert.Throws<DivideByZeroException>(() => I(0, 1, 1, 1).Reciprocal());
        AssertHull(P(1) / P(3), new Rational(1, 3), new Rational(1, 3), strictOutside: true);
        AssertHull(P(-1) / P(3), new Rational(-1, 3), new Rational(-1, 3), strictOutside: true);
        AssertHull(I(1, 1, 2, 1) / I(-4, 1, -2, 1), -1, new Rational(-1, 4));
    }

    [Fact]
    public void Powers_and_activation_enclosures()
    {
        var z = I(-2, 1, 1, 1);
        AssertHull(z.Pow(0), 1, 1);
        AssertHull(z.Pow(1), -2, 1);
        AssertHull(z.Pow(2), 0, 4);
        var cube = z.Pow(3); // the naive product [−2, 4]·[−2, 1] encloses the range [−8, 1]
        Assert.True(cube.Lo <= -8 && 1 <= cube.Hi);
        AssertHull(I(1, 2, 2, 1).Pow(2), new Rational(1, 4), 4);
        AssertHull(I(-2, 1, -1, 2).Pow(2), new Rational(1, 4), 4);
        AssertHull(I(-2, 1, -1, 2).Pow(3), -8, new Rational(-1, 8));
        var poly = new Activation(1, new Rational(1, 2), 2, "test");
        // σ(z) = z² (z ≥ 0), z²/2 (z < 0): σ' = 2z resp. z, σ'' = 2 resp. 1, σ''' = 0.
        AssertHull(Interval.Sigma(I(1, 2, 1, 1), poly, 0), new Rational(1, 4), 1);
        AssertHull(Interval.Sigma(I(-2, 1, -1, 1), poly, 0), new Rational(1, 2), 2);
        AssertHull(Interval.Sigma(I(-2, 1, -1, 1), poly, 1), -2, -1);
        AssertHull(Interval.Sigma(I(1, 1, 3, 1), poly, 1), 2, 6);
        AssertHull(Interval.Sigma(z, poly, 0), 0, 2);
        AssertHull(Interval.Sigma(z, poly, 1), -2, 2);
        AssertHull(Interval.Sigma(z, poly, 2), 1, 2);       // both one-sided second derivatives
        AssertHull(Interval.Sigma(I(0, 1, 1, 1), poly, 2), 2, 2);
        Assert.True(Interval.Sigma(z, poly, 3).IsZero);
        // z ≤ 0 touching the kink: the enclosure still holds every Clarke value at 0, i.e. both one-sided slopes.
        var leaky = new Activation(1, new Rational(1, 10), 1, "leaky");
        AssertHull(Interval.Sigma(I(-1, 1, 0, 1), leaky, 1), new Rational(1, 10), 1);
        AssertHull(Interval.Sigma(I(-1, 1, 0, 1), poly, 2), 1, 2);
        AssertHull(Interval.Sigma(I(-1, 1, -1, 2), leaky, 1), new Rational(1, 10), new Rational(1, 10));
        var relu = Activation.Relu;
        AssertHull(Interval.Sigma(z, relu, 1), 0, 1);
        AssertHull(Interval.Sigma(I(-2, 1, -1, 1), relu, 0), 0, 0);
        AssertHull(Interval.Sigma(I(1, 1, 2, 1), relu, 0), 1, 2);
    }

    [Fact]
    public void Proven_decimals_stop_where_the_endpoints_disagree()
    {
        Assert.Equal("0", Interval.Zero.ProvenDecimal());
        Assert.Equal("0.33333…", Interval.Hull(P(333331, 1000000), P(333338, 1000000)).ProvenDecimal());
        Assert.Equal("-1.4142…", Interval.Hull(P(-141425, 100000), P(-141421, 100000)).ProvenDecimal());
        Assert.Equal("2.5…", P(5, 2).ProvenDecimal(1));
        Assert.Equal("0.25…", P(1, 4).ProvenDecimal(2));
        Assert.Equal("0.062…", P(1, 16).ProvenDecimal(3));
        Assert.Equal("0.0…", P(1, 20).ProvenDecimal(2)); // 1/20 is not dyadic: its enclosure straddles 0.05
        Assert.Equal("7…", I(71, 10, 79, 10).ProvenDecimal());
        Assert.StartsWith("[", I(-1, 10, 1, 10).ProvenDecimal());
        Assert.StartsWith("[", I(9, 10, 11, 10).ProvenDecimal()); // not even the integer part is shared
        Assert.Equal("[0.5, 0.75]", I(1, 2, 3, 4).ToString());
    }

    private static void AssertHull(Interval x, Rational lo, Rational hi, bool strictOutside = false)
    {
        // Contains the exact range, and is at most a few grid steps wider (outward rounding, never a sloppy bound).
        Assert.True(x.Lo <= lo && hi <= x.Hi, $"{x} does not contain [{lo}, {hi}]");
        var slack = new Rational(8, 1) / new Rational(BigInteger.One << Interval.Bits);
        Assert.True(lo - x.Lo <= slack && x.Hi - hi <= slack, $"{x} is wider than [{lo}, {hi}]");
        if (strictOutside) Assert.True(x.Lo < lo && hi < x.Hi, $"{x} should round outward around {lo}");
    }
}
