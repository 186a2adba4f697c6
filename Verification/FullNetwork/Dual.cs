using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>
/// First-order forward-mode number over <typeparamref name="T"/>: a value and its tangent (partial derivatives with
/// respect to the unknowns of the KKT system). Evaluating F(w, λ) over Dual&lt;Interval&gt; on a box gives F on the box
/// AND an enclosure of its Jacobian there (chain rule with σ'' enclosures), which is what the Krawczyk operator needs.
/// A null tangent means zero (constants: data, labels, weights off the support).
/// </summary>
public readonly struct Dual<T> : IKktScalar<Dual<T>> where T : IKktScalar<T>
{
    public T Value { get; }
    public T[]? Tangent { get; }

    public Dual(T value, T[]? tangent) { Value = value; Tangent = tangent; }

    /// <summary>The unknown number <paramref name="index"/> of <paramref name="count"/>, with value <paramref name="value"/>.</summary>
    public static Dual<T> Variable(T value, int index, int count)
    {
        var t = new T[count];
        for (int k = 0; k < count; k++) t[k] = T.Zero;
        t[index] = T.FromRational(Rational.One);
        return new Dual<T>(value, t);
    }

    public T Partial(int k) => Tangent is null ? T.Zero : Tangent[k];

    public static Dual<T> Zero => new(T.Zero, null);
    public static Dual<T> FromRational(Rational q) => new(T.FromRational(q), null);

    public static Dual<T> operator +(Dual<T> a, Dual<T> b) => new(a.Value + b.Value, Combine(a.Tangent, b.Tangent, (x, y) => x + y));
    public static Dual<T> operator -(Dual<T> a, Dual<T> b) => new(a.Value - b.Value, Combine(a.Tangent, b.Tangent, (x, y) => x - y));

    public static Dual<T> operator *(Dual<T> a, Dual<T> b)
    {
        var ta = a.Tangent;
        var tb = b.Tangent;
        if (ta is null && tb is null) return new(a.Value * b.Value, null);
        int m = (ta ?? tb)!.Length;
        var t = new T[m];
        for (int k = 0; k < m; k++)
        {
            var s = T.Zero;
            if (ta is not null) s = s + ta[k] * b.Value;
            if (tb is not null) s = s + a.Value * tb[k];
            t[k] = s;
        }
        return new(a.Value * b.Value, t);
    }

    /// <summary>Exactly zero with no tangent (a zero value whose tangent is not zero still moves a product).</summary>
    public bool IsZero => Value.IsZero && (Tangent is null || Tangent.All(t => t.IsZero));

    /// <summary>f(z) and f'(z)·z' for the piecewise monomial f (its derivative is the next one down; a step's is 0).</summary>
    public static Dual<T> Piecewise(Dual<T> z, Rational pos, Rational neg, int power)
    {
        var v = T.Piecewise(z.Value, pos, neg, power);
        if (z.Tangent is null) return new(v, null);
        var slope = power == 0 ? T.Zero : T.Piecewise(z.Value, pos * power, neg * power, power - 1);
        var t = new T[z.Tangent.Length];
        for (int k = 0; k < t.Length; k++) t[k] = slope * z.Tangent[k];
        return new(v, t);
    }

    private static T[]? Combine(T[]? a, T[]? b, Func<T, T, T> op)
    {
        if (a is null && b is null) return null;
        int m = (a ?? b)!.Length;
        var t = new T[m];
        for (int k = 0; k < m; k++) t[k] = op(a is null ? T.Zero : a[k], b is null ? T.Zero : b[k]);
        return t;
    }
}
