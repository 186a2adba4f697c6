using System.Numerics;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>Square roots of non-negative rationals as decimal strings, correct to the last printed digit (truncated).
/// Used for values such as N(u) at a certified KKT point, whose square is rational (see <see cref="KktCertificate"/>).</summary>
public static class ExactSqrt
{
    public static BigInteger IntegerSqrt(BigInteger n)
    {
        if (n.Sign < 0) throw new ArgumentException("negative");
        if (n < 2) return n;
        var x = (BigInteger)Math.Sqrt((double)n);
        // Newton corrections; the double start is within a few units for moderate n and far for huge n.
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (BigInteger.Abs(y - x) <= 1) { x = y; break; }
            x = y;
        }
        while (x * x > n) x--;
        while ((x + 1) * (x + 1) <= n) x++;
        return x;
    }

    /// <summary>sign·√|square| with <paramref name="digits"/> digits after the point (truncated toward zero).</summary>
    public static string SignedRootDecimal(Rational square, int sign, int digits = 32)
    {
        if (square.Sign < 0) throw new ArgumentException("negative square");
        if (square.IsZero || sign == 0) return "0";
        var scaled = square.Numerator * BigInteger.Pow(10, 2 * digits) / square.Denominator;
        var root = IntegerSqrt(scaled);
        var s = root.ToString().PadLeft(digits + 1, '0');
        var text = s[..^digits] + "." + s[^digits..];
        return (sign < 0 ? "-" : "") + text;
    }
}
