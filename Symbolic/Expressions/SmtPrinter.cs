using System.Text;
using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Expressions;

/// <summary>
/// Prints DAG roots as SMT-LIB2 terms over Real. Shared sub-terms (used twice or more, or the argument of a power or
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
        var names = new Dictionary<int, string>();
        var decls = new List<string>();
        var declared = new List<int>();
        var defs = new List<string>();
        var varTerms = new Dictionary<int, string>();
        foreach (int id in nodes)
        {
            var n = graph[id];
            if (n.Kind == NodeKind.Variable)
            {
                var t = options.VariableTerm?.Invoke(n.Index);
                if (t is null)
                {
                    t = graph.VariableNames[n.Index];
                    decls.Add($"(declare-const {t} Real)");
                    declared.Add(n.Index);
                }
                varTerms[id] = t;
                continue;
            }
            if (n.IsLeaf || uses[id] < 2) continue;
            string name = options.Prefix + id;
            defs.Add($"(define-fun {name} () Real {Term(graph, id, names, varTerms, options, top: true)})");
            names[id] = name;
        }
        var rootTerms = roots.Select(r => Term(graph, r.Id, names, varTerms, options)).ToArray();
        return new SmtText(decls, defs, rootTerms, declared);
    }

    /// <summary>An exact SMT-LIB2 Real literal: <c>3.0</c>, <c>(- 3.0)</c>, <c>(/ 1 3)</c>, <c>(- (/ 1 3))</c>.</summary>
    public static string Number(Rational r)
    {
        var abs = r.Abs();
        string body = abs.IsInteger ? abs.Numerator + ".0" : $"(/ {abs.Numerator} {abs.Denominator})";
        return r.Sign < 0 ? $"(- {body})" : body;
    }

    private static string Term(ExpressionGraph g, int id, Dictionary<int, string> names, Dictionary<int, string> vars,
        SmtPrintOptions o, bool top = false)
    {
        if (!top && names.TryGetValue(id, out var nm)) return nm;
        var n = g[id];
        switch (n.Kind)
        {
            case NodeKind.Constant: return Number(n.Value);
            case NodeKind.Variable: return vars[id];
            case NodeKind.Sum:
                {
                    var parts = new List<string>(n._args.Length + 1);
                    for (int k = 0; k < n._args.Length; k++)
                    {
                        var t = Term(g, n._args[k], names, vars, o);
                        parts.Add(n._coefs[k] == Rational.One ? t : $"(* {Number(n._coefs[k])} {t})");
                    }
                    if (!n.Value.IsZero) parts.Add(Number(n.Value));
                    return parts.Count == 1 ? parts[0] : $"(+ {string.Join(" ", parts)})";
                }
            case NodeKind.Product:
                return $"(* {string.Join(" ", n._args.Select(a => Term(g, a, names, vars, o)))})";
            case NodeKind.Power:
                return Power(Term(g, n.Arg, names, vars, o), n.Index);
            case NodeKind.Piecewise:
                {
                    var f = n.Function!;
                    string z = Term(g, n.Arg, names, vars, o);
                    string Branch(Rational c) => c.IsZero ? "0.0" : f.Power == 0 ? Number(c) : Scale(c, Power(z, f.Power));
                    string jump = f.HasJumpAtZero ? (o.ClarkeTerm?.Invoke(n) ?? Number(f.Pos)) : Number(f.Pos);
                    if (o.Sign is { } sign)
                    {
                        int s = sign(n);
                        if (s == 0 && f.Power == 0) return jump;
                        return Branch(s >= 0 ? f.Pos : f.Neg);
                    }
                    if (f.Power == 0 && f.HasJumpAtZero)
                        return $"(ite (> {z} 0.0) {Number(f.Pos)} (ite (< {z} 0.0) {Number(f.Neg)} {jump}))";
                    return $"(ite (>= {z} 0.0) {Branch(f.Pos)} {Branch(f.Neg)})";
                }
            default: throw new InvalidOperationException();
        }
    }

    private static string Scale(Rational c, string t) => c == Rational.One ? t : $"(* {Number(c)} {t})";

    private static string Power(string b, int e)
    {
        if (e == 0) return "1.0";
        if (e == 1) return b;
        var sb = new StringBuilder("(*");
        for (int k = 0; k < e; k++) sb.Append(' ').Append(b);
        return sb.Append(')').ToString();
    }
}
