using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Expressions;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;
using Checker.Verification.Solvers;

namespace Checker.Verification.Clarke;

/// <summary>
/// Exact arguments that a sign pattern is NOT adjacent (docs/theory.md §2):
/// <list type="bullet">
/// <item>Layer 1: z_{1,j}(x_i) = W_1[j]·x_i is linear in the weights, so the signs of one layer-1 neuron on its kinked
/// samples must be a region of the central arrangement of those inputs; the exact LP deciding that is the first-order
/// test, and here it is exact (the engine enumerates the regions, <see cref="SignRegions"/>).</item>
/// <item>Sign tie: a deeper neuron whose input vector is 0 at the point on a kinked sample sees only kinked inputs there,
/// z = Σ_m W[j,m] c_P(m) z_m with z_m of sign P(m); when every such W[j,m] is non-zero with sign(W[j,m])·P(m) the same,
/// z has that sign on the whole region near the point (the [2,1,1,1] case).</item>
/// <item>Otherwise an SMT query (QF_NRA, σ exact as ite): no weights in the box |w − u|∞ ≤ r with the pattern's signs.
/// Unsat refutes adjacency (that box is a neighbourhood); sat or unknown decides nothing.</item>
/// </list>
/// </summary>
internal static class AdjacencyRefuter
{
    /// <summary>The reason the pattern is not adjacent by a sign tie, or null.</summary>
    public static string? Tie(KinkContext ctx, string pattern)
    {
        var net = ctx.Network;
        var values = ctx.Evaluation;
        for (int k = 0; k < ctx.Essential.Count; k++)
        {
            var kink = ctx.Essential[k];
            int l = kink.Layer, j = kink.Neuron, i = kink.Sample;
            if (l < 2) continue;
            var inputs = LayerValues(ctx, i, l - 1);
            if (inputs.Any(v => !v.Z.IsZero && !v.A.IsZero)) continue; // an active input: Δ can decide, no tie
            int forced = 0;
            bool applies = true;
            for (int m = 0; m < net.Widths[l - 1] && applies; m++)
            {
                if (!inputs[m].Z.IsZero) continue; // σ is 0 near the point on this side (a dead ReLU input)
                int km = ctx.IndexOf(l - 1, m, i);
                if (km < 0) { applies = false; break; } // an inessential kinked input: its side is free
                int side = pattern[km] == '+' ? 1 : -1;
                if (ctx.Slope(side).IsZero) continue;
                var wjm = ctx.U[net.Index(l, j, m)];
                if (wjm.IsZero) { applies = false; break; }
                int sign = wjm.Sign * side * ctx.Slope(side).Sign;
                if (forced == 0) forced = sign;
                else if (forced != sign) applies = false;
            }
            if (!applies || forced == 0) continue;
            int want = pattern[k] == '+' ? 1 : -1;
            if (want != forced)
                return $"{ClarkeSubdifferential.Describe(kink)} = Σ_m W{l}[{j + 1},m]·σ(z[{l - 1},m]) over kinked inputs only, whose signs the pattern fixes: it is {(forced > 0 ? "positive" : "negative")} on the whole region near the point";
        }
        return null;
    }

    /// <summary>(z, σ(z)) of every neuron of hidden layer <paramref name="layer"/> at sample i, at the point.</summary>
    private static List<(Rational Z, Rational A)> LayerValues(KinkContext ctx, int sample, int layer)
    {
        var z = ctx.Forward(sample, new Arc([]));
        return z[layer].Select(p => (p[0], ctx.Slope(p[0].Sign) * p[0])).ToList();
    }

    /// <summary>The neighbourhood query for one pattern, as SMT-LIB2 (QF_NRA). Kept in one place: every SMT text the
    /// Clarke engine writes comes from here.</summary>
    public static SmtQuery NeighbourhoodQuery(KinkContext ctx, string pattern, Rational radius)
    {
        var ncf = ExactEvaluator.ExpressionFor(ctx.Instance);
        var roots = ctx.Essential.Select(k => ncf.PreActivations[ncf.Site(k.Layer, k.Neuron, k.Sample)]).ToList();
        var text = SmtPrinter.Print(ncf.Graph, roots, new SmtPrintOptions { Prefix = "c_" });
        var script = new SmtScript()
            .Comment($"{ctx.Instance.Name}: is the kink sign pattern {pattern} realised in the box |w - u| <= {radius} around the point?")
            .Comment("unsat: the pattern is not adjacent to u (docs/theory.md section 2)")
            .Logic("QF_NRA")
            .Add(text.Declarations).Add(text.Definitions);
        foreach (int v in text.DeclaredVariables)
            script.Assert(Term.App("<=", ctx.U[v] - radius, Term.Var(ncf.Graph.VariableNames[v]), ctx.U[v] + radius));
        for (int k = 0; k < roots.Count; k++)
        {
            // A kink whose side does not change g_P may stay 0 on the whole piece (a ReLU path closed below it): that
            // piece still carries g_P, so only the weak sign is asked of it — unsat must rule out that piece as well.
            bool weak = FlipInvariant(ctx, pattern, k);
            script.Assert(pattern[k] == '+'
                ? (weak ? Term.Ge(text.Roots[k], Term.Zero) : Term.Gt(text.Roots[k], Term.Zero))
                : (weak ? Term.Le(text.Roots[k], Term.Zero) : Term.Lt(text.Roots[k], Term.Zero)));
        }
        return new SmtQuery($"clarke-adjacency-{pattern}", script, []);
    }

    /// <summary>g_P is the same with kink k on the other side.</summary>
    private static bool FlipInvariant(KinkContext ctx, string pattern, int k)
    {
        var flipped = pattern.ToCharArray();
        flipped[k] = pattern[k] == '+' ? '-' : '+';
        return ctx.Gradient(pattern).AsSpan().SequenceEqual(ctx.Gradient(new string(flipped)));
    }

    /// <summary>Unsat of <see cref="NeighbourhoodQuery"/>: the reason, or null when the solver did not refute.</summary>
    public static string? Neighbourhood(KinkContext ctx, string pattern, ClarkeOptions options, CancellationToken ct)
    {
        if (options.Solver is null) return null;
        var q = NeighbourhoodQuery(ctx, pattern, options.NeighbourhoodRadius);
        var answer = options.Solver.Solve(q, options.SolverLimit, ct);
        return answer.Status == SmtStatus.Unsat
            ? $"no weights with these signs within {options.NeighbourhoodRadius} of the point ({answer.Solver}: unsat, QF_NRA)"
            : null;
    }
}
