using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Clarke;
using Checker.Verification.Exact;
using Checker.Verification.RankOne;

namespace Checker.Verification.Tests;

/// <summary>
/// Lemma 6 of docs/theory.md#rank-one-case-split (kinked inputs on layer 1), checked against the exact Clarke engine, which
/// shares no reasoning with it: wherever the lemma says a face has no point where N is differentiable, the engine must
/// never find one differentiable; where the lemma abstains (cancelling samples, a linear layer above) differentiable points
/// must exist, so the abstentions are real and not mere caution.
/// </summary>
public class KinkedInputFaceTests
{
    private static Rational[] Row(params int[] v) => v.Select(x => (Rational)x).ToArray();

    [Fact]
    public void Kinked_samples_cancel_only_line_by_line()
    {
        var x = new[] { Row(1, 2), Row(2, 4), Row(-1, -2), Row(3, 1), Row(0, 0) };
        var y = new Rational[] { 1, new(-1, 2), 0, 2, 5 };
        // 1·1 + (−1/2)·2 + 0·1 = 0 on the line of (1, 2); (3, 1) is on a kink of its own with y = 2.
        Assert.True(KinkedInputFace.KinkedSamplesCancel(x, y, [0, 0, 0, 1, 0]));
        Assert.False(KinkedInputFace.KinkedSamplesCancel(x, y, [0, 0, 0, 0, 0]));
        // The antiparallel sample counts with |r|: 1 + (−1)·|−1| = 0.
        Assert.True(KinkedInputFace.KinkedSamplesCancel([Row(1, 2), Row(-1, -2)], [1, -1], [0, 0]));
        Assert.False(KinkedInputFace.KinkedSamplesCancel([Row(1, 2), Row(-1, -2)], [1, 1], [0, 0]));
        // A zero input is no kink, and a face with no zero entry has nothing to cancel.
        Assert.False(KinkedInputFace.HasKink(x, [1, 1, -1, 1, 0]));
        Assert.True(KinkedInputFace.HasKink(x, [1, 1, -1, 0, 0]));
        Assert.True(KinkedInputFace.KinkedSamplesCancel(x, y, [1, 1, -1, 1, 0]));
    }

    [Fact]
    public void Converse_layers_above_are_not_odd_except_where_linear()
    {
        var leaky = TestInstances.Leaky(1, 10);
        var relu = new Activation(1, 0, 1, "relu");
        // L = 2: Ψ(v) = s₂a₁ᵀσ(v), never odd for a₋ < 1.
        Assert.True(KinkedInputFace.ConverseAboveLayerOneIsNotOdd(leaky, [1, 1], 1));
        Assert.True(KinkedInputFace.ConverseAboveLayerOneIsNotOdd(relu, [-1, -1], 1));
        // s₂ = −1: φ′(t) = s₃σ(−t) has c′₊ = a₋c′₋; odd along one neuron, not across two (a₋ > 0), Ψ ≡ 0 for relu.
        Assert.False(KinkedInputFace.ConverseAboveLayerOneIsNotOdd(leaky, [1, -1, 1], 1));
        Assert.True(KinkedInputFace.ConverseAboveLayerOneIsNotOdd(leaky, [1, -1, 1], 2));
        Assert.False(KinkedInputFace.ConverseAboveLayerOneIsNotOdd(relu, [1, -1, 1], 3));
        Assert.True(KinkedInputFace.ConverseAboveLayerOneIsNotOdd(relu, [1, 1, -1], 3));
    }

    public static TheoryData<string, string> ConverseInstances => new()
    {
        { "examples:leaky-deep.json", "" },
        { "random:31:2:4:leaky:1/4:3:2", "" },
        { "random:32:3:4:relu:3:2", "" },
        { "random:33:2:3:leaky:1/2:2:3", "" },
        { "random:34:3:3:leaky:1/10:4:1", "" },
    };

