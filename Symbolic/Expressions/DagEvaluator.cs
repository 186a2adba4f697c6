using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Expressions;

/// <summary>
/// Evaluation of an <see cref="ExpressionGraph"/> in any <see cref="IScalar{T}"/> arithmetic, node by node in id
/// (topological) order so shared sub-terms are computed once. This is the one evaluator of N and ∇N: exact
/// (<see cref="Rational"/>, through <see cref="ExactDagEvaluator"/>), and in Verification the double Newton polish, the
/// interval enclosures of the Krawczyk test and forward-mode tangents for their Jacobians all run the same DAG, the
/// reverse-mode gradient built once by <see cref="ExpressionGraph.Gradient"/> (docs/theory.md#one-expression-three-back-ends).
/// </summary>
public static class DagEvaluator
{
    /// <summary>Decides a piecewise node itself (returns true with <paramref name="value"/>) or leaves it to
    /// <see cref="IScalar{T}.Piecewise"/> (returns false): exact evaluation uses it for the Clarke choice at a kink.</summary>
    public delegate bool PiecewiseOverride<T>(Node node, T argument, out T value);

    /// <summary>
    /// Fills <paramref name="values"/>[id] for every id in <paramref name="nodes"/> (ascending; entries already marked in
    /// <paramref name="done"/> are kept).
    /// </summary>
    public static void Evaluate<T>(ExpressionGraph graph, ReadOnlySpan<int> nodes, IReadOnlyList<T> variables, T[] values, bool[] done,
        PiecewiseOverride<T>? piecewise = null) where T : IScalar<T>
    {
        var one = Rational.One;
        var minusOne = Rational.MinusOne;
        foreach (int id in nodes)
        {
            if (done[id]) continue;
            var n = graph[id];
            T v;
            switch (n.Kind)
            {
                case NodeKind.Constant: v = T.FromRational(n.Value); break;
                case NodeKind.Variable: v = variables[n.Index]; break;
                case NodeKind.Sum:
                    {
                        v = T.FromRational(n.Value);
                        var args = n._args; var cs = n._coefs;
                        for (int k = 0; k < args.Length; k++)
                        {
                            var a = values[args[k]];
                            if (a.IsZero) continue;
                            var c = cs[k];
                            v = c == one ? v + a : c == minusOne ? v - a : v + T.FromRational(c) * a;
                        }
                        break;
                    }
                case NodeKind.Product:
                    {
                        var args = n._args;
                        v = values[args[0]];
                        for (int k = 1; k < args.Length && !v.IsZero; k++) v = v * values[args[k]];
                        break;
                    }
                case NodeKind.Power: v = T.Power(values[n.Arg], n.Index); break;
                case NodeKind.Piecewise:
                    {
                        var z = values[n.Arg];
                        var f = n.Function!;
                        if (piecewise is null || !piecewise(n, z, out v)) v = T.Piecewise(z, f.Pos, f.Neg, f.Power);
                        break;
                    }
                default: throw new InvalidOperationException();
            }
            values[id] = v;
            done[id] = true;
        }
    }

    /// <summary>Values of <paramref name="roots"/> at a point.</summary>
    public static T[] Evaluate<T>(ExpressionGraph graph, IReadOnlyList<Expr> roots, IReadOnlyList<T> variables, PiecewiseOverride<T>? piecewise = null)
        where T : IScalar<T>
    {
        var nodes = graph.Reachable(roots);
        var values = new T[graph.NodeCount];
        var done = new bool[graph.NodeCount];
        Evaluate(graph, nodes, variables, values, done, piecewise);
        return roots.Select(r => values[r.Id]).ToArray();
    }
}
