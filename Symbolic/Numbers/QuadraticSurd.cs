namespace Checker.Symbolic.Numbers;

/// <summary>
/// An exact number a + b·√r of a real quadratic field Q(√r), r &gt; 0 rational (r = 0: a plain rational, which combines
/// with any field). Values of two different fields never meet in one computation: that throws. Used to re-check exactly a
/// KKT point whose coordinates are irrational by necessity (docs/theory.md#rank-one-case-split, Lemma 8): the expression DAG
/// of N is evaluated in this arithmetic (<see cref="IScalar{T}"/>), so the check shares the one chain rule of N, and the sign
/// of every value — what σ needs — is decided exactly (compare a² with b²r).
/// </summary>
public readonly struct QuadraticSurd : IScalar<QuadraticSurd>, IEquatable<QuadraticSurd>
{
    public Rational A { get; }
    public Rational B { get; }
    /// <summary>The radicand r (0 for a rational, whose B is 0).</summary>
    public Rational R { get; }

    public QuadraticSurd(Rational a, Rational b, Rational r)
    {
        if (r.Sign < 0) throw new ArgumentException("the radicand must be non-negative");
        if (r.IsZero && !b.IsZero) throw new ArgumentException("a rational (r = 0) has no √r part");
        (A, B, R) = (a, b, r);
    }

    public static QuadraticSurd FromRational(Rational q) => new(q, Rational.Zero, Rational.Zero);

    /// <summary>√r itself.</summary>
    public static QuadraticSurd Root(Rational r) => new(Rational.Zero, Rational.One, r);

    public bool IsZero => A.IsZero && B.IsZero;

    /// <summary>The exact sign: a and b√r agree, or the larger of a², b²r wins (r &gt; 0, √r irrational or not).</summary>
    public int Sign
    {
        get
        {
            int sa = A.Sign, sb = B.Sign;
            if (sb == 0) return sa;
            if (sa == 0 || sa == sb) return sb;
            int c = (A * A).CompareTo(B * B * R);
            return c == 0 ? 0 : c > 0 ? sa : sb;
        }
    }

    private static Rational Field(QuadraticSurd x, QuadraticSurd y)
    {
        if (x.R.IsZero) return y.R;
        if (y.R.IsZero || x.R == y.R) return x.R;
        throw new InvalidOperationException($"values of Q(√{x.R}) and Q(√{y.R}) in one computation");
    }

    private static QuadraticSurd Make(Rational a, Rational b, Rational r) => b.IsZero ? FromRational(a) : new(a, b, r);

    public static QuadraticSurd operator +(QuadraticSurd x, QuadraticSurd y) => Make(x.A + y.A, x.B + y.B, Field(x, y));
    public static QuadraticSurd operator -(QuadraticSurd x, QuadraticSurd y) => Make(x.A - y.A, x.B - y.B, Field(x, y));
    public static QuadraticSurd operator -(QuadraticSurd x) => Make(-x.A, -x.B, x.R);

    public static QuadraticSurd operator *(QuadraticSurd x, QuadraticSurd y)
    {
        var r = Field(x, y);
        return Make(x.A * y.A + x.B * y.B * r, x.A * y.B + x.B * y.A, r);
    }

    /// <summary>x / y, y ≠ 0: multiply by the conjugate; a² − b²r ≠ 0 for y ≠ 0 unless r is a rational square, when
    /// √r is rational and y is divided as the rational it is.</summary>
    public static QuadraticSurd operator /(QuadraticSurd x, QuadraticSurd y)
    {
        if (y.IsZero) throw new DivideByZeroException();
        var r = Field(x, y);
        var norm = y.A * y.A - y.B * y.B * r;
        if (norm.IsZero) throw new InvalidOperationException($"√{r} is rational; use it as a rational");
        var conj = Make(y.A, -y.B, r);
        var num = x * conj;
        return Make(num.A / norm, num.B / norm, r);
    }

    static QuadraticSurd IScalar<QuadraticSurd>.FromRational(Rational q) => FromRational(q);

    /// <summary>σ-like value with the exact sign of z; at z = 0 only where the value does not depend on a side.</summary>
    static QuadraticSurd IScalar<QuadraticSurd>.Piecewise(QuadraticSurd z, Rational pos, Rational neg, int power)
    {
        int s = z.Sign;
        if (s == 0)
        {
            if (power > 0) return FromRational(Rational.Zero);
            if (pos == neg) return FromRational(pos);
            throw new InvalidOperationException("a Clarke choice is needed at a kink");
        }
        var c = FromRational(s > 0 ? pos : neg);
        var v = c;
        for (int k = 0; k < power; k++) v = v * z;
        return v;
    }

    public bool Equals(QuadraticSurd other) => A == other.A && B == other.B && (B.IsZero || R == other.R);
    public override bool Equals(object? obj) => obj is QuadraticSurd q && Equals(q);
    public override int GetHashCode() => HashCode.Combine(A, B, B.IsZero ? Rational.Zero : R);

    public override string ToString() =>
        B.IsZero ? A.ToString() : A.IsZero ? $"{B}*sqrt({R})" : $"{A} + {B}*sqrt({R})";
}
