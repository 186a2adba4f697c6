using Checker.Symbolic.Numbers;
using Checker.Verification.Clarke;

namespace Checker.Verification.Tests;

/// <summary>
/// The ε-polynomials along which the Clarke engine proves adjacency (docs/theory.md §2): a pre-activation along an arc
/// u + Σ ε^k v_k has the sign of its lowest non-zero coefficient for all small ε &gt; 0. Sums and products are checked
/// against hand expansions, and the sign against exact evaluation at a small ε.
/// </summary>
public class EpsilonPolynomialTests
{
    private static EpsilonPolynomial E(params long[] c) => new(c.Select(v => (Rational)v).ToArray());

    [Fact]
    public void Products_and_sums_expand_like_polynomials()
    {
        // (1 + 2ε)(3 − ε) = 3 + 5ε − 2ε²: the ε coefficient collects two products.
        var p = E(1, 2) * E(3, -1);
        Assert.Equal(new Rational[] { 3, 5, -2 }, Enumerable.Range(0, 3).Select(k => p[k]));
        Assert.Equal(2, p.Degree);
        // (ε − ε²)(2ε + ε² + ε³): 2ε² − ε³ + 0·ε⁴ − ε⁵.
        var q = E(0, 1, -1) * E(0, 2, 1, 1);
        Assert.Equal(new Rational[] { 0, 0, 2, -1, 0, -1 }, Enumerable.Range(0, 6).Select(k => q[k]));
        Assert.Equal(2, q.Order);
        Assert.Equal(5, q.Degree);
        // Sums of different lengths, cancellation trims the top, and a scalar multiple.
        var s = E(1, 2, 3) + E(-1, 0, -3);
        Assert.Equal(1, s.Degree);
        Assert.Equal(1, s.Order);
        Assert.Equal(new Rational(2), s[1]);
        Assert.Equal(Rational.Zero, s[7]);
        Assert.True((E(1, 1) + E(-1, -1)).IsZero);
        var t = new Rational(-3, 2) * E(2, 0, 4);
        Assert.Equal(new Rational[] { -3, 0, -6 }, Enumerable.Range(0, 3).Select(k => t[k]));
        Assert.True((Rational.Zero * E(1, 2)).IsZero);
        Assert.True((E(1, 2) * EpsilonPolynomial.Zero).IsZero);
        Assert.Equal("3 + 5·ε + -2·ε^2", p.ToString());
        Assert.Equal("0", EpsilonPolynomial.Zero.ToString());
    }

    [Fact]
    public void The_sign_for_small_epsilon_is_the_sign_of_the_lowest_coefficient()
    {
        var eps = new Rational(1, 1000000);
        foreach (var p in new[] { E(0, 0, -3, 1000), E(0, 5, -100000), E(-1, 999999), E(0, 0, 0, 2), E(7) })
        {
            var value = Rational.Zero;
            for (int k = 0; k <= p.Degree; k++) value += p[k] * eps.Pow(k);
            Assert.Equal(value.Sign, p.LeadingSign);
            Assert.NotEqual(0, p.LeadingSign);
        }
        Assert.Equal(0, EpsilonPolynomial.Zero.LeadingSign);
        Assert.Equal(-1, EpsilonPolynomial.Zero.Order);
        Assert.Equal(-1, E(0, 0, -3, 1000).LeadingSign);
        Assert.Equal(2, E(0, 0, -3, 1000).Order);
        var m = EpsilonPolynomial.Monomial(new Rational(-2, 3), 3);
        Assert.Equal(3, m.Order);
        Assert.Equal(3, m.Degree);
        Assert.Equal(new Rational(-2, 3), m[3]);
        Assert.Equal(Rational.Zero, m[1]);
        Assert.Equal(-1, m.LeadingSign);
        Assert.Equal(new Rational(5), EpsilonPolynomial.Constant(5)[0]);
        Assert.True(EpsilonPolynomial.Constant(0).IsZero);
    }
}
