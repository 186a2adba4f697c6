using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Expressions;

/// <summary>
/// Exact evaluation of an <see cref="ExpressionGraph"/> at rational values of its variables: <see cref="DagEvaluator"/>
/// over <see cref="Rational"/>, with the Clarke choice at kinks made by the caller. Never touches <c>double</c>.
/// </summary>
public static class ExactDagEvaluator
{
    /// <summary>
    /// Fills <paramref name="values"/>[id] for every id in <paramref name="nodes"/> (ascending; entries already marked in
    /// <paramref name="done"/> are kept). A step with a jump evaluated at 0 (σ' at a kink) takes
    /// <paramref name="jumpValue"/>(node), which must lie in its Clarke interval; without one such a node throws.
    /// </summary>
    public static void Evaluate(ExpressionGraph graph, ReadOnlySpan<int> nodes, IReadOnlyList<Rational> variables,
        Rational[] values, bool[] done, Func<Node, Rational>? jumpValue = null) =>
        DagEvaluator.Evaluate(graph, nodes, variables, values, done, Choice(jumpValue));

    /// <summary>Values of <paramref name="roots"/> at a point (no kinks expected; throws if a Clarke choice is needed
    /// and <paramref name="jumpValue"/> is null).</summary>
    public static Rational[] Evaluate(ExpressionGraph graph, IReadOnlyList<Expr> roots, IReadOnlyList<Rational> variables,
        Func<Node, Rational>? jumpValue = null) =>
        DagEvaluator.Evaluate(graph, roots, variables, Choice(jumpValue));

    private static DagEvaluator.PiecewiseOverride<Rational>? Choice(Func<Node, Rational>? jumpValue) =>
        jumpValue is null ? null : (Node n, Rational z, out Rational v) =>
        {
            var f = n.Function!;
            if (!(z.IsZero && f.HasJumpAtZero)) { v = default; return false; }
            v = jumpValue(n);
            var (lo, hi) = f.ClarkeInterval;
            if (v < lo || v > hi) throw new ArgumentException($"Clarke value {v} outside [{lo}, {hi}]");
            return true;
        };
}
