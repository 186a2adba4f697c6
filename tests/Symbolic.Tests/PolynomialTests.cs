using Checker.Symbolic.Numbers;
using Checker.Symbolic.Polynomials;
using CsCheck;

namespace Checker.Symbolic.Tests;

public class PolynomialTests
{
    private static readonly PolynomialRing Ring = PolynomialRing.WithVariables(4);

    private static readonly Gen<Rational> GenCoef =
        Gen.Select(Gen.Int[-6, 6], Gen.Int[1, 5], (p, q) => new Rational(p, q));

    private static readonly Gen<Monomial> GenMonomial =
        Gen.Int[0, 3].Array[4].Select(e => Monomial.FromExponents(e));

    private static readonly Gen<Polynomial> GenPoly =
        Gen.Select(GenMonomial, GenCoef).Array[0, 6].Select(ts => Ring.FromTerms(ts.Select(t => (t.Item1, t.Item2))));

    private static readonly Gen<Rational[]> GenPoint = GenCoef.Array[4];

    [Fact]
    public void RingAxiomsHold() =>
        Gen.Select(GenPoly, GenPoly, GenPoly).Sample((a, b, c) =>
            a + b == b + a && a * b == b * a && (a + b) + c == a + (b + c) && (a * b) * c == a * (b * c)
            && a * (b + c) == a * b + a * c && a - a == Ring.Zero && a * Ring.One == a && a + Ring.Zero == a
            && -(-a) == a, iter: 300);

    [Fact]
    public void EqualPolynomialsPrintEqually() =>
        Gen.Select(GenPoly, GenPoly).Sample((a, b) =>
            (a * b + b).ToString() == (b + a * b).ToString() && (a * b).ToLatex() == (b * a).ToLatex()
            && (a + b).GetHashCode() == (b + a).GetHashCode(), iter: 200);

    [Fact]
    public void ProductRuleHolds() =>
        Gen.Select(GenPoly, GenPoly, Gen.Int[0, 3]).Sample((a, b, v) =>
            (a * b).Derivative(v) == a.Derivative(v) * b + a * b.Derivative(v), iter: 200);

    [Fact]
    public void EvaluationIsARingHomomorphism() =>
        Gen.Select(GenPoly, GenPoly, GenPoint).Sample((a, b, x) =>
            (a * b).Evaluate(x) == a.Evaluate(x) * b.Evaluate(x) && (a - b).Evaluate(x) == a.Evaluate(x) - b.Evaluate(x),
            iter: 200);

    [Fact]
    public void SubstitutionAgreesWithEvaluation() =>
        Gen.Select(GenPoly, GenPoly, Gen.Int[0, 3], GenPoint).Sample((a, q, v, x) =>
        {
            // a(x with x_v := q(x)) = (a[x_v := q])(x)
            var shifted = (Rational[])x.Clone();
            shifted[v] = q.Evaluate(x);
            return a.Substitute(v, q).Evaluate(x) == a.Evaluate(shifted);
        }, iter: 200);

    [Fact]
    public void PowerIsRepeatedProduct() =>
        Gen.Select(GenPoly, Gen.Int[0, 4]).Sample((a, e) =>
        {
            var r = Ring.One;
            for (int k = 0; k < e; k++) r *= a;
            return a.Pow(e) == r;
        }, iter: 100);

    [Fact]
    public void RingSubstitutionComposesWithEvaluation() =>
        Gen.Select(GenPoly, SmallPoly.Array[4], GenPoint).Sample((a, images, x) =>
            a.Substitute(Ring, images).Evaluate(x) == a.Evaluate(images.Select(p => p.Evaluate(x)).ToArray()), iter: 60);

    // Images of at most 3 terms keep a^(degree ≤ 12) substitutions small.
    private static readonly Gen<Polynomial> SmallPoly =
        Gen.Select(GenMonomial, GenCoef).Array[0, 3].Select(ts => Ring.FromTerms(ts.Select(t => (t.Item1, t.Item2))));

    [Fact]
    public void HomogeneityIsDetectedExactly()
    {
        Gen.Select(GenPoly, GenCoef, GenPoint).Sample((a, c, x) =>
        {
            // Keep only the top-degree part: homogeneous, so a(c·x) = c^deg a(x).
            int d = a.TotalDegree;
            var top = Ring.FromTerms(a.Terms.Where(t => t.Monomial.Degree == d));
            bool homogeneous = top.IsHomogeneous(out int deg);
            if (top.IsZero) return homogeneous;
            return homogeneous && deg == d && top.Evaluate(x.Select(v => c * v).ToArray()) == c.Pow(d) * top.Evaluate(x);
        }, iter: 100);
        var x0 = Ring.Variable(0);
        Assert.False((x0 * x0 + x0).IsHomogeneous(out _));
        Assert.True((x0 * Ring.Variable(1)).IsHomogeneousIn(v => v == 1, 1));
    }

    [Fact]
    public void CanonicalOrderIsGradedLexicographic()
    {
        var r = new PolynomialRing(["x", "y", "z"], [@"\xi", @"\upsilon", @"\zeta"]);
        var (x, y, z) = (r.Variable(0), r.Variable(1), r.Variable(2));
        var p = z + y * y - r.Constant(new Rational(1, 2)) * x * z + x.Pow(3) + r.Constant(7) + x * y;
        // degree 3 first, then degree 2 by lex (x·y > x·z > y²), then degree 1, then the constant.
        Assert.Equal("x^3 + x*y - 1/2*x*z + y^2 + z + 7", p.ToString());
        Assert.Equal(@"\xi^{3} + \xi \upsilon - \frac{1}{2} \xi \zeta + \upsilon^{2} + \zeta + 7", p.ToLatex());
        Assert.Equal(3, p.TotalDegree);
        Assert.Equal(new Rational(-1, 2), p.Coefficient(Monomial.FromExponents([1, 0, 1])));
    }

    [Fact]
    public void DifferentRingsDoNotMix()
    {
        var other = PolynomialRing.WithVariables(4);
        Assert.Throws<ArgumentException>(() => Ring.Variable(0) + other.Variable(0));
    }
}
