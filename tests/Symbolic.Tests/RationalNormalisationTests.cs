using System.Numerics;
using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Tests;

/// <summary>
/// Issue 15: single-edit bugs in <see cref="Rational"/> must fail a test. Every certificate and exact verdict rests on
/// this type, so each branch is pinned by a value whose answer differs under the usual one-token mutations (a sign flip
/// only on the denominator, &lt; for ≤, a skipped gcd, a fast path taken for non-integers, a truncation for a rounding).
/// </summary>
public class RationalNormalisationTests
{
    private static Rational Q(long p, long q) => new(p, q);

    private static void AssertNormal(Rational r, long p, long q)
    {
        Assert.Equal(new BigInteger(p), r.Numerator);
        Assert.Equal(new BigInteger(q), r.Denominator);
    }

    [Fact]
    public void A_negative_denominator_moves_its_sign_to_the_numerator()
    {
        var half = Q(1, -2);
        AssertNormal(half, -1, 2);
        Assert.Equal(-1, half.Sign);
        Assert.True(half < Rational.Zero);
        Assert.Equal(Q(-1, 2), half);
        Assert.Equal(Q(-1, 2).GetHashCode(), half.GetHashCode());
        Assert.Equal("-1/2", half.ToString());
        Assert.Equal(-0.5, half.ToDouble());
        Assert.Equal("-0.5", half.ToDecimalString());
        // Both negative: positive, and reduced.
        AssertNormal(Q(-3, -6), 1, 2);
        Assert.Equal(1, Q(-3, -6).Sign);
        AssertNormal(Q(4, -2), -2, 1);
        Assert.True(Q(4, -2).IsInteger);
        Assert.Equal("-2", Q(4, -2).ToString());
        // A negative denominator with zero numerator is plain zero.
        AssertNormal(Q(0, -5), 0, 1);
        Assert.Equal(Rational.Zero, Q(0, -5));
        Assert.Equal(Rational.Zero.GetHashCode(), Q(0, -5).GetHashCode());
        // Arithmetic on such a value agrees with the positive-denominator spelling.
        Assert.Equal(Rational.Zero, Q(1, -2) + Q(1, 2));
        Assert.Equal(Q(1, 4), Q(1, -2) * Q(-1, 2));
        Assert.True(Q(1, -3) < Q(1, -4));
    }

    [Fact]
    public void Construction_reduces_by_the_gcd_and_zero_has_denominator_one()
    {
        AssertNormal(Q(6, 4), 3, 2);
        AssertNormal(Q(-6, 4), -3, 2);
        AssertNormal(Q(7, 7), 1, 1);
        AssertNormal(Q(5, 1), 5, 1);
        AssertNormal(Q(3, 7), 3, 7);
        AssertNormal(Q(0, 7), 0, 1);
        Assert.Equal(Rational.Zero, Q(0, 7));
        Assert.Equal(Q(2, 4), Q(1, 2));
        Assert.Equal(Q(2, 4).GetHashCode(), Q(1, 2).GetHashCode());
        Assert.Throws<DivideByZeroException>(() => Q(1, 0));
        Assert.Throws<DivideByZeroException>(() => Q(0, 0));
        var d = default(Rational);
        Assert.Equal(BigInteger.One, d.Denominator);
        Assert.Equal(Rational.Zero, d);
        Assert.True(d.IsZero && d.IsInteger);
        AssertNormal(Rational.MinusOne, -1, 1);
        AssertNormal(Rational.One, 1, 1);
    }

    [Fact]
    public void Predicates_and_absolute_value()
    {
        Assert.Equal(1, Q(1, 3).Sign);
        Assert.Equal(0, Rational.Zero.Sign);
        Assert.Equal(-1, Q(-1, 3).Sign);
        Assert.True(Q(4, 2).IsInteger);
        Assert.False(Q(1, 2).IsInteger);
        Assert.False(Q(1, 2).IsZero);
        Assert.Equal(Q(2, 3), Q(-2, 3).Abs());
        Assert.Equal(Q(2, 3), Q(2, 3).Abs());
        Assert.Equal(Rational.Zero, Rational.Zero.Abs());
    }

