using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;
using Checker.Verification.Claims;
using Checker.Verification.RankOne;
using Checker.Verification.Solvers;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Verification.Tests;

public class C5RankOneNecessityTests
{
    public static TheoryData<string, int, int, int, int> Cases => new()
    {
        { "relu", 2, 4, 2, 1 }, { "relu", 2, 5, 2, 2 },
        { "leaky:1/10", 2, 4, 2, 6 }, { "leaky:1/2", 2, 5, 2, 4 },
    };

    private static readonly CheckOptions Options = new() { TimeoutSeconds = 10 };

    [Theory]
    [MemberData(nameof(Cases))]
    public void C5_holds_exactly(string act, int d, int n, int depth, int seed)
    {
        var inst = TestInstances.Random(seed, d, n, Activation.TryParsePreset(act, out _)!, depth, range: 4);
        var r = ClaimRunner.Run("C5", inst, Options).Result;
        Assert.True(r.Verdict == Verdict.Holds, r.Detail);
        Assert.Equal("unsat", Assert.IsType<C5Evidence>(r.Evidence).Status);
    }

    /// <summary>The lambda-two example and an unseen [2,3,1] Leaky-ReLU instance with n = 5, whose one-shot C5 query z3
    /// and cvc5 left undecided at 60 s, and a ReLU instance of the same shape: the case split proves them, every case
    /// unsat.</summary>
    public static TheoryData<string, string, string, string> Hard => new()
    {
        { "lambda-two", "1,2;-1,1/2;1/4,-3", "1,-1,1", "leaky:1/5" },
        { "unseen-1", "3,-1;-2,2;1,4;-1,-3;2,1/2", "1,-2,3/2,1,-1", "leaky:1/4" },
        { "relu-3", "2,1;-1,3;1,-2;-3,-1", "1,-1,2,1", "relu" },
    };

    [Theory]
    [MemberData(nameof(Hard))]
    public void C5_holds_by_case_split_where_the_one_shot_query_was_undecided(string name, string inputs, string labels, string act)
    {
        var xs = inputs.Split(';').Select(r => r.Split(',').Select(Rational.Parse).ToArray()).ToList();
        var ys = labels.Split(',').Select(Rational.Parse).ToList();
        var inst = TestInstances.Make(name, xs, ys, Activation.TryParsePreset(act, out _)!, 2, 3);
        var r = ClaimRunner.Run("C5", inst, new CheckOptions { TimeoutSeconds = 60 }).Result; // a budget, not a timing
        Assert.True(r.Verdict == Verdict.Holds, r.Detail);
        // Width 3: zero entries of a_1 are split away (split lemma, docs/theory.md#rank-one-case-split) and p ≥ q = 3 − p,
        // so p ∈ {3, 2}: two factor cases (main's (p, q) with zeros, (1,0), (1,1), (2,0), are equivalent to these); every
        // case (and every face and sub-case it was split into) unsat.
        var evidence = Assert.IsType<C5Evidence>(r.Evidence);
        Assert.Equal(2, evidence.FactorCases);
        Assert.True(evidence.CasesUnsat >= 2);
        Assert.Contains("every case unsat", r.Detail);
    }

    /// <summary>A split that runs out of budget is inconclusive with the count of undecided cases, never "holds": the
    /// relu-dead data on a [2,4,4,1] ReLU net (many factor cases) with one second.</summary>
    [Fact]
    public void A_split_out_of_budget_is_inconclusive_with_its_reason()
    {
        var inst = TestInstances.Make("relu-dead", [[1, 1], [2, new Rational(1, 2)], [-1, -1], [new Rational(-1, 2), -2]], [1, 1, -1, -1],
            Activation.TryParsePreset("relu", out _)!, 3, 4);
        var r = ClaimRunner.Run("C5", inst, new CheckOptions { TimeoutSeconds = 1 }).Result;
        Assert.Equal(Verdict.Inconclusive, r.Verdict);
        Assert.Contains("left undecided", r.Detail);
        Assert.Equal("unknown", Assert.IsType<C5Evidence>(r.Evidence).Status);
    }

