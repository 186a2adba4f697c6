using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Clarke;
using Checker.Verification.Exact;
using Checker.Verification.RankOne;

namespace Checker.Verification.Tests;

/// <summary>
/// Lemma 7 of docs/theory.md#rank-one-case-split (one neuron in layer 1): on a kinked face whose samples do not cancel, a
/// point where N is differentiable has a linear network above layer 1, so ∇_{W₁}N = c·Xy, and a KKT point with N &gt; 0
/// needs w₁ on the line of Xy. Cross-checked against the exact Clarke engine, which shares no reasoning with the lemma: at
/// points of every face the lemma leaves out, built so that the layers above are odd (the only way N can be differentiable
/// there), either the engine proves N non-differentiable or the W₁ block of the gradient is no positive multiple of W₁.
/// </summary>
public class OneNeuronLayerOneTests
{
    private static Rational[] Row(params Rational[] v) => v;
    private static Rational R(int n, int d = 1) => new(n, d);
    private static Rational P(string s) => Rational.TryParse(s, out var v, out var e) ? v : throw new FormatException(e);

    [Fact]
    public void Faces_of_the_correlation_vector_are_the_only_kinked_faces_kept()
    {
        var leaky = TestInstances.Leaky(1, 10);
        // Xy = (1, 0): samples 2 and 3 lie on its orthogonal line, with Σ y|r| = 1 + 1/2·2 ≠ 0 (no cancelling).
        var perp = new Instance("perp", [Row(1, 0), Row(0, 1), Row(0, -2)], [1, 1, R(1, 2)], new Network([2, 1, 2, 1], leaky));
        Assert.True(KinkedInputFace.IsFaceOfCorrelation(perp, [1, 0, 0]));
        Assert.True(KinkedInputFace.IsFaceOfCorrelation(perp, [-1, 0, 0]));
        Assert.False(KinkedInputFace.NoDifferentiableKktPoint(perp, [1, 0, 0], aboveNotOdd: false));
        Assert.True(KinkedInputFace.NoDifferentiableKktPoint(perp, [1, 0, 0], aboveNotOdd: true));
        // Sample 1 on its kink: not the face of ±Xy, so left out; an open cell has no kink and stays whatever Xy is.
        Assert.True(KinkedInputFace.NoDifferentiableKktPoint(perp, [0, 1, -1], aboveNotOdd: false));
        Assert.False(KinkedInputFace.NoDifferentiableKktPoint(perp, [1, 1, -1], aboveNotOdd: false));
        // Xy = 0: N = c·w₁ᵀXy = 0 at every such point, so every kinked non-cancelling face goes.
        var zero = new Instance("xy0", [Row(1, 2), Row(2, -1), Row(3, 1)], [1, 1, -1], new Network([2, 1, 2, 1], leaky));
        Assert.True(zero.CorrelationVector().All(v => v.IsZero));
        var kinked = RankOneCaseSplit.Faces(zero.Inputs, 2).Where(f => KinkedInputFace.HasKink(zero.Inputs, f)).ToList();
        Assert.NotEmpty(kinked);
        Assert.All(kinked, f => Assert.True(KinkedInputFace.NoDifferentiableKktPoint(zero, f, aboveNotOdd: false)));
        // Two neurons in layer 1: Lemma 7 says nothing, only Lemma 6's (ii) can leave a face out.
        var wide = new Instance("wide", perp.Inputs, perp.Labels, new Network([2, 2, 2, 1], leaky));
        Assert.False(KinkedInputFace.NoDifferentiableKktPoint(wide, [0, 1, -1], aboveNotOdd: false));
    }

    public static TheoryData<string, string, string, int[]> Instances => new()
    {
        // The two leaky nets of the depth-3 census (seed 13, instances 04 and 10) that left C4/C5 open.
        { "-4,-1/2;1/2,4;3,-2;-3,3/4;-3/2,-1", "1,1/2,-1,-2,-2", "leaky:1/10", [2, 1, 2, 1] },
        { "2,-2;-2,-3;-3,4;1,-1", "3,1,1/4,1", "leaky:1/10", [2, 1, 2, 1] },
        // Depth 4, and a three-dimensional input with a wider layer above.
        { "1,2;-2,1;1,-3;3,1", "1,-1,2,1/2", "leaky:1/4", [2, 1, 2, 2, 1] },
        { "1,0,2;-1,3,1;2,-1,-1;0,1,-3", "2,-1,1,3/2", "leaky:1/2", [3, 1, 3, 1] },
    };

