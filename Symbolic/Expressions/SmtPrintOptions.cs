using Checker.Symbolic.Smt;

namespace Checker.Symbolic.Expressions;

/// <summary>How <see cref="SmtPrinter"/> renders a DAG as SMT-LIB2 over Real.</summary>
public sealed record SmtPrintOptions
{
    /// <summary>SMT term to use for graph variable v instead of declaring it (e.g. <c>(* s (* a_1 b_0))</c> for a
    /// rank-one parametrisation); null result: declare the variable under its own name. To substitute DAG nodes
    /// instead of text, use <see cref="ExpressionGraph.Substitute"/> first.</summary>
    public Func<int, Term?>? VariableTerm { get; init; }

    /// <summary>Fixed sign (+1, −1, 0) of each piecewise node (an activation pattern, e.g. from
    /// <see cref="NcfExpression.SignIn"/>): σ prints as the monomial a±·z^p. Null: σ prints as <c>ite</c> on the sign of z.</summary>
    public Func<Node, int>? Sign { get; init; }

    /// <summary>SMT term for the value of a step with a jump (σ' at a kink, p = 1) where z = 0: a Clarke choice, e.g. a
    /// declared variable the caller constrains to [a₋, a₊]. Null: the z ≥ 0 branch a₊ (a fixed choice).</summary>
    public Func<Node, Term>? ClarkeTerm { get; init; }

    /// <summary>Prefix of auxiliary definition names (followed by the node id).</summary>
    public string Prefix { get; init; } = "t_";
}
