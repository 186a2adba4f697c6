using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Expressions;

/// <summary>
/// One hash-consed node of an <see cref="ExpressionGraph"/>: plain immutable data whose structural equality (kind,
/// children ids, coefficients, parameters; not <see cref="Id"/>) is what makes equal sub-terms one node. Children
/// always have smaller ids than their parents, so ascending id order is a topological order.
/// </summary>
public sealed class Node : IEquatable<Node>
{
    private static readonly int[] NoArgs = [];
    private static readonly Rational[] NoCoefficients = [];
    private readonly int _hash;

    public NodeKind Kind { get; }
    /// <summary>Position in the graph; assigned when interned.</summary>
    public int Id { get; internal set; } = -1;
    /// <summary>Children ids: Sum terms, Product factors (ascending), the argument of Power/Piecewise.</summary>
    public IReadOnlyList<int> Args => _args;
    internal readonly int[] _args;
    /// <summary>Sum: one coefficient per argument.</summary>
    public IReadOnlyList<Rational> Coefficients => _coefs;
    internal readonly Rational[] _coefs;
    /// <summary>Constant: the value. Sum: the constant term.</summary>
    public Rational Value { get; }
    /// <summary>Variable: its number. Power: the exponent. Piecewise: the pattern site, −1 if none.</summary>
    public int Index { get; }
    /// <summary>Piecewise: the function.</summary>
    public PiecewiseMonomial? Function { get; }
    /// <summary>Piecewise: 0 for σ itself, 1 for σ', … (how printers name it).</summary>
    public int Order { get; }

    internal Node(NodeKind kind, int[]? args = null, Rational[]? coefs = null, Rational value = default, int index = 0,
        PiecewiseMonomial? function = null, int order = 0)
    {
        Kind = kind;
        _args = args ?? NoArgs;
        _coefs = coefs ?? NoCoefficients;
        Value = value;
        Index = index;
        Function = function;
        Order = order;
        var h = new HashCode();
        h.Add(kind); h.Add(value); h.Add(index); h.Add(order); h.Add(function);
        foreach (var a in _args) h.Add(a);
        foreach (var c in _coefs) h.Add(c);
        _hash = h.ToHashCode();
    }

    public int Arg => _args[0];
    public bool IsLeaf => Kind is NodeKind.Constant or NodeKind.Variable;

    public bool Equals(Node? o) =>
        o is not null && o._hash == _hash && o.Kind == Kind && o.Index == Index && o.Order == Order && o.Value == Value
        && Equals(o.Function, Function) && o._args.AsSpan().SequenceEqual(_args) && o._coefs.AsSpan().SequenceEqual(_coefs);

    public override bool Equals(object? obj) => Equals(obj as Node);
    public override int GetHashCode() => _hash;
}