    [Fact]
    public void Sums_and_differences_on_both_paths()
    {
        // Integer fast path.
        AssertNormal((Rational)3 + (Rational)(-5), -2, 1);
        AssertNormal((Rational)3 - (Rational)(-5), 8, 1);
        // General path: results reduced, integers recognised.
        AssertNormal(Q(1, 2) + Q(1, 2), 1, 1);
        AssertNormal(Q(1, 6) + Q(1, 3), 1, 2);
        AssertNormal(Q(1, 6) - Q(1, 3), -1, 6);
        AssertNormal(Q(3, 4) - Q(1, 4), 1, 2);
        AssertNormal(Q(1, 2) - Q(1, 2), 0, 1);
        AssertNormal((Rational)2 - Q(1, 3), 5, 3);
        AssertNormal(Q(1, 3) - 2, -5, 3);
        AssertNormal(Q(1, 3) + 2, 7, 3);
        AssertNormal(-Q(2, 5), -2, 5);
        AssertNormal(-Q(-2, 5), 2, 5);
        AssertNormal(-(Rational)0, 0, 1);
    }

    [Fact]
    public void Products_quotients_reciprocals_and_powers()
    {
        AssertNormal(Q(2, 3) * Q(3, 4), 1, 2);
        AssertNormal(Q(-2, 3) * Q(9, 4), -3, 2);
        AssertNormal(Q(4, 9) * Q(3, 8), 1, 6);
        AssertNormal(Q(5, 7) * Q(7, 5), 1, 1);
        AssertNormal((Rational)3 * (Rational)(-4), -12, 1);
        AssertNormal(Q(3, 5) * 0, 0, 1);
        AssertNormal((Rational)0 * Q(3, 5), 0, 1);
        AssertNormal(Q(1, 2) * 4, 2, 1);
        AssertNormal(Q(1, 2) / Q(-1, 3), -3, 2);
        AssertNormal(Q(3, 4) / Q(3, 8), 2, 1);
        Assert.Throws<DivideByZeroException>(() => Q(1, 2) / Rational.Zero);
        AssertNormal(Q(-2, 3).Reciprocal(), -3, 2);
        AssertNormal(Q(2, 3).Reciprocal(), 3, 2);
        AssertNormal(((Rational)(-5)).Reciprocal(), -1, 5);
        Assert.Throws<DivideByZeroException>(() => Rational.Zero.Reciprocal());
        AssertNormal(Q(-2, 3).Pow(3), -8, 27);
        AssertNormal(Q(-2, 3).Pow(2), 4, 9);
        AssertNormal(Q(-2, 3).Pow(0), 1, 1);
        AssertNormal(Q(-2, 3).Pow(1), -2, 3);
        AssertNormal(Q(2, 3).Pow(-2), 9, 4);
        AssertNormal(Q(-2, 3).Pow(-3), -27, 8);
    }

    [Fact]
    public void Order_is_strict_where_it_should_be_and_not_elsewhere()
    {
        var a = Q(1, 3);
        var b = Q(1, 2);
        var a2 = Q(2, 6);
        Assert.True(a < b); Assert.False(b < a); Assert.False(a < a2);
        Assert.True(b > a); Assert.False(a > b); Assert.False(a > a2);
        Assert.True(a <= b); Assert.True(a <= a2); Assert.False(b <= a);
        Assert.True(b >= a); Assert.True(a >= a2); Assert.False(a >= b);
        Assert.True(a == a2); Assert.False(a != a2); Assert.True(a != b); Assert.False(a == b);
        // Same denominator and different denominators, with signs.
        Assert.True(Q(-3, 7) < Q(2, 7));
        Assert.True(Q(3, 7).CompareTo(Q(2, 7)) > 0);
        Assert.True(Q(-1, 2).CompareTo(Q(-1, 3)) < 0);
        Assert.True(Q(-1, 3).CompareTo(Q(-1, 2)) > 0);
        Assert.Equal(0, Q(2, 4).CompareTo(Q(1, 2)));
        Assert.True(Q(5, 3).CompareTo(2) < 0);
        Assert.Equal(0, Q(1, 2).CompareTo((object)Q(1, 2)));
        Assert.Throws<ArgumentException>(() => Q(1, 2).CompareTo((object)"1/2"));
        Assert.Equal(a, Rational.Min(a, b)); Assert.Equal(a, Rational.Min(b, a));
        Assert.Equal(b, Rational.Max(a, b)); Assert.Equal(b, Rational.Max(b, a));
        Assert.Equal(Q(-1, 2), Rational.Min(Q(-1, 2), Q(-1, 3)));
        Assert.True(Q(1, 2).Equals((object)Q(2, 4)));
        Assert.False(Q(1, 2).Equals((object)0.5));
        Assert.False(Q(1, 2).Equals(Q(1, 3)));
        Assert.False(Q(1, 3).Equals(Q(2, 3)));
        Assert.NotEqual(Q(1, 2).GetHashCode(), Q(-1, 2).GetHashCode());
        var set = new HashSet<Rational> { Q(1, 2), Q(2, 4), Q(-1, -2), Q(1, 3) };
        Assert.Equal(2, set.Count);
    }

