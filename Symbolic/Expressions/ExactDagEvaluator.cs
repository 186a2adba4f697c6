using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Expressions;

/// <summary>
/// Exact evaluation of an <see cref="ExpressionGraph"/> at rational values of its variables, node by node in id
/// (topological) order, so shared sub-terms are computed once. Never touches <c>double</c>.
/// </summary>
public static class ExactDagEvaluator
{
    /// <summary>
    /// Fills <paramref name="values"/>[id] for every id in <paramref name="nodes"/> (ascending; entries already marked in
    /// <paramref name="done"/> are kept). A step with a jump evaluated at 0 (σ' at a kink) takes
    /// <paramref name="jumpValue"/>(node), which must lie in its Clarke interval.
    /// </summary>
    public static void Evaluate(ExpressionGraph graph, ReadOnlySpan<int> nodes, IReadOnlyList<Rational> variables,
        Rational[] values, bool[] done, Func<Node, Rational>? jumpValue = null)
    {
        foreach (int id in nodes)
        {
            if (done[id]) continue;
            var n = graph[id];
            Rational v;
            switch (n.Kind)
            {
                case NodeKind.Constant: v = n.Value; break;
                case NodeKind.Variable: v = variables[n.Index]; break;
                case NodeKind.Sum:
                    {
                        v = n.Value;
                        var args = n._args; var cs = n._coefs;
                        for (int k = 0; k < args.Length; k++)
                        {
                            var a = values[args[k]];
                            if (a.IsZero) continue;
                            var c = cs[k];
                            v += c == Rational.One ? a : c == Rational.MinusOne ? -a : c * a;
                        }
                        break;
                    }
                case NodeKind.Product:
                    {
                        var args = n._args;
                        v = values[args[0]];
                        for (int k = 1; k < args.Length && !v.IsZero; k++) v *= values[args[k]];
                        break;
                    }
                case NodeKind.Power: v = values[n.Arg].Pow(n.Index); break;
                case NodeKind.Piecewise:
                    {
                        var z = values[n.Arg];
                        var f = n.Function!;
                        if (z.IsZero && f.HasJumpAtZero)
                        {
                            if (jumpValue is null) throw new InvalidOperationException("a Clarke choice is needed at a kink");
                            v = jumpValue(n);
                            var (lo, hi) = f.ClarkeInterval;
                            if (v < lo || v > hi) throw new ArgumentException($"Clarke value {v} outside [{lo}, {hi}]");
                        }
                        else v = f.Apply(z);
                        break;
                    }
                default: throw new InvalidOperationException();
            }
            values[id] = v;
            done[id] = true;
        }
    }

    /// <summary>Values of <paramref name="roots"/> at a point (no kinks expected; throws if a Clarke choice is needed
    /// and <paramref name="jumpValue"/> is null).</summary>
    public static Rational[] Evaluate(ExpressionGraph graph, IReadOnlyList<Expr> roots, IReadOnlyList<Rational> variables,
        Func<Node, Rational>? jumpValue = null)
    {
        var nodes = graph.Reachable(roots);
        var values = new Rational[graph.NodeCount];
        var done = new bool[graph.NodeCount];
        Evaluate(graph, nodes, variables, values, done, jumpValue);
        return roots.Select(r => values[r.Id]).ToArray();
    }
}
