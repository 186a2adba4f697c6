using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;

namespace Checker.Verification.Reduced;

/// <summary>
/// An isolated KKT point of the reduced problem. <see cref="Direction"/> is an unnormalised rational vector b (the point is
/// b/‖b‖); <see cref="Slopes"/> a Clarke choice σ_i ∈ ∂φ_s(x_iᵀb) with g = Σ y_i σ_i x_i = λ b/‖b‖·(‖b‖) — for a non-zero
/// value the direction is b = ±g itself. The value is the normalised one, f(b/‖b‖) = λ, which equals ±‖g‖ (Euler: bᵀg =
/// f(b)), an algebraic number ±√q with q = <see cref="ValueSquared"/> rational; <see cref="ValueDecimal"/> rounds it
/// correctly to 36 significant digits.
/// </summary>
public sealed record ReducedKktPoint(string Pattern, Rational[] Direction, int ValueSign, Rational ValueSquared, Rational[] Slopes)
{
    public bool Positive => ValueSign > 0;
    public bool OnKink => Pattern.Contains('0');
    public string ValueDecimal => SqrtDecimal.Format(ValueSquared, ValueSign);
    public string ValueExact => SqrtDecimal.Exact(ValueSquared, ValueSign);

    /// <summary>On a kink: convex weights over the regions of the kinked samples' arrangement (sign text in sample order)
    /// that put the needed gradient in the Clarke subdifferential (<see cref="ReducedClarke"/>); empty off kinks.</summary>
    public IReadOnlyList<(string Region, Rational Weight)> ClarkeWeights { get; init; } = [];
}
