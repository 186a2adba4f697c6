using System.Numerics;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>
/// One-way bridge from a numeric candidate to exact arithmetic: the best rational approximation of a double with a
/// bounded denominator (continued fractions). Small denominators keep the exact refinement of
/// <see cref="KktCertifier"/> cheap; the exact check afterwards is the only authority, so rounding needs no guarantee.
/// </summary>
public static class RationalRounding
{
    public static Rational Nearest(double x, long maxDenominator)
    {
        if (double.IsNaN(x) || double.IsInfinity(x)) throw new ArgumentException("not a finite number");
        if (x == 0) return Rational.Zero;
        bool negative = x < 0;
        double v = Math.Abs(x);
        // Convergents h/k of the continued fraction of v.
        BigInteger h0 = 0, h1 = 1, k0 = 1, k1 = 0;
        double r = v;
        for (int iter = 0; iter < 64; iter++)
        {
            double a = Math.Floor(r);
            if (a > 1e15) break;
            var ai = new BigInteger(a);
            var h2 = ai * h1 + h0;
            var k2 = ai * k1 + k0;
            if (k2 > maxDenominator) break;
            h0 = h1; h1 = h2; k0 = k1; k1 = k2;
            double frac = r - a;
            if (frac < 1e-15) break;
            r = 1 / frac;
        }
        if (k1.IsZero) return Rational.Zero;
        var q = new Rational(h1, k1);
        return negative ? -q : q;
    }
}
