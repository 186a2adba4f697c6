namespace Checker.Symbolic.Numbers;

/// <summary>
/// The arithmetic the one evaluator of the expression DAG (<see cref="Expressions.DagEvaluator"/>) is generic over, so
/// one expression of N and ∇N (docs/theory.md#one-expression-three-back-ends) is evaluated exactly (<see cref="Rational"/>),
/// in doubles, in rigorous intervals and with forward-mode tangents (Verification's Real, Interval, Dual) — no second,
/// hand-written chain rule anywhere.
/// </summary>
public interface IScalar<T> where T : IScalar<T>
{
    static abstract T FromRational(Rational q);
    static abstract T operator +(T a, T b);
    static abstract T operator -(T a, T b);
    static abstract T operator *(T a, T b);

    /// <summary>Exactly zero, tangents included: such a term adds nothing to a sum and zeroes a product, so the evaluator
    /// may skip it (an approximation that is merely small must say false).</summary>
    bool IsZero { get; }

    /// <summary>x^k, k ≥ 1. By default repeated products; an interval type encloses even powers more tightly.</summary>
    static virtual T Power(T x, int k)
    {
        var r = x;
        for (int i = 1; i < k; i++) r = r * x;
        return r;
    }

    /// <summary>f(z) = <paramref name="pos"/>·z^<paramref name="power"/> for z ≥ 0 and <paramref name="neg"/>·z^power for
    /// z &lt; 0 (docs/theory.md#activations): σ and its derivatives. A type decides what it returns at a jump (power 0,
    /// pos ≠ neg, z = 0): exact arithmetic needs a Clarke choice there (docs/theory.md#clarke-subdifferential), which the
    /// evaluator's caller supplies; an enclosure of z that contains 0 encloses both sides.</summary>
    static abstract T Piecewise(T z, Rational pos, Rational neg, int power);
}
