using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Expressions;

/// <summary>
/// f(z) = Pos·z^Power for z ≥ 0, Neg·z^Power for z &lt; 0 (docs/theory.md#activations). The activation σ is one (Power = p ≥ 1); its
/// derivative σ' is another (p·a±, p − 1). A step (Power = 0) with Pos ≠ Neg is the derivative of a kink: its value at
/// z = 0 is not defined pointwise but is the Clarke interval [min, max] (docs/theory.md#clarke-subdifferential), so evaluators ask the caller.
/// </summary>
public sealed record PiecewiseMonomial(Rational Pos, Rational Neg, int Power)
{
    public static PiecewiseMonomial Of(Activation a) => new(a.Pos, a.Neg, a.Power);

    /// <summary>f' as a piecewise monomial (zero for a step, almost everywhere).</summary>
    public PiecewiseMonomial Derivative() => Power == 0 ? new(Rational.Zero, Rational.Zero, 0) : new(Pos * Power, Neg * Power, Power - 1);

    /// <summary>A step with a jump at 0: its value at 0 is a Clarke interval.</summary>
    public bool HasJumpAtZero => Power == 0 && Pos != Neg;

    /// <summary>The same monomial on both sides: f is the polynomial Pos·z^Power.</summary>
    public bool IsMonomial => Pos == Neg;

    public (Rational Low, Rational High) ClarkeInterval => (Rational.Min(Pos, Neg), Rational.Max(Pos, Neg));

    /// <summary>Exact value; at a jump (Power 0, z = 0) the caller's <paramref name="slopeAtZero"/> is used.</summary>
    public Rational Apply(Rational z, Rational? slopeAtZero = null) =>
        z.IsZero && HasJumpAtZero && slopeAtZero is { } chosen ? chosen : Apply<Rational>(z);

    /// <summary>f(z) in the arithmetic of <typeparamref name="T"/> (<see cref="IScalar{T}.Piecewise"/>).</summary>
    public T Apply<T>(T z) where T : IScalar<T> => T.Piecewise(z, Pos, Neg, Power);

    /// <summary>Double value; at z = 0 the z ≥ 0 branch (so σ'(0) = a₊ when p = 1: numeric convention only).</summary>
    public double ApplyDouble(double z)
    {
        double c = z >= 0 ? Pos.ToDouble() : Neg.ToDouble();
        double r = c;
        for (int k = 0; k < Power; k++) r *= z;
        return r;
    }
}
