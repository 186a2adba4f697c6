using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;

namespace Checker.Symbolic.Expressions;

/// <summary>
/// Translates DAG roots into SMT-LIB2 terms over Real (<see cref="Term"/>, printed by <see cref="SmtLib"/>). Shared sub-terms (used twice or more, or the argument of a power or
/// σ whose text would otherwise repeat) become <c>define-fun</c> auxiliaries, so the text grows with the DAG.
/// Rationals print exactly: integers as <c>3.0</c>, fractions as <c>(/ 1 3)</c>, negatives as <c>(- …)</c>.
/// Powers print as repeated products (SMT-LIB has no real power). Per pattern (<see cref="SmtPrintOptions.Sign"/>)
/// σ is a monomial; otherwise σ(z) = <c>(ite (>= z 0.0) (* a₊ z^p) (* a₋ z^p))</c> (docs/theory.md#activations).
/// </summary>
public static class SmtPrinter
{
    public static SmtText Print(ExpressionGraph graph, IReadOnlyList<Expr> roots, SmtPrintOptions? options = null)
    {
        options ??= new SmtPrintOptions();
        var nodes = graph.Reachable(roots);
        var uses = graph.UseCounts(roots, nodes);
        foreach (int id in nodes)
        {
            var n = graph[id];
            if (n.Kind is NodeKind.Power or NodeKind.Piecewise) uses[n.Arg] += 2; // the argument text repeats
        }
        var names = new Dictionary<int, Term>();
        var decls = new List<SmtCommand>();
        var declared = new List<int>();
        var defs = new List<SmtCommand>();
        var varTerms = new Dictionary<int, Term>();
        foreach (int id in nodes)
        {
            var n = graph[id];
            if (n.Kind == NodeKind.Variable)
            {
                var t = options.VariableTerm?.Invoke(n.Index);
                if (t is null)
                {
                    decls.Add(new DeclareConst(graph.VariableNames[n.Index]));
                    t = Term.Var(graph.VariableNames[n.Index]);
                    declared.Add(n.Index);
                }
                varTerms[id] = t;
                continue;
            }
            if (n.IsLeaf || uses[id] < 2) continue;
            string name = options.Prefix + id;
            defs.Add(new DefineFun(name, TermOf(graph, id, names, varTerms, options, top: true)));
            names[id] = Term.Var(name);
        }
        var rootTerms = roots.Select(r => TermOf(graph, r.Id, names, varTerms, options)).ToArray();
        return new SmtText(decls, defs, rootTerms, declared);
    }

    private static Term TermOf(ExpressionGraph g, int id, Dictionary<int, Term> names, Dictionary<int, Term> vars,
        SmtPrintOptions o, bool top = false)
    {
        if (!top && names.TryGetValue(id, out var nm)) return nm;
        var n = g[id];
        switch (n.Kind)
        {
            case NodeKind.Constant: return n.Value;
            case NodeKind.Variable: return vars[id];
            case NodeKind.Sum:
                {
                    var parts = new List<Term>(n._args.Length + 1);
                    for (int k = 0; k < n._args.Length; k++)
                    {
                        var t = TermOf(g, n._args[k], names, vars, o);
                        parts.Add(n._coefs[k] == Rational.One ? t : Term.Mul(n._coefs[k], t));
                    }
                    if (!n.Value.IsZero) parts.Add(n.Value);
                    return Term.Sum(parts);
                }
            case NodeKind.Product:
                return Term.Mul(n._args.Select(a => TermOf(g, a, names, vars, o)));
            case NodeKind.Power:
                return Power(TermOf(g, n.Arg, names, vars, o), n.Index);
            case NodeKind.Piecewise:
                {
                    var f = n.Function!;
                    var z = TermOf(g, n.Arg, names, vars, o);
                    Term Branch(Rational c) => c.IsZero ? Term.Zero : f.Power == 0 ? c : Scale(c, Power(z, f.Power));
                    Term jump = f.HasJumpAtZero ? (o.ClarkeTerm?.Invoke(n) ?? f.Pos) : f.Pos;
                    if (o.Sign is { } sign)
                    {
                        int s = sign(n);
                        if (s == 0 && f.Power == 0) return jump;
                        return Branch(s >= 0 ? f.Pos : f.Neg);
                    }
                    if (f.Power == 0 && f.HasJumpAtZero)
                        return Term.Ite(Term.Gt(z, Term.Zero), f.Pos, Term.Ite(Term.Lt(z, Term.Zero), f.Neg, jump));
                    return Term.Ite(Term.Ge(z, Term.Zero), Branch(f.Pos), Branch(f.Neg));
                }
            default: throw new InvalidOperationException();
        }
    }

    private static Term Scale(Rational c, Term t) => c == Rational.One ? t : Term.Mul(c, t);

    private static Term Power(Term b, int e) => e switch { 0 => Term.One, 1 => b, _ => Term.Mul(Enumerable.Repeat(b, e)) };
}