    [Theory]
    [InlineData(1, 3, 1.0 / 3)]
    [InlineData(-1, 3, -1.0 / 3)]
    [InlineData(7, 1, 7.0)]
    [InlineData(-7, 1, -7.0)]
    [InlineData(1, 1024, 1.0 / 1024)]
    [InlineData(22, 7, 22.0 / 7)]
    public void ToDouble_is_the_nearest_double(long p, long q, double expected) => Assert.Equal(expected, Q(p, q).ToDouble());

    [Fact]
    public void ToDouble_handles_huge_and_tiny_magnitudes()
    {
        var big = new Rational(BigInteger.Pow(10, 40), 3);
        Assert.Equal(1e40 / 3, big.ToDouble(), 1e-15 * 1e40);
        var tiny = new Rational(1, BigInteger.Pow(10, 40));
        Assert.Equal(1e-40, tiny.ToDouble(), 1e-55);
        var huge = new Rational(BigInteger.Pow(10, 80) + 1, 7);
        Assert.Equal(1e80 / 7, huge.ToDouble(), 1e66);
    }

    [Theory]
    [InlineData(1, 8, 2, "0.13")]     // half rounds away from zero
    [InlineData(-1, 8, 2, "-0.13")]
    [InlineData(1, 8, 3, "0.125")]
    [InlineData(9995, 10, 3, "1000")] // rounding carries into a new digit
    [InlineData(12345, 1, 2, "12000")]
    [InlineData(1234, 1000000, 2, "0.0012")]
    [InlineData(1, 1000, 5, "0.001")]
    [InlineData(100, 1, 5, "100")]
    [InlineData(1, 10, 40, "0.1")]
    [InlineData(10, 1, 1, "10")]
    [InlineData(99, 100, 1, "1")]
    [InlineData(2, 3, 1, "0.7")]
    [InlineData(0, 1, 5, "0")]
    [InlineData(15, 10, 1, "2")]
    [InlineData(25, 1, 1, "30")]
    public void Decimal_strings_round_half_away_from_zero(long p, long q, int digits, string expected) =>
        Assert.Equal(expected, Q(p, q).ToDecimalString(digits));

    [Fact]
    public void Decimal_strings_correct_an_exponent_estimate_that_doubles_cannot_resolve()
    {
        // 1 − 1/(3·10^21): log10 of numerator and denominator agree in double, so the first estimate of the decimal
        // exponent is 0 and must be corrected to −1, or one significant digit is lost.
        var t = BigInteger.Pow(10, 21) * 3;
        Assert.Equal("0.9999999999999999999996667", new Rational(t - 1, t).ToDecimalString(25));
        Assert.Equal("1.000000000000000000000333", new Rational(t + 1, t).ToDecimalString(25));
        Assert.Equal("-0.9999999999999999999996667", new Rational(1 - t, t).ToDecimalString(25));
    }

    [Fact]
    public void Decimal_strings_near_powers_of_ten_are_within_half_a_unit_of_the_last_digit()
    {
        // Values a hair above or below 10^k, where the double estimate of log10(num) − log10(den) may land on either
        // side of k (e.g. log10(1000) evaluates to 2.9999999999999996). Whatever the estimate, the string read back
        // must lie within half a unit in its last significant place of the exact value and have at most that many
        // significant digits: an exponent left one too low turns the rounding into a truncation and breaks the bound.
        int checkedCases = 0;
        foreach (int k in Enumerable.Range(-25, 51))
            foreach (var den in new[] { BigInteger.One, new BigInteger(3), BigInteger.Pow(7, 20), BigInteger.Pow(10, 19) * 3, BigInteger.Pow(2, 70) })
                foreach (int r in new[] { -7, -1, 0, 1, 7 })
                {
                    // x = 10^k + r/(10^4·den)·10^k·10^-18: a relative offset far below double precision.
                    var scale = BigInteger.Pow(10, 22);
                    var num = scale * den + r;
                    var x = k >= 0 ? new Rational(num * BigInteger.Pow(10, k), scale * den) : new Rational(num, scale * den * BigInteger.Pow(10, -k));
                    foreach (int n in new[] { 1, 3, 17, 22, 23, 24, 30 })
                    {
                        var text = x.ToDecimalString(n);
                        var back = Rational.Parse(text);
                        int e = ExactExponent(x);
                        var halfUnit = new Rational(1, 2) * Pow10(e - n + 1);
                        Assert.True((back - x).Abs() <= halfUnit, $"{x} to {n} digits printed {text}: off by more than half a unit");
                        Assert.True(text.Replace("-", "").Replace(".", "").Trim('0').Length <= n, $"{x} to {n} digits printed {text}: too many digits");
                        checkedCases++;
                    }
                }
        Assert.Equal(51 * 5 * 5 * 7, checkedCases);
    }

