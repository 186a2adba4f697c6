using System.Numerics;
using Checker.Symbolic.Numbers;
using CsCheck;

namespace Checker.Symbolic.Tests;

public class RationalTests
{
    private static readonly Gen<Rational> GenRational =
        Gen.Select(Gen.Long[-1_000_000, 1_000_000], Gen.Long[1, 1_000_000], (p, q) => new Rational(p, q));

    [Fact]
    public void FieldLawsHold() =>
        Gen.Select(GenRational, GenRational, GenRational).Sample((a, b, c) =>
            a + b == b + a && a * b == b * a && (a + b) + c == a + (b + c) && (a * b) * c == a * (b * c)
            && a * (b + c) == a * b + a * c && a - a == Rational.Zero && (a.IsZero || a / a == Rational.One));

    [Fact]
    public void OrderAgreesWithDoubles() =>
        Gen.Select(GenRational, GenRational).Sample((a, b) => a.CompareTo(b) == a.ToDouble().CompareTo(b.ToDouble()) || Math.Abs(a.ToDouble() - b.ToDouble()) < 1e-9);

    [Theory]
    [InlineData("3/7", 3, 7)]
    [InlineData("-2", -2, 1)]
    [InlineData("0.125", 1, 8)]
    [InlineData("0.1", 1, 10)]
    [InlineData("6/-4", -3, 2)]
    [InlineData("1e-3", 1, 1000)]
    [InlineData("-1.5E2", -150, 1)]
    [InlineData("0.5/0.25", 2, 1)]
    public void ParsesExactly(string text, long p, long q)
    {
        var r = Rational.Parse(text);
        Assert.Equal(new BigInteger(p), r.Numerator);
        Assert.Equal(new BigInteger(q), r.Denominator);
    }

    [Theory]
    [InlineData("1/0")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("1e99999")]
    public void RefusesNonRationals(string text) => Assert.False(Rational.TryParse(text, out _, out _));

    [Fact]
    public void DecimalStringHasRequestedDigits()
    {
        Assert.Equal("0.3333333333333333333333333333333333333333", new Rational(1, 3).ToDecimalString(40));
        Assert.Equal("-2.5", new Rational(-5, 2).ToDecimalString(40));
        Assert.Equal("0.6666666667", new Rational(2, 3).ToDecimalString(10));
        Assert.Equal("1000", new Rational(1000).ToDecimalString(40));
    }
}
