using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Clarke;
using Checker.Verification.Exact;

namespace Checker.Verification.Tests;

/// <summary>
/// Property test of adjacency: at random kinked points of L = 2 and L = 3 nets, the sign patterns of the essential kinks
/// met at many random nearby points (multi-scale perturbations, evaluated exactly) are all proved adjacent by the engine,
/// and on small cases (few essential kinks) every pattern the engine proves adjacent is met by the sampling.
/// </summary>
public class ClarkeAdjacencySamplingTests
{
    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        foreach (int depth in new[] { 2, 3 })
            for (int seed = 1; seed <= 6; seed++) data.Add(depth, seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SampledPatternsAreAdjacentAndSmallCasesAreCovered(int depth, int seed)
    {
        var (instance, u) = KinkedPoint(depth, seed);
        var sub = ClarkeEngine.Analyse(instance, u);
        Assert.True(sub.WithinCap);
        Assert.NotEmpty(sub.Essential);
        var zeros = new HashSet<string>();
        var sampled = Sample(instance, u, sub.Essential, seed, 3000, zeros);
        Assert.NotEmpty(sampled);
        foreach (var p in sampled)
        {
            var verdict = sub.Patterns.Single(q => q.Signs == p);
            Assert.True(verdict.Status == Adjacency.Adjacent, $"sampled pattern {p} is {verdict.Status}: {verdict.Reason}");
        }
        if (sub.Essential.Count <= 3)
            foreach (var p in sub.Adjacent)
                // A ReLU path closed below a kink keeps it exactly 0 on a whole piece, whose g_P does not depend on that
                // kink's side: such a piece is met with a 0 there and stands for both signs.
                Assert.True(sampled.Contains(p.Signs) || zeros.Any(z => z.Zip(p.Signs).All(c => c.First == '0' || c.First == c.Second)),
                    $"adjacent pattern {p.Signs} (arc) never sampled in {instance.Name}");
        // Refuted patterns exist on these constructions only when the structure forces them (parallel inputs, ties).
        Assert.All(sub.Patterns.Where(q => q.Status == Adjacency.NotAdjacent), q => Assert.DoesNotContain(q.Signs, sampled));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryArcRealisesItsPatternAtASmallStep(int depth, int seed)
    {
        // The arc is the adjacency proof: at the point u + Σ ε^k v_k for one small rational ε, evaluated exactly by the
        // network's own forward pass (not by the engine's ε-polynomials), every essential kink has the pattern's sign
        // (or stays exactly 0, which the engine accepts only where that kink's side does not change g_P).
        var (instance, u) = KinkedPoint(depth, seed);
        var sub = ClarkeEngine.Analyse(instance, u);
        var ncf = ExactEvaluator.ExpressionFor(instance);
        var eps = new Rational(1, 1) / new Rational(System.Numerics.BigInteger.Pow(10, 20));
        int strict = 0;
        foreach (var p in sub.Adjacent)
        {
            Assert.NotNull(p.Arc);
            var w = (Rational[])u.Flat.Clone();
            foreach (var (order, index, value) in p.Arc!.Terms()) w[index] += value * eps.Pow(order);
            var signs = ncf.Evaluate(new WeightPoint(instance.Network, w)).Pattern;
            for (int k = 0; k < sub.Essential.Count; k++)
            {
                var kink = sub.Essential[k];
                int got = signs[kink.Layer, kink.Neuron, kink.Sample];
                Assert.True(got == 0 || got == (p.Signs[k] == '+' ? 1 : -1), $"{instance.Name}: the arc of {p.Signs} gives {ClarkeSubdifferential.Describe(kink)} the sign {got}");
                if (got != 0) strict++;
            }
        }
        Assert.True(strict > 0);
    }

    [Fact]
    public void TheConstructionsIncludeRefutedPatternsAndDeeperKinks()
    {
        int refuted = 0, deeper = 0;
        foreach (int depth in new[] { 2, 3 })
            for (int seed = 1; seed <= 6; seed++)
            {
                var (instance, u) = KinkedPoint(depth, seed);
                var sub = ClarkeEngine.Analyse(instance, u);
                refuted += sub.Patterns.Count(p => p.Status == Adjacency.NotAdjacent);
                deeper += sub.Essential.Count(k => k.Layer >= 2);
            }
        Assert.True(refuted > 0, "no refuted pattern: the property test would not see parallel inputs or ties");
        Assert.True(deeper > 0, "no kink above layer 1");
    }

    [Theory]
    [InlineData(10, false)]
    [InlineData(15, false)]
    [InlineData(39, false)]
    public void UndecidedAdjacencyLeavesTheClarkeAnswerOpenOnlyWhereItCouldMatter(int seed, bool? clarke)
    {
        // (Seeds 51, 54 and 57 were such points until arcs learned to wake dormant ReLU neurons positively and to leave
        // a kink on a closed path at 0: they are decided now, and no seed up to 1500 leaves the answer open.)
        // Without a solver some patterns of these L = 3 points stay undecided. The Clarke answer is then open (null)
        // exactly when the target is outside the hull of the proved-adjacent g_P but inside the hull once the undecided
        // ones are added; when even that larger hull misses it, "not a Clarke KKT point" is proved. Both hulls are
        // recomputed here with the exact LP, independently of the engine's bookkeeping.
        var (instance, u) = KinkedPoint(3, seed);
        var r = ClarkeKkt.Decide(instance, u);
        var sub = r.Subdifferential;
        Assert.Contains(sub.Patterns, p => p.Status == Adjacency.Inconclusive);
        Assert.False(sub.AdjacencyDecided);
        Assert.Null(sub.Differentiable);
        var adjacent = sub.Patterns.Where(p => p.Status == Adjacency.Adjacent).Select(p => p.Gradient).ToList();
        var possible = sub.Patterns.Where(p => p.Status != Adjacency.NotAdjacent).Select(p => p.Gradient).ToList();
        Assert.NotEmpty(adjacent);
        Assert.Null(ExactLp.ConvexWeights(adjacent, r.Target));
        Assert.Equal(clarke is null, ExactLp.ConvexWeights(possible, r.Target) is not null);
        Assert.Equal(clarke, r.ClarkeStationary);
        Assert.Equal(clarke, r.Kkt);
        Assert.Equal(ExactLp.ConvexWeights(sub.Patterns.Select(p => p.Gradient).ToList(), r.Target) is not null, r.AdStationary);
        Assert.Empty(r.ConvexWeights);
    }

    [Fact]
    public void AZeroWeightOnAKinkedInputDoesNotTieTheSignAbove()
    {
        // [2,2,2,1] leaky: both layer-1 rows orthogonal to x_1 (two kinks), W_2 = [[0,1],[1,1]] puts layer-2 neuron 1 on
        // a kink too, and its weight on layer-1 neuron 1 is 0. Perturbing that weight lets neuron 1 outweigh neuron 2 at
        // second order, so z[2,1] is NOT tied to the sign of z[1,2]: sampled points realise both, and no pattern met near
        // the point may be refuted (a refutation is a proof that the pattern does not occur there).
        var act = TestInstances.Leaky(1, 10);
        var net = new Network([2, 2, 2, 1], act);
        var instance = new Instance("zero-weight-tie", [new Rational[] { 1, 2 }, new Rational[] { 1, -1 }, new Rational[] { -2, 1 }], [1, -1, 2], net);
        var u = new WeightPoint(net, [-2, 1, 4, -2, 0, 1, 1, 1, 1, -1]);
        var sub = ClarkeEngine.Analyse(instance, u);
        Assert.Equal(["z[1,1](x_1)", "z[1,2](x_1)", "z[2,1](x_1)", "z[2,2](x_1)"], sub.Essential.Select(ClarkeSubdifferential.Describe));
        var sampled = Sample(instance, u, sub.Essential, 1, 4000);
        Assert.Contains(sampled, p => p[1] != p[2]);
        Assert.All(sub.Patterns.Where(q => q.Status == Adjacency.NotAdjacent), q => Assert.DoesNotContain(q.Signs, sampled));
        // z[2,2] = σ(z[1,1]) + σ(z[1,2]) with both weights 1 IS tied where both inputs agree: (+,+,·,−) and (−,−,·,+) are refuted.
        Assert.Equal(["+++-", "++--", "--++", "---+"], sub.Patterns.Where(q => q.Status == Adjacency.NotAdjacent).Select(q => q.Signs));
        Assert.All(sub.Adjacent, q => Assert.Contains(q.Signs, sampled));
    }

    /// <summary>A small instance with parallel/antiparallel inputs and a point with kinks on layer 1 and (L = 3) layer 2.</summary>
    private static (Instance, WeightPoint) KinkedPoint(int depth, int seed)
    {
        var rng = new Random(seed * 31 + depth);
        int R() { int v; do v = rng.Next(-3, 4); while (v == 0); return v; }
        var x0 = new Rational[] { R(), R() };
        var inputs = new List<Rational[]> { x0, x0.Select(v => -2 * v).ToArray(), new Rational[] { R(), R() }, new Rational[] { R(), R() } };
        if (seed % 2 == 0) inputs.Add(x0.Select(v => 3 * v).ToArray());
        var labels = inputs.Select(_ => (Rational)R()).ToList();
        var act = seed % 3 == 0 ? Activation.Relu : TestInstances.Leaky(1, 10);
        int width = seed % 3 == 2 && depth == 3 ? 1 : 2;
        var widths = new List<int> { 2 };
        for (int l = 1; l < depth; l++) widths.Add(width);
        widths.Add(1);
        var net = new Network(widths, act);
        var instance = new Instance($"kinked-L{depth}-{seed}", inputs, labels, net);
        var w = new Rational[net.WeightCount];
        for (int k = 0; k < w.Length; k++) w[k] = R();
        // Row 1 of W_1 orthogonal to x0: kinks on x0 and its (anti)parallel copies.
        w[net.Index(1, 0, 0)] = -x0[1]; w[net.Index(1, 0, 1)] = x0[0];
        if (width > 1 && seed % 2 == 1) { var x2 = inputs[2]; w[net.Index(1, 1, 0)] = -x2[1]; w[net.Index(1, 1, 1)] = x2[0]; }
        if (depth == 3 && width > 1)
        {
            // Row 1 of W_2 orthogonal to the layer-1 output at x_3 (a kink one layer up).
            var z1 = Enumerable.Range(0, 2).Select(r => w[net.Index(1, r, 0)] * inputs[3][0] + w[net.Index(1, r, 1)] * inputs[3][1]).ToArray();
            var a1 = z1.Select(act.Apply).ToArray();
            if (!a1.All(v => v.IsZero)) { w[net.Index(2, 0, 0)] = -a1[1]; w[net.Index(2, 0, 1)] = a1[0]; }
        }
        return (instance, new WeightPoint(net, w));
    }

    /// <summary>Signs of the essential kinks at random points u + Σ 10^{−k_row}·r (r small integers, a random scale per
    /// row so that thin regions opened only at higher order are met too), evaluated exactly.</summary>
    private static HashSet<string> Sample(Instance instance, WeightPoint u, IReadOnlyList<Kink> essential, int seed, int count, HashSet<string>? zeros = null)
    {
        var net = instance.Network;
        var rng = new Random(seed);
        var seen = new HashSet<string>();
        var ncf = ExactEvaluator.ExpressionFor(instance);
        for (int t = 0; t < count; t++)
        {
            var w = (Rational[])u.Flat.Clone();
            for (int l = 1; l <= net.Depth; l++)
                for (int r = 0; r < net.Widths[l]; r++)
                {
                    var scale = new Rational(1, (long)Math.Pow(10, rng.Next(2, 8)));
                    for (int c = 0; c < net.Widths[l - 1]; c++) w[net.Index(l, r, c)] += scale * rng.Next(-1000, 1001) / 1000;
                }
            var pattern = ncf.Evaluate(new WeightPoint(net, w)).Pattern;
            var chars = essential.Select(k => pattern[k.Layer, k.Neuron, k.Sample] switch { > 0 => '+', < 0 => '-', _ => '0' }).ToArray();
            if (chars.Contains('0')) { zeros?.Add(new string(chars)); continue; }
            seen.Add(new string(chars));
        }
        return seen;
    }
}