    [Fact]
    public void Factor_cases_cover_sign_classes_up_to_permutation_flip_scaling_and_neuron_splitting()
    {
        var net = new Network([2, 3, 2, 1], Activation.TryParsePreset("relu", out _)!);
        var signed = RankOneCaseSplit.SignedFactorCases(net, (l, r) => Term.Var($"a{l}_{r}"));
        var text = signed.Select(c => c.Assertions.Select(t => t.ToString()).ToList()).ToList();
        Assert.Equal(2 * 2, signed.Count); // width 3: p = 3, 2 (q = 0, 1); width 2: p = 2, 1; zero entries split away
        Assert.All(text, c => Assert.Contains("(= a1_0 1.0)", c));
        Assert.All(text, c => Assert.Contains("(= a2_0 1.0)", c));
        Assert.All(text, c => Assert.DoesNotContain(c, a => a.StartsWith("(= a1_1", StringComparison.Ordinal) || a.StartsWith("(= a1_2", StringComparison.Ordinal)));
        // Each class appears once: the sets of assertions are distinct; the neuron signs follow the assertions.
        Assert.Equal(signed.Count, text.Select(c => string.Join(" ", c)).Distinct().Count());
        Assert.All(signed, c => Assert.All(c.NeuronSigns, s => Assert.True(s[0] > 0 && 2 * s.Count(v => v > 0) >= s.Length)));
        var nonneg = RankOneCaseSplit.NonNegativeFactorCases(net, (l, r) => Term.Var($"a{l}_{r}"));
        Assert.Single(nonneg);
        Assert.DoesNotContain(nonneg[0].Assertions, a => a.ToString().StartsWith("(<", StringComparison.Ordinal));
    }

    [Fact]
    public void A_violation_at_an_essential_kink_is_no_counterexample_to_C5()
    {
        // C5 is stated where N is differentiable; the mixed-sign Clarke KKT point of this instance sits at an essential
        // kink, so it is K4's witness (KinkConjectureSearchTests), never a C5 counterexample.
        var inst0 = TestInstances.FromInts("kink", [[-2, 2], [-3, 1], [-2, 4], [-1, 0]], [2, -2, -1, 2], TestInstances.Leaky(1, 10), 2);
        var r0 = ClaimRunner.Run("C5", inst0, Options with { TimeoutSeconds = 15 }).Result;
        // The point lies on a face whose kinked sample (−3, 1), y = −2, cannot cancel: Lemma 6 (docs/theory.md#rank-one-case-split)
        // shows N is differentiable nowhere on that face, so it is left out and the rest of the split is unsat.
        Assert.True(r0.Verdict == Verdict.Holds, r0.Detail);
        Assert.Contains("Lemma 6", r0.Detail);
    }

    [Fact]
    public void A_forged_model_is_rejected_by_the_exact_recheck()
    {
        var inst = TestInstances.Random(2, 2, 5, Activation.Relu, 2, range: 4);
        var enc = new RankOneSmtEncoding(inst, ["a1_0", "a1_1", "b1_0", "b1_1", "b2_0", "b2_1"], (l, r, c) => l == 2 ? Term.Var($"b2_{c}") : Term.Mul(Term.Var($"a1_{r}"), Term.Var($"b1_{c}")));
        var query = enc.Query("forged", []);
        var model = query.ModelVariables.ToDictionary(v => v, v => v.StartsWith("th_") ? Rational.Zero : Rational.One);
        var forged = new SmtAnswer(SmtStatus.Sat, "forger", TimeSpan.Zero, model);
        Assert.Null(enc.Recheck(query, forged, m => new WeightPoint(inst.Network, [m["a1_0"] * m["b1_0"], m["a1_0"] * m["b1_1"], m["a1_1"] * m["b1_0"], m["a1_1"] * m["b1_1"], m["b2_0"], m["b2_1"]]), out _, out var why));
        Assert.NotEmpty(why);
    }

    [Fact]
    public void Degenerate_data_is_reported_as_degenerate()
    {
        // Antiparallel pairs with equal labels make F(b) = Σ y_i σ(x_iᵀb) even, so b and −b are positive reduced KKT points of
        // the same value: neurons a₁ = (1, −1), b₂ = (1, 1) give a KKT point in an open cell (N differentiable) that violates
        // sign-definiteness and alignment. The data is degenerate (parallel inputs, Xy = 0), which the claim excludes.
        var act = TestInstances.Leaky(1, 10);
        var inst = TestInstances.FromInts("symmetric-pairs", [[1, 2], [-1, -2], [2, -1], [-2, 1]], [1, 1, 1, 1], act, 2);
        var r = ClaimRunner.Run("C5", inst, Options with { TimeoutSeconds = 15 }).Result;
        Assert.True(r.Verdict == Verdict.NotApplicable, r.Detail);
        Assert.Contains("parallel inputs", r.Detail);
        Assert.NotEmpty(C5RankOneNecessityCheck.Degeneracies(inst));
        // The kink instance plus a fifth sample parallel to the first with label 0 is degenerate too, but its only violating
        // point lies at an essential kink (Lemma 6 leaves that face out): the claim holds there.
        var kink = TestInstances.FromInts("degenerate", [[-2, 2], [-3, 1], [-2, 4], [-1, 0], [-4, 4]], [2, -2, -1, 2, 0], act, 2);
        var k = ClaimRunner.Run("C5", kink, Options with { TimeoutSeconds = 15 }).Result;
        Assert.True(k.Verdict == Verdict.Holds, k.Detail);
        Assert.Contains("Lemma 6", k.Detail);
    }
}