    /// <summary>C4's converse points W₁ = s₁a₁bᵀ, W_l = s_l a_l a_{l−1}ᵀ with positive a_l and b inside a kinked face.</summary>
    [Theory]
    [MemberData(nameof(ConverseInstances))]
    public void Converse_faces_the_lemma_leaves_out_have_no_differentiable_point(string spec, string _)
    {
        var inst = Load(spec);
        var net = inst.Network;
        var rng = new Random(spec.Length);
        int fired = 0, decided = 0;
        foreach (var s in Reduced.ReducedProblem.AllSignVectors(net.Depth))
        {
            bool notOdd = KinkedInputFace.ConverseAboveLayerOneIsNotOdd(net.Activation, s, net.Widths[1]);
            if (!notOdd) continue;
            foreach (var face in FacesTheLemmaLeavesOut(inst))
            {
                fired++;
                var m = new Dictionary<string, Rational>();
                var b = Inside(inst, face);
                for (int c = 0; c < b.Length; c++) m[$"b_{c}"] = b[c];
                for (int l = 1; l < net.Depth; l++) for (int r = 0; r < net.Widths[l]; r++) m[$"a{l}_{r}"] = new Rational(rng.Next(1, 6), rng.Next(1, 4));
                var u = RankOneFactorWeights.FromModel(net, (l, r) => $"a{l}_{r}", (l, c) => l == 1 ? $"b_{c}" : $"a{l - 1}_{c}", m, s);
                var sub = ClarkeEngine.Analyse(inst, u);
                Assert.NotEqual(true, sub.Differentiable);
                if (TwoGradients(sub)) decided++;
            }
        }
        Assert.True(fired > 0, $"{spec}: the lemma never applied, so nothing was tested");
        Assert.True(decided == fired, $"{spec}: the Clarke engine proved non-differentiability at {decided} of the {fired} points");
    }

    /// <summary>C5's points at L = 2, W₁ = a₁b₁ᵀ (a₁ of mixed signs), W₂ = b₂ᵀ with no zero entry.</summary>
    [Theory]
    [InlineData("examples:leaky-mixed-sign.json")]
    [InlineData("random:41:2:5:leaky:1/10:2:3")]
    [InlineData("random:42:3:4:relu:2:2")]
    [InlineData("random:43:2:4:leaky:1/3:2:2")]
    public void C5_two_layer_faces_the_lemma_leaves_out_have_no_differentiable_point(string spec)
    {
        var inst = Load(spec);
        var net = inst.Network;
        var rng = new Random(spec.Length);
        int fired = 0, decided = 0;
        foreach (var face in FacesTheLemmaLeavesOut(inst))
        {
            fired++;
            var u = TwoLayerPoint(inst, Inside(inst, face), rng);
            var sub = ClarkeEngine.Analyse(inst, u);
            Assert.NotEqual(true, sub.Differentiable);
            if (TwoGradients(sub)) decided++;
        }
        Assert.True(fired > 0 && decided == fired, $"{spec}: lemma applied {fired}×, non-differentiability proved {decided}×");
    }

    /// <summary>C5's points at depth ≥ 3 (W_l = a_l b_lᵀ, factors of mixed signs, no zero entry), with N &gt; 0: the lemma
    /// needs N &gt; 0 (an odd Ψ with two neurons forces ψ ≡ 0, hence N = 0), so the sign of the last layer is chosen to make
    /// N positive.</summary>
    [Theory]
    [InlineData("examples:relu-dead.json")]
    [InlineData("random:51:2:4:leaky:1/10:3:2")]
    [InlineData("random:52:2:4:relu:3:3")]
    [InlineData("random:53:2:3:leaky:1/4:4:2")]
    public void C5_deep_faces_the_lemma_leaves_out_have_no_differentiable_point(string spec)
    {
        var inst = Load(spec);
        var net = inst.Network;
        var rng = new Random(spec.Length);
        int fired = 0, decided = 0;
        foreach (var face in FacesTheLemmaLeavesOut(inst))
        {
            var b1 = Inside(inst, face);
            for (int attempt = 0; attempt < 4; attempt++)
            {
                var m = new Dictionary<string, Rational>();
                for (int c = 0; c < b1.Length; c++) m[$"b1_{c}"] = b1[c];
                Rational Entry() => (rng.Next(2) == 0 ? -1 : 1) * new Rational(rng.Next(1, 6), rng.Next(1, 3));
                for (int l = 1; l < net.Depth; l++)
                    for (int r = 0; r < net.Widths[l]; r++) { m[$"a{l}_{r}"] = Entry(); m[$"b{l + 1}_{r}"] = Entry(); }
                var u = RankOneFactorWeights.FromModel(net, (l, r) => $"a{l}_{r}", (l, c) => $"b{l}_{c}", m);
                var sub = ClarkeEngine.Analyse(inst, u);
                if (sub.Evaluation.Ncf.IsZero) continue;
                if (sub.Evaluation.Ncf.Sign < 0)
                {
                    for (int r = 0; r < net.Widths[net.Depth - 1]; r++) m[$"b{net.Depth}_{r}"] = -m[$"b{net.Depth}_{r}"];
                    u = RankOneFactorWeights.FromModel(net, (l, r) => $"a{l}_{r}", (l, c) => $"b{l}_{c}", m);
                    sub = ClarkeEngine.Analyse(inst, u);
                }
                Assert.True(sub.Evaluation.Ncf.Sign > 0);
                fired++;
                Assert.NotEqual(true, sub.Differentiable);
                if (TwoGradients(sub)) decided++;
                break;
            }
        }
        Assert.True(fired > 0 && decided == fired, $"{spec}: lemma applied {fired}×, non-differentiability proved {decided}×");
    }