    [Theory]
    [MemberData(nameof(Instances))]
    public void Left_out_faces_have_no_differentiable_kkt_point_with_positive_value(string x, string y, string act, int[] widths)
    {
        var inst = new Instance("one-neuron", x.Split(';').Select(r => r.Split(',').Select(P).ToArray()).ToArray(),
            y.Split(',').Select(P).ToArray(), new Network(widths, Activation.TryParsePreset(act, out _)!));
        var net = inst.Network;
        var rng = new Random(widths.Sum() + x.Length);
        int fired = 0, differentiable = 0;
        foreach (var face in RankOneCaseSplit.Faces(inst.Inputs, inst.Dimension).Where(f => KinkedInputFace.NoDifferentiableKktPoint(inst, f, aboveNotOdd: false)))
        {
            fired++;
            var w1 = KinkedInputFaceTests.Inside(inst, face);
            for (int attempt = 0; attempt < 3; attempt++)
            {
                var u = OddAbove(net, w1, rng);
                var sub = ClarkeEngine.Analyse(inst, u);
                // Undecided adjacency (null) proves nothing either way; non-differentiable points are outside the lemma's claim.
                if (sub.Differentiable != true) continue;
                differentiable++;
                // The W₁ block of ∇N: Lemma 7 says it is c·Xy, never a positive multiple of a w₁ off the line of Xy.
                var g = Enumerable.Range(0, inst.Dimension).Select(c => Gradient(sub)[net.Index(1, 0, c)]).ToArray();
                Assert.False(PositiveMultiple(g, w1), $"face ({string.Join(",", face)}): ∇_W₁N = ({string.Join(", ", g)}) ∥ w₁");
                var xy = inst.CorrelationVector();
                var c0 = Array.FindIndex(xy, v => !v.IsZero);
                Assert.All(Enumerable.Range(0, xy.Length), k => Assert.Equal(g[c0] * xy[k], g[k] * xy[c0]));
            }
        }
        Assert.True(fired > 0 && differentiable > 0, $"lemma applied on {fired} face(s), {differentiable} differentiable point(s) tested");
    }

    /// <summary>The abstention is real: on the face of Xy (kinked samples orthogonal to Xy, not cancelling) the point with
    /// w₁ = Xy and odd layers above is differentiable and its W₁ block is a positive multiple of w₁.</summary>
    [Fact]
    public void On_the_face_of_the_correlation_vector_the_w1_block_can_be_stationary()
    {
        var leaky = TestInstances.Leaky(1, 10);
        var inst = new Instance("perp", [Row(1, 0), Row(0, 1), Row(0, -2)], [1, 1, R(1, 2)], new Network([2, 1, 2, 1], leaky));
        var w1 = inst.CorrelationVector();
        var rng = new Random(7);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var u = OddAbove(inst.Network, w1, rng);
            var sub = ClarkeEngine.Analyse(inst, u);
            Assert.Equal(true, sub.Differentiable);
            if (sub.Evaluation.Ncf.Sign <= 0) continue;
            var g = Enumerable.Range(0, 2).Select(c => Gradient(sub)[inst.Network.Index(1, 0, c)]).ToArray();
            Assert.True(PositiveMultiple(g, w1));
            return;
        }
        Assert.Fail("no point with N > 0 was built");
    }

    /// <summary>W₁ = w₁ᵀ and random layers above, the last one corrected so that Ψ(1) + Ψ(−1) = 0: the network above layer 1
    /// is then odd, hence linear in its scalar input, which is the only case in which N can be differentiable on a kinked
    /// face (Lemma 6).</summary>
    private static WeightPoint OddAbove(Network net, Rational[] w1, Random rng)
    {
        var flat = new Rational[net.WeightCount];
        for (int k = 0; k < flat.Length; k++) flat[k] = (rng.Next(2) == 0 ? -1 : 1) * new Rational(rng.Next(1, 6), rng.Next(1, 3));
        for (int c = 0; c < w1.Length; c++) flat[net.Index(1, 0, c)] = w1[c];
        var act = net.Activation;
        Rational[] Forward(Rational input)
        {
            var h = new[] { act.Apply(input) };
            for (int l = 2; l < net.Depth; l++)
                h = Enumerable.Range(0, net.Widths[l]).Select(r => act.Apply(Enumerable.Range(0, h.Length).Aggregate(Rational.Zero, (s, c) => s + flat[net.Index(l, r, c)] * h[c]))).ToArray();
            return h;
        }
        var sum = Forward(Rational.One).Zip(Forward(Rational.MinusOne), (p, m) => p + m).ToArray();
        int L = net.Depth, k0 = Array.FindIndex(sum, v => !v.IsZero);
        if (k0 >= 0)
        {
            var rest = Enumerable.Range(0, sum.Length).Where(j => j != k0).Aggregate(Rational.Zero, (s, j) => s + flat[net.Index(L, 0, j)] * sum[j]);
            flat[net.Index(L, 0, k0)] = -rest / sum[k0];
        }
        return new WeightPoint(net, flat);
    }

    /// <summary>∇N at a point the engine proved differentiable: the gradient of an adjacent pattern (the evaluation's own
    /// slope choice at a kink need not be one; with no essential kink every choice gives the same gradient).</summary>
    private static Rational[] Gradient(ClarkeSubdifferential sub) =>
        sub.Essential.Count == 0 ? sub.Evaluation.Gradient : sub.Adjacent.First().Gradient;

    private static bool PositiveMultiple(Rational[] g, Rational[] w)
    {
        int c = Array.FindIndex(w, v => !v.IsZero);
        var mu = g[c] / w[c];
        return mu.Sign > 0 && Enumerable.Range(0, w.Length).All(k => g[k] == mu * w[k]);
    }
}
