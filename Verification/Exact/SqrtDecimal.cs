using System.Globalization;
using System.Numerics;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.Exact;

/// <summary>
/// Decimal strings of ±√q for rational q ≥ 0, correctly rounded (half up) to a number of significant digits, computed
/// with integer square roots only: round(√X) = ⌊(⌊√(4X)⌋ + 1)/2⌋ and ⌊√y⌋ = isqrt(⌊y⌋). Used for the values of KKT
/// points, which are square roots of rationals (docs/theory.md#reduced-problem: f(b/‖b‖) = ‖g‖).
/// </summary>
public static class SqrtDecimal
{
    /// <summary>√r when it is rational (numerator and denominator are squares), else null.</summary>
    public static Rational? ExactRoot(Rational r)
    {
        if (r.Sign < 0) return null;
        var n = ISqrt(r.Numerator);
        var d = ISqrt(r.Denominator);
        return n * n == r.Numerator && d * d == r.Denominator ? new Rational(n, d) : null;
    }

    public static string Format(Rational squared, int sign, int significant = 36)
    {
        if (squared.Sign < 0) throw new ArgumentOutOfRangeException(nameof(squared));
        if (squared.IsZero || sign == 0) return "0";
        // Choose k with √q·10^k having at least `significant` digits: 10^(2k) q ≥ 10^(2(significant−1)).
        int mag = (int)Math.Floor((BigInteger.Log10(squared.Numerator) - BigInteger.Log10(squared.Denominator)) / 2);
        int k = significant - 1 - mag;
        BigInteger digits;
        while (true)
        {
            var scaled = k >= 0 ? squared * new Rational(BigInteger.Pow(10, 2 * k)) : squared / new Rational(BigInteger.Pow(10, -2 * k));
            var four = scaled * 4;
            var fl = BigInteger.Divide(four.Numerator, four.Denominator);
            digits = (ISqrt(fl) + 1) / 2;
            int len = digits.ToString(CultureInfo.InvariantCulture).Length;
            if (len < significant) { k++; continue; }
            if (len > significant + 1) { k--; continue; }
            break;
        }
        string s = digits.ToString(CultureInfo.InvariantCulture);
        string body;
        if (k <= 0) body = s + new string('0', -k);
        else if (k >= s.Length) body = "0." + new string('0', k - s.Length) + s;
        else body = s[..^k] + "." + s[^k..];
        if (body.Contains('.')) body = body.TrimEnd('0').TrimEnd('.');
        return (sign < 0 ? "-" : "") + body;
    }

    public static BigInteger ISqrt(BigInteger n)
    {
        if (n.Sign < 0) throw new ArgumentOutOfRangeException(nameof(n));
        if (n < 2) return n;
        // Newton from above (2^⌈bits/2⌉ ≥ √n) decreases monotonically to ⌊√n⌋.
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (y >= x) break;
            x = y;
        }
        return x;
    }

    /// <summary>sign·√q with <paramref name="digits"/> digits after the point, truncated toward zero (correct to the
    /// last printed digit): the fixed-point form used for N(u) at certified KKT points, whose square is rational.</summary>
    public static string Truncated(Rational squared, int sign, int digits = 32)
    {
        if (squared.Sign < 0) throw new ArgumentOutOfRangeException(nameof(squared));
        if (squared.IsZero || sign == 0) return "0";
        var root = ISqrt(squared.Numerator * BigInteger.Pow(10, 2 * digits) / squared.Denominator);
        var s = root.ToString(CultureInfo.InvariantCulture).PadLeft(digits + 1, '0');
        return (sign < 0 ? "-" : "") + s[..^digits] + "." + s[^digits..];
    }

    /// <summary>"sqrt(q)" or the rational itself when q is a perfect square: the exact value as text.</summary>
    public static string Exact(Rational squared, int sign)
    {
        if (squared.IsZero || sign == 0) return "0";
        var rn = ISqrt(squared.Numerator); var rd = ISqrt(squared.Denominator);
        string mag = rn * rn == squared.Numerator && rd * rd == squared.Denominator ? new Rational(rn, rd).ToString() : $"sqrt({squared})";
        return (sign < 0 ? "-" : "") + mag;
    }
}