    /// <summary>Negative cases: where the lemma abstains, N can be differentiable on the face, so leaving such faces in
    /// the query is necessary, not caution.</summary>
    [Fact]
    public void Where_the_lemma_abstains_differentiable_points_exist()
    {
        var leaky = TestInstances.Leaky(1, 10);
        // (a) Cancelling samples on one line: (1, 2) with y = 1 and (2, 4) with y = −1/2, plus a sample off the line.
        var cancel = TestInstances.Make("cancel", [Row(1, 2), Row(2, 4), Row(3, -1)], [1, new(-1, 2), 2], leaky, 2, 2);
        var face = new sbyte[] { 0, 0, 1 };
        Assert.True(KinkedInputFace.HasKink(cancel.Inputs, face));
        Assert.True(KinkedInputFace.KinkedSamplesCancel(cancel.Inputs, cancel.Labels, face));
        var b = Inside(cancel, face);
        var u = TwoLayerPoint(cancel, b, new Random(5));
        Assert.Equal(true, ClarkeEngine.Analyse(cancel, u).Differentiable);
        // The same point with the second label changed does not cancel, and N is not differentiable there.
        var broken = TestInstances.Make("broken", cancel.Inputs, [1, 1, 2], leaky, 2, 2);
        Assert.False(KinkedInputFace.KinkedSamplesCancel(broken.Inputs, broken.Labels, face));
        Assert.Equal(false, ClarkeEngine.Analyse(broken, u).Differentiable);

        // (b) C4's converse with one neuron in layer 1 and s₂ = −1: the layers above are linear (Ψ odd), so a single kinked
        // sample leaves N differentiable; with s₂ = +1 (not odd) it does not.
        var narrow = new Instance("narrow", [Row(1, 2), Row(-2, 1), Row(1, -3)], [1, -1, 2], new Network([2, 1, 2, 1], leaky));
        var kinked = new sbyte[] { 0, 1, -1 };
        var bk = Inside(narrow, kinked);
        foreach (var (s, differentiable) in new[] { (new[] { 1, -1, 1 }, true), (new[] { 1, 1, 1 }, false) })
        {
            Assert.Equal(!differentiable, KinkedInputFace.ConverseAboveLayerOneIsNotOdd(leaky, s, 1));
            var m = new Dictionary<string, Rational> { ["b_0"] = bk[0], ["b_1"] = bk[1], ["a1_0"] = 2, ["a2_0"] = 1, ["a2_1"] = 3 };
            var v = RankOneFactorWeights.FromModel(narrow.Network, (l, r) => $"a{l}_{r}", (l, c) => l == 1 ? $"b_{c}" : $"a{l - 1}_{c}", m, s);
            Assert.Equal(differentiable, ClarkeEngine.Analyse(narrow, v).Differentiable);
        }
    }

