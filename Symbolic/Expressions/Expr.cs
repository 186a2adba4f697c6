using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Expressions;

/// <summary>
/// A handle on a node of an <see cref="ExpressionGraph"/>, with arithmetic operators that build (hash-consed) nodes
/// in the same graph. Plain data: two handles are equal iff they name the same node, i.e. the same expression.
/// </summary>
public readonly record struct Expr(ExpressionGraph Graph, int Id)
{
    public Node Node => Graph[Id];
    public bool IsConstant => Node.Kind == NodeKind.Constant;
    public bool IsZero => Node.Kind == NodeKind.Constant && Node.Value.IsZero;

    public static Expr operator +(Expr a, Expr b) => a.Graph.Linear([(Rational.One, a), (Rational.One, b)]);
    public static Expr operator -(Expr a, Expr b) => a.Graph.Linear([(Rational.One, a), (Rational.MinusOne, b)]);
    public static Expr operator -(Expr a) => a.Graph.Linear([(Rational.MinusOne, a)]);
    public static Expr operator *(Expr a, Expr b) => a.Graph.Multiply(a, b);
    public static Expr operator *(Rational c, Expr a) => a.Graph.Linear([(c, a)]);
    public static Expr operator *(Expr a, Rational c) => a.Graph.Linear([(c, a)]);
    public static Expr operator +(Expr a, Rational c) => a.Graph.Linear([(Rational.One, a)], c);
    public Expr Pow(int exponent) => Graph.Power(this, exponent);

    public override string ToString() => ExpressionPrinter.Text(Graph, [this]);
}
