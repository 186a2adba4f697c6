using System.Runtime.CompilerServices;
using Checker.Symbolic.Expressions;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Evaluation;

/// <summary>
/// Exact evaluation of H, N = Σ y_i H(x_i) and ∇N at a rational weight point (docs/theory.md#neural-correlation-function), by evaluating the
/// instance's expression DAG (<see cref="NcfExpression"/>, built once per instance and cached).
/// </summary>
public static class ExactEvaluator
{
    private static readonly ConditionalWeakTable<Instance, NcfExpression> Cache = new();

    /// <summary>The instance's NCF DAG, built on first use and shared by every caller (read it, do not add nodes to
    /// it: use <see cref="NcfExpression.Build"/> for a graph of your own).</summary>
    public static NcfExpression ExpressionFor(Instance instance) => Cache.GetValue(instance, NcfExpression.Build);

    /// <summary>Evaluates at <paramref name="w"/>. At kinks the slope is taken from <paramref name="clarkeSlope"/>
    /// (given the kink, return a slope in [Low, High]); by default the lower end.</summary>
    public static ExactEvaluation Evaluate(Instance instance, WeightPoint w, Func<Kink, Rational>? clarkeSlope = null) =>
        ExpressionFor(instance).Evaluate(w, clarkeSlope);
}
