using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Expressions;

/// <summary>
/// An expression DAG with shared sub-terms: every node is interned (hash-consed), so building the same sub-expression
/// twice yields the same node, and the smart constructors fold constants and normalise linear combinations and
/// products. The graph owns its variables (like a polynomial ring) and only grows; ids are a topological order.
/// Building is single-threaded; a finished graph may be read (evaluated, printed, compiled) from many threads.
/// <para>Typical use is through <see cref="NcfExpression.Build"/>; by hand:</para>
/// <example><code>
/// var g = new ExpressionGraph();
/// var (x, y) = (g.AddVariable("x"), g.AddVariable("y"));
/// var f = x * y + new Rational(1, 2) * x.Pow(2);
/// Expr[] grad = g.Gradient(f, [x, y]);          // reverse mode: [y + x, x]
/// // substitute y := 3x (any node of the same graph) everywhere below f:
/// Expr f2 = g.Substitute([f], v => v == y.Node.Index ? 3 * x : null)[0];
/// </code></example>
/// </summary>
public sealed class ExpressionGraph
{
    private readonly List<Node> _nodes = [];
    private readonly Dictionary<Node, int> _intern = [];
    private readonly List<string> _names = [];
    private readonly List<string> _latexNames = [];
    private readonly List<int> _variableNodes = [];

    public int NodeCount => _nodes.Count;
    public Node this[int id] => _nodes[id];
    public IReadOnlyList<string> VariableNames => _names;
    public IReadOnlyList<string> VariableLatexNames => _latexNames;
    public int VariableCount => _names.Count;

    public Expr Zero => Constant(Rational.Zero);
    public Expr One => Constant(Rational.One);

    private Expr Intern(Node node)
    {
        if (_intern.TryGetValue(node, out int id)) return new Expr(this, id);
        id = _nodes.Count;
        node.Id = id;
        _nodes.Add(node);
        _intern.Add(node, id);
        return new Expr(this, id);
    }

    /// <summary>A new free variable. Names must be unique and are used verbatim by the SMT-LIB2 printer.</summary>
    public Expr AddVariable(string name, string? latexName = null)
    {
        if (_names.Contains(name)) throw new ArgumentException($"variable {name} exists");
        int index = _names.Count;
        _names.Add(name);
        _latexNames.Add(latexName ?? name);
        var e = Intern(new Node(NodeKind.Variable, index: index));
        _variableNodes.Add(e.Id);
        return e;
    }

    public Expr Variable(int index) => new(this, _variableNodes[index]);

    public Expr Constant(Rational value) => Intern(new Node(NodeKind.Constant, value: value));

    private void Own(Expr e)
    {
        if (!ReferenceEquals(e.Graph, this)) throw new ArgumentException("expression belongs to another graph");
    }

    /// <summary>Σ c_k e_k + constant, normalised: constants folded, single-term sums flattened, like terms merged,
    /// zero terms dropped, terms ordered by id; "1·e" is e itself.</summary>
    public Expr Linear(IEnumerable<(Rational Coefficient, Expr Term)> terms, Rational constant = default)
    {
        var acc = new Dictionary<int, Rational>();
        var order = new List<int>();
        void Add(Rational c, int id)
        {
            if (c.IsZero) return;
            if (acc.TryGetValue(id, out var old)) acc[id] = old + c;
            else { acc[id] = c; order.Add(id); }
        }
        foreach (var (c, e) in terms)
        {
            Own(e);
            if (c.IsZero) continue;
            var n = _nodes[e.Id];
            if (n.Kind == NodeKind.Constant) { constant += c * n.Value; continue; }
            if (n.Kind == NodeKind.Sum && n._args.Length == 1)
            {
                // c·(a·t + b) = (c·a)·t + c·b: flattening a scaled term keeps sharing (t stays one node).
                Add(c * n._coefs[0], n._args[0]);
                constant += c * n.Value;
                continue;
            }
            Add(c, e.Id);
        }
        order.RemoveAll(id => acc[id].IsZero);
        if (order.Count == 0) return Constant(constant);
        if (order.Count == 1 && constant.IsZero && acc[order[0]] == Rational.One) return new Expr(this, order[0]);
        order.Sort();
        var coefs = new Rational[order.Count];
        for (int k = 0; k < coefs.Length; k++) coefs[k] = acc[order[k]];
        return Intern(new Node(NodeKind.Sum, order.ToArray(), coefs, constant));
    }

