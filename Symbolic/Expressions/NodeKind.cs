namespace Checker.Symbolic.Expressions;

/// <summary>The kinds of <see cref="Node"/> in an <see cref="ExpressionGraph"/>.</summary>
public enum NodeKind : byte
{
    /// <summary>An exact rational (<see cref="Node.Value"/>).</summary>
    Constant,
    /// <summary>A free variable of the graph (<see cref="Node.Index"/> is its number).</summary>
    Variable,
    /// <summary>A linear combination Σ_k c_k·arg_k + c₀ (<see cref="Node.Coefficients"/>, constant in <see cref="Node.Value"/>).</summary>
    Sum,
    /// <summary>A product of two or more factors (sorted by id; a factor may repeat). Never holds constants.</summary>
    Product,
    /// <summary>arg^e with integer e ≥ 2 (<see cref="Node.Index"/> is e).</summary>
    Power,
    /// <summary>A piecewise monomial f(arg) (<see cref="Node.Function"/>): σ, σ', … (docs/theory.md#activations). Carries the
    /// pattern site (<see cref="Node.Index"/>) whose sign selects the branch.</summary>
    Piecewise,
}
