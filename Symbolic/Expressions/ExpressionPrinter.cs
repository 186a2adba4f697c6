using System.Text;
using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Expressions;

/// <summary>
/// Plain-text and LaTeX printers of DAG roots. A node used more than once (and not a leaf) is printed once as an
/// auxiliary definition <c>t_k = …</c> and referred to by name, so output stays proportional to the DAG, not to its
/// expansion. Deterministic: names follow node ids, terms follow the graph's canonical order. σ nodes print as
/// σ(z), their derivatives as σ'(z), σ''(z), ….
/// </summary>
public static class ExpressionPrinter
{
    public static string Text(ExpressionGraph graph, IReadOnlyList<Expr> roots, IReadOnlyList<string>? labels = null) =>
        Print(graph, roots, labels, latex: false);

    /// <summary>An <c>aligned</c> block, one line per definition and root.</summary>
    public static string Latex(ExpressionGraph graph, IReadOnlyList<Expr> roots, IReadOnlyList<string>? labels = null) =>
        Print(graph, roots, labels, latex: true);

    private static string Print(ExpressionGraph graph, IReadOnlyList<Expr> roots, IReadOnlyList<string>? labels, bool latex)
    {
        if (labels is not null && labels.Count != roots.Count) throw new ArgumentException("one label per root");
        var nodes = graph.Reachable(roots);
        var uses = graph.UseCounts(roots, nodes);
        var names = new Dictionary<int, string>();
        var lines = new List<(string Lhs, string Rhs)>();
        var rootIds = roots.Select(r => r.Id).ToHashSet();
        foreach (int id in nodes)
        {
            var n = graph[id];
            if (n.IsLeaf || uses[id] < 2 || (rootIds.Contains(id) && roots.Count == 1)) continue;
            string name = latex ? $"t_{{{names.Count + 1}}}" : $"t{names.Count + 1}";
            lines.Add((name, Format(graph, id, names, latex, top: true)));
            names[id] = name;
        }
        for (int k = 0; k < roots.Count; k++)
        {
            string lhs = labels?[k] ?? (roots.Count == 1 && lines.Count == 0 ? "" : (latex ? $"r_{{{k + 1}}}" : $"r{k + 1}"));
            lines.Add((lhs, names.TryGetValue(roots[k].Id, out var nm) ? nm : Format(graph, roots[k].Id, names, latex, top: true)));
        }
        if (lines.Count == 1 && lines[0].Lhs == "") return lines[0].Rhs;
        if (!latex) return string.Join("\n", lines.Select(l => $"{l.Lhs} = {l.Rhs}"));
        return "\\begin{aligned}\n" + string.Join(" \\\\\n", lines.Select(l => $"{l.Lhs} &= {l.Rhs}")) + "\n\\end{aligned}";
    }

    private static string Format(ExpressionGraph g, int id, Dictionary<int, string> names, bool latex, bool top = false)
    {
        if (!top && names.TryGetValue(id, out var name)) return name;
        var n = g[id];
        switch (n.Kind)
        {
            case NodeKind.Constant: return Number(n.Value, latex);
            case NodeKind.Variable: return latex ? g.VariableLatexNames[n.Index] : g.VariableNames[n.Index];
            case NodeKind.Sum:
                {
                    var sb = new StringBuilder();
                    for (int k = 0; k < n._args.Length; k++)
                    {
                        var c = n._coefs[k];
                        string t = Factor(g, n._args[k], names, latex);
                        if (k == 0) { if (c.Sign < 0) sb.Append('-'); }
                        else sb.Append(c.Sign < 0 ? " - " : " + ");
                        var abs = c.Abs();
                        if (abs != Rational.One) sb.Append(Number(abs, latex)).Append(latex ? " " : "*");
                        sb.Append(t);
                    }
                    if (!n.Value.IsZero) sb.Append(n.Value.Sign < 0 ? " - " : " + ").Append(Number(n.Value.Abs(), latex));
                    return sb.ToString();
                }
            case NodeKind.Product:
                return string.Join(latex ? " " : "*", n._args.Select(a => Factor(g, a, names, latex)));
            case NodeKind.Power:
                {
                    string b = Atom(g, n.Arg, names, latex);
                    return latex ? $"{{{b}}}^{{{n.Index}}}" : $"{b}^{n.Index}";
                }
            case NodeKind.Piecewise:
                {
                    string z = Format(g, n.Arg, names, latex);
                    string f = n.Order switch
                    {
                        0 => latex ? "\\sigma" : "σ",
                        1 => latex ? "\\sigma'" : "σ'",
                        2 => latex ? "\\sigma''" : "σ''",
                        _ => latex ? $"\\sigma^{{({n.Order})}}" : $"σ^({n.Order})",
                    };
                    return latex ? $"{f}\\left({z}\\right)" : $"{f}({z})";
                }
            default: throw new InvalidOperationException();
        }
    }

    // A factor of a product or a scaled term: sums need parentheses.
    private static string Factor(ExpressionGraph g, int id, Dictionary<int, string> names, bool latex)
    {
        var s = Format(g, id, names, latex);
        bool sum = !names.ContainsKey(id) && (g[id].Kind == NodeKind.Sum || (g[id].Kind == NodeKind.Constant && g[id].Value.Sign < 0));
        return sum ? (latex ? $"\\left({s}\\right)" : $"({s})") : s;
    }

    // A base of a power: anything but a name or a variable needs parentheses.
    private static string Atom(ExpressionGraph g, int id, Dictionary<int, string> names, bool latex)
    {
        var s = Format(g, id, names, latex);
        bool atomic = names.ContainsKey(id) || g[id].Kind == NodeKind.Variable || (g[id].Kind == NodeKind.Constant && g[id].Value.Sign >= 0 && g[id].Value.IsInteger);
        return atomic ? s : (latex ? $"\\left({s}\\right)" : $"({s})");
    }

    private static string Number(Rational r, bool latex)
    {
        if (!latex || r.IsInteger) return r.ToString();
        var abs = r.Abs();
        return (r.Sign < 0 ? "-" : "") + $"\\frac{{{abs.Numerator}}}{{{abs.Denominator}}}";
    }
}
