using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>A double as an <see cref="IKktScalar{T}"/>: only for the Newton polish that finds a centre; never in a proof.</summary>
public readonly record struct Real(double Value) : IKktScalar<Real>
{
    public static Real Zero => new(0);
    public static Real FromRational(Rational q) => new(q.ToDouble());
    public static Real operator +(Real a, Real b) => new(a.Value + b.Value);
    public static Real operator -(Real a, Real b) => new(a.Value - b.Value);
    public static Real operator *(Real a, Real b) => new(a.Value * b.Value);

    public bool IsZero => Value == 0;

    /// <summary>The z ≥ 0 piece at z = 0 (σ'(0) = a₊ for p = 1, as the compiled double code): a numeric convention.</summary>
    public static Real Piecewise(Real z, Rational pos, Rational neg, int power) =>
        new((z.Value >= 0 ? pos.ToDouble() : neg.ToDouble()) * Math.Pow(z.Value, power));
}