    public Expr Add(params Expr[] terms) => Linear(terms.Select(t => (Rational.One, t)));

    public Expr Multiply(Expr a, Expr b) => Product([a, b]);

    /// <summary>Π factors, normalised: constants pulled out front, factors ordered by id (not flattened into nested
    /// products, which would duplicate shared work).</summary>
    public Expr Product(IEnumerable<Expr> factors)
    {
        var scale = Rational.One;
        var ids = new List<int>();
        foreach (var f in factors)
        {
            Own(f);
            var n = _nodes[f.Id];
            if (n.Kind == NodeKind.Constant) { scale *= n.Value; continue; }
            // A scaled factor c·t stays one node: pulling c out would repeat the multiplication by c in every product
            // that shares c·t (e.g. y_i·w_L in all of sample i's backpropagated sensitivities).
            ids.Add(f.Id);
        }
        if (scale.IsZero) return Zero;
        if (ids.Count == 0) return Constant(scale);
        Expr core;
        if (ids.Count == 1) core = new Expr(this, ids[0]);
        else
        {
            ids.Sort();
            core = Intern(new Node(NodeKind.Product, ids.ToArray()));
        }
        return scale == Rational.One ? core : Linear([(scale, core)]);
    }

    /// <summary>e^k for an integer k ≥ 0.</summary>
    public Expr Power(Expr e, int exponent)
    {
        Own(e);
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        if (exponent == 0) return One;
        if (exponent == 1) return e;
        var n = _nodes[e.Id];
        if (n.Kind == NodeKind.Constant) return Constant(n.Value.Pow(exponent));
        if (n.Kind == NodeKind.Sum && n._args.Length == 1 && n.Value.IsZero)
            return Linear([(n._coefs[0].Pow(exponent), Power(new Expr(this, n._args[0]), exponent))]);
        if (n.Kind == NodeKind.Power) return Power(new Expr(this, n.Arg), checked(n.Index * exponent));
        return Intern(new Node(NodeKind.Power, [e.Id], index: exponent));
    }

    /// <summary>f(z) for a piecewise monomial f at pattern site <paramref name="site"/> (−1: none). Folds to a
    /// constant when z is a constant (except a jump evaluated at 0, which stays symbolic: a Clarke choice), and to a
    /// polynomial when both branches agree.</summary>
    public Expr Piecewise(Expr z, PiecewiseMonomial f, int order = 0, int site = -1)
    {
        Own(z);
        var n = _nodes[z.Id];
        if (n.Kind == NodeKind.Constant && !(n.Value.IsZero && f.HasJumpAtZero)) return Constant(f.Apply(n.Value));
        if (f.IsMonomial) return Linear([(f.Pos, Power(z, f.Power))]);
        return Intern(new Node(NodeKind.Piecewise, [z.Id], function: f, index: site, order: order));
    }

    /// <summary>Ids of the nodes reachable from <paramref name="roots"/>, ascending (a topological order).</summary>
    public int[] Reachable(IEnumerable<Expr> roots)
    {
        var seen = new bool[_nodes.Count];
        var stack = new Stack<int>();
        foreach (var r in roots) { Own(r); if (!seen[r.Id]) { seen[r.Id] = true; stack.Push(r.Id); } }
        while (stack.Count > 0)
            foreach (var a in _nodes[stack.Pop()]._args)
                if (!seen[a]) { seen[a] = true; stack.Push(a); }
        var result = new List<int>();
        for (int i = 0; i < seen.Length; i++) if (seen[i]) result.Add(i);
        return result.ToArray();
    }

