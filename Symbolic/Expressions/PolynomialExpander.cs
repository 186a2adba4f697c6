using Checker.Symbolic.Numbers;
using Checker.Symbolic.Polynomials;

namespace Checker.Symbolic.Expressions;

/// <summary>
/// Expands DAG roots into canonical <see cref="Polynomial"/>s once the sign of every piecewise node is fixed (an
/// activation pattern, docs/theory.md#activation-patterns): σ(z) becomes the monomial a±·z^p. Each node is expanded once (shared sub-terms
/// are shared work). A size guard stops as soon as an intermediate polynomial exceeds the term limit, or a product
/// would need more than 16× the limit in term multiplications, and reports it instead of exhausting memory.
/// </summary>
public static class PolynomialExpander
{
    public const long DefaultMaxTerms = 100_000;

    /// <param name="ring">The target ring; graph variable v maps to <paramref name="variableImage"/>(v), by default ring
    /// variable v.</param>
    /// <param name="sign">The sign (+1, −1, 0) to use for a piecewise node (typically from the pattern at its site).</param>
    /// <param name="jumpValue">The slope of a step with a jump whose sign is 0 (a Clarke choice); default the z ≥ 0
    /// branch, consistent with σ(z) = a₊z used for sign 0 (so the expanded gradient is the derivative of the expanded N).</param>
    public static ExpansionResult Expand(ExpressionGraph graph, IReadOnlyList<Expr> roots, PolynomialRing ring,
        Func<Node, int> sign, Func<Node, Rational>? jumpValue = null, Func<int, Polynomial>? variableImage = null,
        long maxTerms = DefaultMaxTerms)
    {
        var nodes = graph.Reachable(roots);
        var values = new Polynomial?[graph.NodeCount];
        long largest = 0;
        foreach (int id in nodes)
        {
            var n = graph[id];
            Polynomial v;
            switch (n.Kind)
            {
                case NodeKind.Constant: v = ring.Constant(n.Value); break;
                case NodeKind.Variable: v = variableImage?.Invoke(n.Index) ?? ring.Variable(n.Index); break;
                case NodeKind.Sum:
                    {
                        var acc = new PolynomialBuilder(ring);
                        for (int k = 0; k < n._args.Length; k++) acc.Add(values[n._args[k]]!, n._coefs[k]);
                        acc.Add(Monomial.One, n.Value);
                        v = acc.ToPolynomial();
                        break;
                    }
                case NodeKind.Product:
                    {
                        v = values[n._args[0]]!;
                        for (int k = 1; k < n._args.Length; k++)
                        {
                            var b = values[n._args[k]]!;
                            if ((long)v.TermCount * b.TermCount > 16 * maxTerms)
                                return TooBig($"a product of {v.TermCount} by {b.TermCount} terms exceeds the work limit (16 × {maxTerms})", largest);
                            v *= b;
                        }
                        break;
                    }
                case NodeKind.Power:
                    {
                        var b = values[n.Arg]!;
                        if (EstimatePowerTerms(b.TermCount, n.Index) > 16 * maxTerms)
                            return TooBig($"a power {n.Index} of {b.TermCount} terms exceeds the work limit (16 × {maxTerms})", largest);
                        v = b.Pow(n.Index);
                        break;
                    }
                case NodeKind.Piecewise:
                    {
                        var f = n.Function!;
                        int s = sign(n);
                        Rational c;
                        if (f.Power == 0 && s == 0) c = f.HasJumpAtZero ? jumpValue?.Invoke(n) ?? f.Pos : f.Pos;
                        else c = s >= 0 ? f.Pos : f.Neg;
                        var z = values[n.Arg]!;
                        if (f.Power > 1 && EstimatePowerTerms(z.TermCount, f.Power) > 16 * maxTerms)
                            return TooBig($"a power {f.Power} of {z.TermCount} terms exceeds the work limit (16 × {maxTerms})", largest);
                        v = c.IsZero ? ring.Zero : f.Power == 0 ? ring.Constant(c) : c * z.Pow(f.Power);
                        break;
                    }
                default: throw new InvalidOperationException();
            }
            largest = Math.Max(largest, v.TermCount);
            if (v.TermCount > maxTerms) return TooBig($"an intermediate polynomial has {v.TermCount} terms, more than the limit {maxTerms}", largest);
            values[id] = v;
        }
        return new ExpansionResult(roots.Select(r => values[r.Id]!).ToArray(), false, null, largest);
    }

    private static ExpansionResult TooBig(string reason, long largest) => new(null, true, reason, largest);

    // Number of monomials of degree e in t variables: an upper bound on the terms of (t terms)^e.
    private static double EstimatePowerTerms(int t, int e)
    {
        double r = 1;
        for (int k = 1; k <= e; k++) r = r * (t + k - 1) / k;
        return r;
    }
}