    private static Rational Pow10(int e) => e >= 0 ? new Rational(BigInteger.Pow(10, e)) : new Rational(BigInteger.One, BigInteger.Pow(10, -e));

    /// <summary>floor(log10 x) for x &gt; 0, by exact comparison only.</summary>
    private static int ExactExponent(Rational x)
    {
        int e = 0;
        while (x >= Pow10(e + 1)) e++;
        while (x < Pow10(e)) e--;
        return e;
    }

    [Fact]
    public void Errors_name_what_went_wrong()
    {
        Assert.Contains("zero denominator", Assert.Throws<DivideByZeroException>(() => Q(1, 0)).Message);
        Assert.Contains("division of a rational by zero", Assert.Throws<DivideByZeroException>(() => Q(1, 2) / 0).Message);
        Assert.Contains("reciprocal of zero", Assert.Throws<DivideByZeroException>(() => Rational.Zero.Reciprocal()).Message);
        Assert.Contains("not a Rational", Assert.Throws<ArgumentException>(() => Q(1, 2).CompareTo((object)1)).Message);
        // A successful parse leaves no error text behind.
        Assert.True(Rational.TryParse("3/4", out _, out var err));
        Assert.Equal("", err);
        Assert.True(Rational.TryParse("0.75", out _, out err));
        Assert.Equal("", err);
    }

    [Theory]
    [InlineData("+5", 5, 1)]
    [InlineData(" 3 ", 3, 1)]
    [InlineData(".5", 1, 2)]
    [InlineData("5.", 5, 1)]
    [InlineData("-1/-2", 1, 2)]
    [InlineData("1/-2", -1, 2)]
    [InlineData("2.50e1", 25, 1)]
    [InlineData("15e-1", 3, 2)]
    [InlineData("1e+2", 100, 1)]
    [InlineData("-0", 0, 1)]
    [InlineData("0009", 9, 1)]
    [InlineData("1e1000", 1, 1)] // the largest exponent accepted; checked below by its size
    public void Parses_signs_points_and_exponents(string text, long p, long q)
    {
        Assert.True(Rational.TryParse(text, out var r, out var err), err);
        if (text == "1e1000") { Assert.Equal(BigInteger.Pow(10, 1000), r.Numerator); return; }
        AssertNormal(r, p, q);
    }

    [Theory]
    [InlineData("e5")]
    [InlineData("1e")]
    [InlineData("1e1001")]
    [InlineData("1e-1001")]
    [InlineData("1x")]
    [InlineData("1/2/3")]
    [InlineData("/2")]
    [InlineData("2/")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1..2")]
    [InlineData("--1")]
    [InlineData("1 2")]
    public void Refuses_malformed_numbers(string text)
    {
        Assert.False(Rational.TryParse(text, out var v, out var err));
        Assert.Equal(Rational.Zero, v);
        Assert.NotEmpty(err);
        Assert.Throws<FormatException>(() => Rational.Parse(text));
    }

    [Fact]
    public void Parse_errors_say_what_was_expected()
    {
        Assert.False(Rational.TryParse(null, out _, out var err));
        Assert.Equal("a number", err);
        Assert.False(Rational.TryParse("  ", out _, out err));
        Assert.Contains("empty", err);
        Assert.False(Rational.TryParse("3/0", out _, out err));
        Assert.Contains("non-zero denominator", err);
        Assert.False(Rational.TryParse("abc", out _, out err));
        Assert.Contains("\"abc\"", err);
        Assert.False(Rational.TryParse(new string('1', 10001), out _, out _));
        Assert.True(Rational.TryParse(new string('1', 10000), out var long_, out _));
        Assert.Equal(10000, long_.Numerator.ToString().Length);
        Assert.Equal(-3, Rational.Parse("-3").Numerator);
        var ex = Assert.Throws<FormatException>(() => Rational.Parse("x"));
        Assert.StartsWith("expected ", ex.Message);
    }
}
