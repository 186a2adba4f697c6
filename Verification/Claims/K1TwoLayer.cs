using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Clarke;
using Checker.Verification.Exact;
using Checker.Verification.Reduced;
using Checker.Verification.Solvers;

namespace Checker.Verification.Claims;

/// <summary>One positive reduced KKT point of f_s = s·F for a two-layer net: g = λ·b̂ ∈ ∂f_s(b̂) (rational, ‖g‖ = λ).</summary>
public sealed record K1ReducedPoint(int Sign, Rational[] G, Rational ValueSquared, string Pattern);

/// <summary>The outcome of the exact two-layer decision of K1.</summary>
public sealed record K1TwoLayerResult(
    bool Complete,
    string Reason,
    IReadOnlyList<K1ReducedPoint> Points,
    int PairsTried,
    WeightPoint? Witness,
    ClarkeKktResult? Decision,
    (K1ReducedPoint A, K1ReducedPoint B)? Pair);

/// <summary>
/// K1 decided exactly for two-layer nets with p = 1 (docs/theory.md#k1-on-two-layer-nets). N(W_1, v) = Σ_j v_j F(w_j)
/// with F(w) = Σ_i y_i σ(x_iᵀw) separates over neurons, so ∂N is the product of the neurons' Clarke subdifferentials
/// and a point with λ = 2N &gt; 0 is KKT iff every neuron is zero or has |v_j| = ‖w_j‖ and w_j/‖w_j‖ a reduced KKT point of
/// s_j·F (s_j = sign v_j) with value exactly λ. A positive KKT point with rank(W_1) ≥ 2 therefore exists iff the width is
/// at least 2 and two non-parallel positive reduced KKT points of F or −F have the same value; the complete reduced
/// enumerations for s = (+1, +1) and (+1, −1) decide that. Each pair found is lifted to a rational point
/// (w_j = g_j, v_j = s_j, so |v_j|/‖w_j‖ = 1/λ for every neuron: a KKT point up to a rescaling of each layer) and decided
/// by the exact Clarke engine, which is the certificate; the characterisation only chooses what to decide.
/// </summary>
public static class K1TwoLayer
{
    public static bool Applies(Instance instance) =>
        instance.Network.Depth == 2 && instance.Network.Activation.Power == 1;

    public static K1TwoLayerResult Decide(Instance instance, string solverName, ClarkeOptions clarke, DateTime deadline, int seed, CancellationToken ct)
    {
        var net = instance.Network;
        var (complete, reason, points) = ReducedPoints(instance, solverName, deadline, seed, ct);
        if (!complete) return Incomplete(reason, points);
        return Pairs(instance, clarke, points, ct);
    }

    /// <summary>Every positive reduced KKT point of F and −F with its rational element g = λb̂, or why the list is not
    /// complete.</summary>
    public static (bool Complete, string Reason, List<K1ReducedPoint> Points) ReducedPoints(Instance instance, string solverName, DateTime deadline, int seed, CancellationToken ct)
    {
        var points = new List<K1ReducedPoint>();
        foreach (int s2 in new[] { 1, -1 })
        {
            var solver = SolverFactory.TryCreate(solverName, out var err) ?? throw new ArgumentException(err);
            var problem = ReducedProblem.Create(instance, [1, s2]);
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero) return (false, "time limit reached before the reduced enumerations finished", points);
            var r = ReducedKktSearch.Run(problem, new ReducedKktOptions(solver) { Deadline = deadline, QueryLimit = remaining, RandomSeed = seed }, null, ct);
            if (!r.Complete) return (false, $"reduced enumeration for s = ({problem.SignsText}) not complete: {r.Reason}", points);
            if (r.Families.Any(f => f.ValueSign > 0))
                return (false, $"reduced problem for s = ({problem.SignsText}) has a continuum of positive KKT points (not enumerated pairwise)", points);
            foreach (var p in r.Points.Where(p => p.Positive))
            {
                var g = Element(problem, p);
                if (g is null) return (false, $"no rational element λb̂ of ∂f for the reduced point {p.Pattern} (s = ({problem.SignsText}))", points);
                points.Add(new K1ReducedPoint(s2, g, p.ValueSquared, p.Pattern));
            }
        }
        return (true, "", points);
    }

    private static K1TwoLayerResult Pairs(Instance instance, ClarkeOptions clarke, List<K1ReducedPoint> points, CancellationToken ct)
    {
        var net = instance.Network;
        int pairs = 0;
        if (net.Widths[1] >= 2)
            foreach (var group in points.GroupBy(p => p.ValueSquared))
            {
                var list = group.ToList();
                for (int a = 0; a < list.Count; a++)
                    for (int b = a + 1; b < list.Count; b++)
                    {
                        ct.ThrowIfCancellationRequested();
                        if (RationalLinearAlgebra.Parallel(list[a].G, list[b].G)) continue;
                        pairs++;
                        var u = Lift(net, list[a], list[b]);
                        var decision = ClarkeKkt.Decide(instance, u, SubdifferentialMode.Clarke, clarke, ct);
                        if (decision.Kkt == true && decision.Value.Sign > 0)
                            return new K1TwoLayerResult(true, "", points, pairs, u, decision, (list[a], list[b]));
                        if (decision.Kkt != false)
                            return new K1TwoLayerResult(false, $"the Clarke engine could not decide a lifted pair: {decision.Reason}", points, pairs, null, null, null);
                        // Kkt == false contradicts the characterisation: report it rather than claim a proof.
                        return new K1TwoLayerResult(false, $"a lifted pair of reduced KKT points is not a Clarke KKT point ({decision.Reason}); the two-layer characterisation did not hold here", points, pairs, null, null, null);
                    }
            }
        return new K1TwoLayerResult(true, net.Widths[1] < 2
            ? "hidden width 1: W_1 has one row"
            : "no two non-parallel positive reduced KKT points share a value", points, pairs, null, null, null);
    }

    private static K1TwoLayerResult Incomplete(string reason, List<K1ReducedPoint> points) => new(false, reason, points, 0, null, null, null);

    /// <summary>λb̂ as a rational vector: the gradient of the point's slopes when it is the right element, else
    /// √(q/‖b‖²)·b when that factor is rational; null otherwise.</summary>
    private static Rational[]? Element(ReducedProblem problem, ReducedKktPoint p)
    {
        var b = p.Direction;
        var g = problem.Gradient(p.Slopes);
        if (RationalLinearAlgebra.SameRay(g, b) && RationalLinearAlgebra.Dot(g, g) == p.ValueSquared) return g;
        var ratio = p.ValueSquared / RationalLinearAlgebra.Dot(b, b);
        var num = SqrtDecimal.ISqrt(ratio.Numerator);
        var den = SqrtDecimal.ISqrt(ratio.Denominator);
        if (num * num != ratio.Numerator || den * den != ratio.Denominator) return null;
        var t = new Rational(num, den);
        return b.Select(v => t * v).ToArray();
    }

    /// <summary>W_1 rows g_a, g_b (others 0), W_2 = (s_a, s_b, 0, …).</summary>
    public static WeightPoint Lift(Network net, K1ReducedPoint a, K1ReducedPoint b)
    {
        var w = Enumerable.Repeat(Rational.Zero, net.WeightCount).ToArray();
        int d = net.Widths[0];
        for (int c = 0; c < d; c++)
        {
            w[net.Index(1, 0, c)] = a.G[c];
            w[net.Index(1, 1, c)] = b.G[c];
        }
        w[net.Index(2, 0, 0)] = a.Sign;
        w[net.Index(2, 0, 1)] = b.Sign;
        return new WeightPoint(net, w);
    }
}
