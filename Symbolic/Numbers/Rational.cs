using System.Globalization;
using System.Numerics;

namespace Checker.Symbolic.Numbers;

/// <summary>
/// An exact rational number p/q over <see cref="BigInteger"/>, always normalised (gcd(p,q) = 1, q &gt; 0).
/// Plain immutable data: equal values compare and hash equal, so rationals can key dictionaries.
/// docs/theory.md#exactness: every input is read exactly; a <c>double</c> never enters this type except through the explicit,
/// one-way <see cref="ToDouble"/>.
/// </summary>
public readonly struct Rational : IEquatable<Rational>, IComparable<Rational>, IComparable, IScalar<Rational>
{
    private readonly BigInteger _num;
    private readonly BigInteger _den; // 0 only for default(Rational), which we read as 0/1.

    public BigInteger Numerator => _num;
    public BigInteger Denominator => _den.IsZero ? BigInteger.One : _den;

    public static readonly Rational Zero = new(BigInteger.Zero, BigInteger.One, normalised: true);
    public static readonly Rational One = new(BigInteger.One, BigInteger.One, normalised: true);
    public static readonly Rational MinusOne = new(BigInteger.MinusOne, BigInteger.One, normalised: true);

    private Rational(BigInteger num, BigInteger den, bool normalised)
    {
        _num = num;
        _den = den;
    }

    public Rational(BigInteger num, BigInteger den)
    {
        if (den.IsZero) throw new DivideByZeroException("rational with zero denominator");
        if (den.Sign < 0) { num = -num; den = -den; }
        var g = BigInteger.GreatestCommonDivisor(num, den);
        if (!g.IsOne && !g.IsZero) { num /= g; den /= g; }
        if (num.IsZero) den = BigInteger.One;
        _num = num;
        _den = den;
    }

    public Rational(BigInteger integer) : this(integer, BigInteger.One, normalised: true) { }

    public static implicit operator Rational(int value) => new(new BigInteger(value));
    public static implicit operator Rational(long value) => new(new BigInteger(value));
    public static implicit operator Rational(BigInteger value) => new(value);

    public int Sign => _num.Sign;
    public bool IsZero => _num.IsZero;
    public bool IsInteger => Denominator.IsOne;
    public Rational Abs() => _num.Sign < 0 ? -this : this;

    public static Rational operator +(Rational a, Rational b)
    {
        if (a.Denominator.IsOne && b.Denominator.IsOne) return new Rational(a._num + b._num, BigInteger.One, true);
        return new Rational(a._num * b.Denominator + b._num * a.Denominator, a.Denominator * b.Denominator);
    }

    public static Rational operator -(Rational a, Rational b)
    {
        if (a.Denominator.IsOne && b.Denominator.IsOne) return new Rational(a._num - b._num, BigInteger.One, true);
        return new Rational(a._num * b.Denominator - b._num * a.Denominator, a.Denominator * b.Denominator);
    }

    public static Rational operator -(Rational a) => new(-a._num, a.Denominator, true);

    public static Rational operator *(Rational a, Rational b)
    {
        if (a._num.IsZero || b._num.IsZero) return Zero;
        if (a.Denominator.IsOne && b.Denominator.IsOne) return new Rational(a._num * b._num, BigInteger.One, true);
        // Cross-cancel first so intermediate products stay small.
        var g1 = BigInteger.GreatestCommonDivisor(a._num, b.Denominator);
        var g2 = BigInteger.GreatestCommonDivisor(b._num, a.Denominator);
        return new Rational(a._num / g1 * (b._num / g2), a.Denominator / g2 * (b.Denominator / g1), true);
    }

    public static Rational operator /(Rational a, Rational b)
    {
        if (b._num.IsZero) throw new DivideByZeroException("division of a rational by zero");
        return a * b.Reciprocal();
    }

    public Rational Reciprocal()
    {
        if (_num.IsZero) throw new DivideByZeroException("reciprocal of zero");
        return _num.Sign < 0 ? new Rational(-Denominator, -_num, true) : new Rational(Denominator, _num, true);
    }

    static Rational IScalar<Rational>.FromRational(Rational q) => q;
    static Rational IScalar<Rational>.Power(Rational x, int k) => x.Pow(k);

    /// <summary>Exact σ-like value; at a jump (power 0, pos ≠ neg, z = 0) there is no value without a Clarke choice, which
    /// the DAG evaluator's caller makes (docs/theory.md#clarke-subdifferential).</summary>
    static Rational IScalar<Rational>.Piecewise(Rational z, Rational pos, Rational neg, int power)
    {
        if (z.IsZero)
        {
            if (power > 0) return Zero;
            if (pos == neg) return pos;
            throw new InvalidOperationException("a Clarke choice is needed at a kink");
        }
        var c = z.Sign > 0 ? pos : neg;
        return power == 0 ? c : c * z.Pow(power);
    }

    public Rational Pow(int exponent)
    {
        if (exponent < 0) return Reciprocal().Pow(-exponent);
        return new Rational(BigInteger.Pow(_num, exponent), BigInteger.Pow(Denominator, exponent), true);
    }

    public static bool operator ==(Rational a, Rational b) => a.Equals(b);
    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    public static Rational Min(Rational a, Rational b) => a <= b ? a : b;
    public static Rational Max(Rational a, Rational b) => a >= b ? a : b;

    public bool Equals(Rational other) => _num == other._num && Denominator == other.Denominator;
    public override bool Equals(object? obj) => obj is Rational r && Equals(r);
    public override int GetHashCode() => HashCode.Combine(_num, Denominator);

    public int CompareTo(Rational other)
    {
        if (Denominator == other.Denominator) return _num.CompareTo(other._num);
        return (_num * other.Denominator).CompareTo(other._num * Denominator);
    }

    public int CompareTo(object? obj) => obj is Rational r ? CompareTo(r) : throw new ArgumentException("not a Rational");

    /// <summary>"p" for integers, "p/q" otherwise: the exact form used in every output and file.</summary>
    public override string ToString() => Denominator.IsOne ? _num.ToString(CultureInfo.InvariantCulture)
        : _num.ToString(CultureInfo.InvariantCulture) + "/" + Denominator.ToString(CultureInfo.InvariantCulture);

    /// <summary>Nearest double (correctly rounded for moderate sizes). Numeric code only.</summary>
    public double ToDouble()
    {
        if (Denominator.IsOne) return (double)_num;
        // Scale so the quotient carries 64 significant bits, then divide once.
        long shift = (long)Denominator.GetBitLength() - (long)BigInteger.Abs(_num).GetBitLength() + 64;
        BigInteger q = shift >= 0 ? (_num << (int)shift) / Denominator : _num / (Denominator << (int)-shift);
        return Math.ScaleB((double)q, (int)-shift);
    }

    /// <summary>Decimal expansion with <paramref name="significant"/> significant digits, truncated toward zero
    /// after rounding half away from zero in the last digit. Used where docs/cli.md#running-checker asks for a decimal string.</summary>
    public string ToDecimalString(int significant = 40)
    {
        if (_num.IsZero) return "0";
        var abs = BigInteger.Abs(_num);
        var den = Denominator;
        // Find exponent e with 10^e <= abs/den < 10^(e+1).
        int e = (int)Math.Floor(BigInteger.Log10(abs) - BigInteger.Log10(den));
        for (int guard = 0; guard < 3; guard++)
        {
            if (Compare(abs, den, e) < 0) e--; else if (Compare(abs, den, e + 1) >= 0) e++; else break;
        }
        int scale = significant - 1 - e; // digits = round(abs/den * 10^scale)
        BigInteger n2 = scale >= 0 ? abs * BigInteger.Pow(10, scale) : abs;
        BigInteger d2 = scale >= 0 ? den : den * BigInteger.Pow(10, -scale);
        var digits = BigInteger.DivRem(n2 * 2 + d2, d2 * 2, out _);
        string s = digits.ToString(CultureInfo.InvariantCulture);
        if (s.Length > significant) { scale--; s = s[..significant]; }
        string body;
        if (scale <= 0) body = s + new string('0', -scale);
        else if (scale >= s.Length) body = "0." + new string('0', scale - s.Length) + s;
        else body = s[..^scale] + "." + s[^scale..];
        if (body.Contains('.')) body = body.TrimEnd('0').TrimEnd('.');
        return (_num.Sign < 0 ? "-" : "") + body;
    }

    private static int Compare(BigInteger abs, BigInteger den, int e) =>
        e >= 0 ? abs.CompareTo(den * BigInteger.Pow(10, e)) : (abs * BigInteger.Pow(10, -e)).CompareTo(den);

    /// <summary>Parses an integer, a fraction <c>p/q</c>, or a decimal (with optional exponent) exactly.</summary>
    public static bool TryParse(string? text, out Rational value, out string error)
    {
        value = Zero;
        error = "";
        if (text is null) { error = "a number"; return false; }
        var s = text.Trim();
        if (s.Length == 0) { error = "a number, got an empty string"; return false; }
        int slash = s.IndexOf('/');
        if (slash >= 0)
        {
            if (!TryParseDecimal(s[..slash], out var p) || !TryParseDecimal(s[(slash + 1)..], out var q))
            { error = $"an integer, fraction p/q or decimal, got \"{text}\""; return false; }
            if (q.IsZero) { error = $"a non-zero denominator, got \"{text}\""; return false; }
            value = p / q;
            return true;
        }
        if (!TryParseDecimal(s, out value)) { error = $"an integer, fraction p/q or decimal, got \"{text}\""; return false; }
        return true;
    }

    public static Rational Parse(string text) =>
        TryParse(text, out var v, out var err) ? v : throw new FormatException("expected " + err);

    // Decimal digits with optional sign, point and exponent; no NaN/Infinity (they are not rationals).
    private static bool TryParseDecimal(string s, out Rational value)
    {
        value = Zero;
        s = s.Trim();
        if (s.Length == 0 || s.Length > 10000) return false;
        int i = 0;
        bool negative = false;
        if (s[i] == '+' || s[i] == '-') { negative = s[i] == '-'; i++; }
        var mantissa = BigInteger.Zero;
        int fracDigits = 0, digits = 0;
        bool point = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c >= '0' && c <= '9') { mantissa = mantissa * 10 + (c - '0'); digits++; if (point) fracDigits++; }
            else if (c == '.' && !point) point = true;
            else break;
        }
        if (digits == 0) return false;
        int exponent = 0;
        if (i < s.Length)
        {
            if (s[i] != 'e' && s[i] != 'E') return false;
            if (!int.TryParse(s[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)) return false;
            if (Math.Abs(exponent) > 1000) return false; // refuse absurd exponents before allocating
        }
        exponent -= fracDigits;
        value = exponent >= 0 ? new Rational(mantissa * BigInteger.Pow(10, exponent))
                              : new Rational(mantissa, BigInteger.Pow(10, -exponent));
        if (negative) value = -value;
        return true;
    }
}