    /// <summary>C5's exception is real: one neuron in layer 1, a₋ &gt; 0, and a₂ = (1, 1, −1), b₃ = (1, −1, 1) make the positive
    /// part P = Σ_{a₂[j]&gt;0} b₃[j]a₂[j] vanish, so ψ has κ₊ = a₋κ₋ ≠ 0 and Ψ is linear: N is differentiable on the kinked face
    /// (and the check keeps such faces). Flipping b₃[1] makes P ≠ 0 and N non-differentiable there.</summary>
    [Fact]
    public void C5_one_neuron_exception_has_differentiable_points()
    {
        var leaky = TestInstances.Leaky(1, 10);
        var inst = new Instance("one-neuron", [Row(1, 2), Row(-2, 1), Row(1, -3)], [1, -1, 2], new Network([2, 1, 3, 1], leaky));
        var b1 = Inside(inst, [0, 1, -1]);
        foreach (var (b31, differentiable) in new[] { (-1, true), (1, false) })
        {
            var m = new Dictionary<string, Rational> { ["b1_0"] = b1[0], ["b1_1"] = b1[1], ["a1_0"] = 1, ["b2_0"] = 1,
                ["a2_0"] = 1, ["a2_1"] = 1, ["a2_2"] = -1, ["b3_0"] = 1, ["b3_1"] = b31, ["b3_2"] = 1 };
            var u = RankOneFactorWeights.FromModel(inst.Network, (l, r) => $"a{l}_{r}", (l, c) => $"b{l}_{c}", m);
            Assert.Equal(differentiable, ClarkeEngine.Analyse(inst, u).Differentiable);
        }
    }

    /// <summary>Two patterns proved adjacent (by an exact arc) with different gradients: ∂N(u) has two elements, so N is not
    /// differentiable at u, whatever the undecided patterns are.</summary>
    /// <summary>The faces of b₁ that put non-zero inputs on a kink whose samples do not cancel line by line: where the
    /// lemma's first condition holds (the second, Ψ not odd, is each test's own).</summary>
    private static IEnumerable<sbyte[]> FacesTheLemmaLeavesOut(Instance inst) =>
        RankOneCaseSplit.Faces(inst.Inputs, inst.Dimension)
            .Where(f => KinkedInputFace.HasKink(inst.Inputs, f) && !KinkedInputFace.KinkedSamplesCancel(inst.Inputs, inst.Labels, f));

    private static bool TwoGradients(ClarkeSubdifferential sub) =>
        sub.Adjacent.Select(p => string.Join(",", p.Gradient)).Distinct().Count() >= 2;

    private static WeightPoint TwoLayerPoint(Instance inst, Rational[] b, Random rng)
    {
        var net = inst.Network;
        var m = new Dictionary<string, Rational>();
        for (int c = 0; c < b.Length; c++) m[$"b1_{c}"] = b[c];
        for (int r = 0; r < net.Widths[1]; r++)
        {
            // Mixed signs in a₁ (entry 0 positive, the last negative) and a b₂ with no zero entry.
            m[$"a1_{r}"] = (r == net.Widths[1] - 1 && r > 0 ? -1 : 1) * new Rational(rng.Next(1, 6), rng.Next(1, 3));
            m[$"b2_{r}"] = (rng.Next(2) == 0 ? -1 : 1) * new Rational(rng.Next(1, 6), rng.Next(1, 3));
        }
        return RankOneFactorWeights.FromModel(net, (l, r) => $"a{l}_{r}", (l, c) => $"b{l}_{c}", m);
    }

    /// <summary>A rational b with exactly the face's signs x_iᵀb (an exact LP).</summary>
    internal static Rational[] Inside(Instance inst, sbyte[] face)
    {
        var strict = new List<Rational[]>();
        var eq = new List<Rational[]>();
        for (int i = 0; i < face.Length; i++)
        {
            if (inst.Inputs[i].All(v => v.IsZero)) continue;
            if (face[i] == 0) eq.Add(inst.Inputs[i]);
            else strict.Add(inst.Inputs[i].Select(v => face[i] * v).ToArray());
        }
        return ExactLp.StrictSolution(strict, inst.Dimension, eq) ?? throw new InvalidOperationException("the face is empty");
    }

    /// <summary>"examples:FILE" or "random:SEED:D:N:ACT:DEPTH:WIDTH" (ACT may contain a colon, e.g. leaky:1/4).</summary>
    private static Instance Load(string spec)
    {
        var parts = spec.Split(':');
        if (parts[0] == "examples") return Checker.Symbolic.IO.InstanceReader.Read(TestInstances.Example(parts[1]));
        int seed = int.Parse(parts[1]), d = int.Parse(parts[2]), n = int.Parse(parts[3]);
        string act = string.Join(":", parts[4..^2]);
        var r = TestInstances.Random(seed, d, n, Activation.TryParsePreset(act, out _)!, int.Parse(parts[^2]));
        return TestInstances.Make(r.Name, r.Inputs, r.Labels, r.Network.Activation, r.Network.Depth, int.Parse(parts[^1]));
    }
}
