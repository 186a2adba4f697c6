using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Evaluation;

/// <summary>A pre-activation exactly at 0 with p = 1 and a₊ ≠ a₋: σ'(0) may be any slope in [Low, High] (docs/theory.md#ad-comparison-mode).</summary>
public sealed record Kink(int Layer, int Neuron, int Sample, Rational Low, Rational High);

/// <summary>
/// Exact H(x_i), N and ∇N at a rational point. When <see cref="Kinks"/> is non-empty the gradient is the one for the
/// Clarke slopes in <see cref="ChosenSlopes"/> (one per kink, in the same order); other choices give other elements of ∂N.
/// </summary>
public sealed record ExactEvaluation(
    Rational[] Outputs,
    Rational Ncf,
    Rational[] Gradient,
    ActivationPattern Pattern,
    IReadOnlyList<Kink> Kinks,
    Rational[] ChosenSlopes);