    /// <summary>
    /// Reverse-mode differentiation: ∂output/∂v for each variable v, built as new nodes of this graph. Adjoints are
    /// accumulated from the output down in one sweep, so for a network this is backpropagation (δ_l shared by all
    /// weights of layer l) rather than expansion. σ' appears as its own <see cref="NodeKind.Piecewise"/> node.
    /// </summary>
    public Expr[] Gradient(Expr output, IReadOnlyList<Expr> variables)
    {
        var nodes = Reachable([output]);
        var contributions = new Dictionary<int, List<(Rational, Expr)>>();
        void Contribute(int id, Rational c, Expr e)
        {
            if (e.IsZero || c.IsZero) return;
            if (!contributions.TryGetValue(id, out var list)) contributions[id] = list = [];
            list.Add((c, e));
        }
        Contribute(output.Id, Rational.One, One);
        var adjoint = new Dictionary<int, Expr>();
        for (int k = nodes.Length - 1; k >= 0; k--)
        {
            int id = nodes[k];
            if (!contributions.TryGetValue(id, out var list)) continue;
            var adj = Linear(list);
            contributions.Remove(id);
            adjoint[id] = adj;
            if (adj.IsZero) continue;
            var n = _nodes[id];
            switch (n.Kind)
            {
                case NodeKind.Sum:
                    for (int j = 0; j < n._args.Length; j++) Contribute(n._args[j], n._coefs[j], adj);
                    break;
                case NodeKind.Product:
                    for (int j = 0; j < n._args.Length; j++)
                    {
                        var others = new List<Expr>(n._args.Length) { adj };
                        for (int m = 0; m < n._args.Length; m++) if (m != j) others.Add(new Expr(this, n._args[m]));
                        Contribute(n._args[j], Rational.One, Product(others));
                    }
                    break;
                case NodeKind.Power:
                    Contribute(n.Arg, n.Index, Multiply(adj, Power(new Expr(this, n.Arg), n.Index - 1)));
                    break;
                case NodeKind.Piecewise:
                    var d = n.Function!.Derivative();
                    if (d.Pos.IsZero && d.Neg.IsZero) break;
                    Contribute(n.Arg, Rational.One, Multiply(adj, Piecewise(new Expr(this, n.Arg), d, n.Order + 1, n.Index)));
                    break;
            }
        }
        var result = new Expr[variables.Count];
        for (int v = 0; v < result.Length; v++)
        {
            Own(variables[v]);
            if (_nodes[variables[v].Id].Kind != NodeKind.Variable) throw new ArgumentException("differentiate with respect to variables only");
            result[v] = adjoint.TryGetValue(variables[v].Id, out var a) ? a : Zero;
        }
        return result;
    }

    /// <summary>
    /// Rebuilds <paramref name="roots"/> with every variable v for which <paramref name="image"/> returns a node replaced
    /// by that node (e.g. a weight by an entry of a rank-one parametrisation s·a·bᵀ built from new variables).
    /// Shared sub-terms stay shared; constants fold again.
    /// </summary>
    public Expr[] Substitute(IReadOnlyList<Expr> roots, Func<int, Expr?> image)
    {
        var nodes = Reachable(roots);
        var map = new Dictionary<int, Expr>(nodes.Length);
        foreach (int id in nodes)
        {
            var n = _nodes[id];
            Expr Arg(int j) => map[n._args[j]];
            map[id] = n.Kind switch
            {
                NodeKind.Constant => new Expr(this, id),
                NodeKind.Variable => image(n.Index) is { } e ? Checked(e) : new Expr(this, id),
                NodeKind.Sum => Linear(Enumerable.Range(0, n._args.Length).Select(j => (n._coefs[j], Arg(j))), n.Value),
                NodeKind.Product => Product(Enumerable.Range(0, n._args.Length).Select(Arg)),
                NodeKind.Power => Power(Arg(0), n.Index),
                NodeKind.Piecewise => Piecewise(Arg(0), n.Function!, n.Order, n.Index),
                _ => throw new InvalidOperationException(),
            };
        }
        return roots.Select(r => map[r.Id]).ToArray();
    }

    private Expr Checked(Expr e) { Own(e); return e; }

    /// <summary>How many times each node is used as an argument by the nodes reachable from the roots (roots count
    /// once more): printers and compilers give a name to nodes used twice or more.</summary>
    public int[] UseCounts(IReadOnlyList<Expr> roots, int[] reachable)
    {
        var uses = new int[_nodes.Count];
        foreach (var id in reachable) foreach (var a in _nodes[id]._args) uses[a]++;
        foreach (var r in roots) uses[r.Id]++;
        return uses;
    }
}
