using System.Globalization;
using System.Numerics;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>
/// A closed interval [Lo, Hi] with dyadic rational endpoints m/2^<see cref="Bits"/> (m a BigInteger), for the Krawczyk
/// proofs of <see cref="KrawczykTest"/>. Every operation rounds its exact result OUTWARD to the grid, so the interval
/// always contains the exact real result: the enclosure is a proof, no double is involved. Fixed-point rather than
/// normalised <see cref="Rational"/> endpoints because gcd reductions and denominator growth would dominate the cost of
/// a Hessian enclosure; 2^-256 is far below every width we need (boxes of radius ~2^-80 around unit-norm points).
/// </summary>
public readonly struct Interval : IKktScalar<Interval>
{
    public const int Bits = 256;
    private static readonly BigInteger One_ = BigInteger.One << Bits;

    /// <summary>Scaled endpoints: the interval is [LoScaled/2^Bits, HiScaled/2^Bits].</summary>
    public BigInteger LoScaled { get; }
    public BigInteger HiScaled { get; }

    private Interval(BigInteger lo, BigInteger hi) { LoScaled = lo; HiScaled = hi; }

    public static Interval Scaled(BigInteger lo, BigInteger hi) =>
        lo <= hi ? new Interval(lo, hi) : throw new ArgumentException("empty interval");

    public static Interval Zero => new(BigInteger.Zero, BigInteger.Zero);
    public static Interval One => new(One_, One_);

    public Rational Lo => new(LoScaled, One_);
    public Rational Hi => new(HiScaled, One_);
    public bool IsPoint => LoScaled == HiScaled;
    public bool IsZero => LoScaled.IsZero && HiScaled.IsZero;
    public bool ContainsZero => LoScaled.Sign <= 0 && HiScaled.Sign >= 0;
    /// <summary>+1 / −1 when every point is positive / negative, 0 otherwise.</summary>
    public int DefiniteSign => LoScaled.Sign > 0 ? 1 : HiScaled.Sign < 0 ? -1 : 0;
    public BigInteger WidthScaled => HiScaled - LoScaled;
    /// <summary>The grid point at (or just below) the midpoint, as a point interval.</summary>
    public Interval Mid => Point((LoScaled + HiScaled) >> 1);

    public static Interval Point(BigInteger scaled) => new(scaled, scaled);

    public static Interval FromRational(Rational q)
    {
        var n = q.Numerator << Bits;
        var lo = FloorDiv(n, q.Denominator);
        var hi = lo * q.Denominator == n ? lo : lo + 1;
        return new Interval(lo, hi);
    }

    /// <summary>The grid point nearest below a double (doubles are dyadic, so this is exact for |x| ≥ 2^-Bits·2^53).
    /// Used for preconditioners and centres, which may be any point: the proof does not depend on their accuracy.</summary>
    public static Interval PointFromDouble(double x)
    {
        if (double.IsNaN(x) || double.IsInfinity(x)) throw new ArgumentException("not a finite number");
        if (x == 0) return Zero;
        long bits = BitConverter.DoubleToInt64Bits(x);
        int exp = (int)((bits >> 52) & 0x7FF);
        long mant = bits & 0xFFFFFFFFFFFFFL;
        if (exp == 0) exp++; else mant |= 1L << 52;
        int e = exp - 1075 + Bits; // x = ±mant·2^(exp−1075)
        var m = new BigInteger(mant);
        var scaled = e >= 0 ? m << e : m >> -e;
        return Point(x < 0 ? -scaled : scaled);
    }

    public double ToDouble() => Math.ScaleB((double)((LoScaled + HiScaled) >> 129), 128 - Bits);

    public static Interval Hull(Interval a, Interval b) => new(BigInteger.Min(a.LoScaled, b.LoScaled), BigInteger.Max(a.HiScaled, b.HiScaled));

    /// <summary>Whether this interval lies strictly inside <paramref name="outer"/>.</summary>
    public bool StrictlyInside(Interval outer) => LoScaled > outer.LoScaled && HiScaled < outer.HiScaled;
    public bool Disjoint(Interval other) => HiScaled < other.LoScaled || other.HiScaled < LoScaled;
    public bool Contains(Rational q) => Lo <= q && q <= Hi;

    public static Interval operator +(Interval a, Interval b) => new(a.LoScaled + b.LoScaled, a.HiScaled + b.HiScaled);
    public static Interval operator -(Interval a, Interval b) => new(a.LoScaled - b.HiScaled, a.HiScaled - b.LoScaled);
    public static Interval operator -(Interval a) => new(-a.HiScaled, -a.LoScaled);

    public static Interval operator *(Interval a, Interval b)
    {
        if (a.IsZero || b.IsZero) return Zero;
        if (a.IsPoint && b.IsPoint)
        {
            var p = a.LoScaled * b.LoScaled;
            return new Interval(p >> Bits, Ceil(p));
        }
        var p1 = a.LoScaled * b.LoScaled;
        var p2 = a.LoScaled * b.HiScaled;
        var p3 = a.HiScaled * b.LoScaled;
        var p4 = a.HiScaled * b.HiScaled;
        var lo = BigInteger.Min(BigInteger.Min(p1, p2), BigInteger.Min(p3, p4));
        var hi = BigInteger.Max(BigInteger.Max(p1, p2), BigInteger.Max(p3, p4));
        return new Interval(lo >> Bits, Ceil(hi));
    }

    /// <summary>1/this, outward rounded; only for intervals that exclude 0.</summary>
    public Interval Reciprocal()
    {
        if (ContainsZero) throw new DivideByZeroException("interval contains 0");
        var n = One_ << Bits;
        // 1/[lo, hi] = [1/hi, 1/lo] for intervals of one sign.
        var lo = FloorDiv(n, HiScaled);
        var hi = -FloorDiv(-n, LoScaled);
        return new Interval(lo, hi);
    }

    public static Interval operator /(Interval a, Interval b) => a * b.Reciprocal();

    /// <summary>z^k enclosure: exact range of the monomial on the interval (even powers have their minimum at 0).</summary>
    public Interval Pow(int k)
    {
        if (k == 0) return One;
        var r = this;
        for (int i = 1; i < k; i++) r *= this;
        if (k % 2 == 0 && ContainsZero) r = new Interval(BigInteger.Zero, BigInteger.Max(r.HiScaled, BigInteger.Zero));
        return r;
    }

    /// <summary>σ^(k)(z) enclosure for a piecewise monomial σ = a₊z^p (z ≥ 0), a₋z^p (z &lt; 0): the hull of the two
    /// pieces' ranges where z straddles 0, which also covers every Clarke value at 0 (so the Krawczyk mean-value
    /// argument stays valid for p = 2, where σ'' jumps).</summary>
    public static Interval Sigma(Interval z, Activation act, int derivative) => KktScalar.Sigma(z, act, derivative);

    /// <summary>pos·z^power (z ≥ 0), neg·z^power (z &lt; 0) enclosed: the hull of both pieces' ranges where z straddles 0.</summary>
    public static Interval Piecewise(Interval z, Rational pos, Rational neg, int power)
    {
        var p = FromRational(pos);
        var n = FromRational(neg);
        if (z.LoScaled.Sign >= 0) return p * z.Pow(power);
        if (z.HiScaled.Sign < 0) return n * z.Pow(power);
        var left = new Interval(z.LoScaled, BigInteger.Zero);
        var right = new Interval(BigInteger.Zero, z.HiScaled);
        return Hull(n * left.Pow(power), p * right.Pow(power));
    }

    static Interval IScalar<Interval>.Power(Interval x, int k) => x.Pow(k);

    public static Interval FromInt(int k) => Point(new BigInteger(k) << Bits);

    /// <summary>The decimal digits the enclosure proves: the truncation of |x| to k places that is the same for every x
    /// in the interval, largest such k ≤ <paramref name="places"/>, followed by "…". Intervals containing 0 print as
    /// their endpoints.</summary>
    public string ProvenDecimal(int places = 32)
    {
        if (IsZero) return "0";
        int sign = DefiniteSign;
        if (sign == 0) return $"[{Lo.ToDecimalString(8)}, {Hi.ToDecimalString(8)}]";
        var a = sign > 0 ? LoScaled : -HiScaled;
        var b = sign > 0 ? HiScaled : -LoScaled;
        string best = "";
        for (int k = 0; k <= places; k++)
        {
            var p = BigInteger.Pow(10, k);
            var ta = (a * p) >> Bits;
            var tb = (b * p) >> Bits;
            if (ta != tb) break;
            var digits = ta.ToString(CultureInfo.InvariantCulture).PadLeft(k + 1, '0');
            best = k == 0 ? digits : digits[..^k] + "." + digits[^k..];
        }
        if (best.Length == 0) return $"[{Lo.ToDecimalString(8)}, {Hi.ToDecimalString(8)}]";
        return (sign < 0 ? "-" : "") + best + "…";
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Lo.ToDecimalString(20)}, {Hi.ToDecimalString(20)}]");

    private static BigInteger Ceil(BigInteger scaledProduct) => -((-scaledProduct) >> Bits);

    private static BigInteger FloorDiv(BigInteger n, BigInteger d)
    {
        var q = BigInteger.DivRem(n, d, out var r);
        if (!r.IsZero && (r.Sign < 0) != (d.Sign < 0)) q -= 1;
        return q;
    }
}
