using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;
using Checker.Verification.Claims;
using Checker.Verification.RankOne;
using Checker.Verification.Solvers;

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
        Assert.Equal("unsat", r.Evidence!["status"]);
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
        // Width 3: (p, q) ∈ {(1,0), (1,1), (2,0), (2,1), (3,0)}; every case (and every sub-case it was split into) unsat.
        Assert.Equal(5, r.Evidence!["factor_cases"]);
        Assert.True((int)r.Evidence["cases_unsat"] >= 5);
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
        Assert.Equal("unknown", r.Evidence!["status"]);
    }

    [Fact]
    public void Factor_cases_cover_sign_classes_up_to_permutation_flip_and_scaling()
    {
        var net = new Network([2, 3, 2, 1], Activation.TryParsePreset("relu", out _)!);
        var signed = RankOneCaseSplit.SignedFactorCases(net, (l, r) => Term.Var($"a{l}_{r}")).Select(c => c.Select(t => t.ToString()).ToList()).ToList();
        Assert.Equal(5 * 3, signed.Count); // width 3: 5 classes (p, q); width 2: (1,0), (1,1), (2,0)
        Assert.All(signed, c => Assert.Contains("(= a1_0 1.0)", c));
        Assert.All(signed, c => Assert.Contains("(= a2_0 1.0)", c));
        // Each class appears once: the sets of assertions are distinct.
        Assert.Equal(signed.Count, signed.Select(c => string.Join(" ", c)).Distinct().Count());
        var nonneg = RankOneCaseSplit.NonNegativeFactorCases(net, (l, r) => Term.Var($"a{l}_{r}")).Select(c => c.Select(t => t.ToString()).ToList()).ToList();
        Assert.Equal(3 * 2, nonneg.Count);
        Assert.DoesNotContain(nonneg, c => c.Any(a => a.StartsWith("(<", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_kink_counterexample_is_found_and_rechecked_independently()
    {
        // Leaky ReLU 1/10, x = (−2,2),(−3,1),(−2,4),(−1,0), y = (2,−2,−1,2): the solver finds a rank-one KKT point with
        // N > 0 and mixed-sign a₁ on the kink x₂ᵀb = 0 (free Clarke slopes per neuron). Re-derive its KKT property here
        // with a hand-written backprop, independent of the SMT text and of the exact evaluator.
        var act = TestInstances.Leaky(1, 10);
        var inst = TestInstances.FromInts("kink", [[-2, 2], [-3, 1], [-2, 4], [-1, 0]], [2, -2, -1, 2], act, 2);
        var r = ClaimRunner.Run("C5", inst, Options with { TimeoutSeconds = 15 }).Result;
        Assert.True(r.Verdict == Verdict.Counterexample, r.Detail);
        Assert.Contains("kink", r.Detail);
        var w = ((IEnumerable<string>)r.Witness!.GetType().GetProperty("weights")!.GetValue(r.Witness)!).Select(Rational.Parse).ToArray();
        // W₁ (2×2, row-major) then W₂ (1×2). Rank one, and a₁ (column space of W₁) has entries of both signs.
        Assert.Equal(Rational.Zero, w[0] * w[3] - w[1] * w[2]);
        var v = w[0].IsZero && w[1].IsZero ? (w[2], w[3]) : (w[0], w[1]);
        var a = (w[0] * v.Item1 + w[1] * v.Item2, w[2] * v.Item1 + w[3] * v.Item2); // a₁ up to a positive factor
        bool mixed = a.Item1.Sign * a.Item2.Sign < 0, misaligned = a.Item1 * w[5] != a.Item2 * w[4];
        Assert.True(mixed || misaligned, "the witness satisfies C5's conditions");
        // Per-layer KKT with one Clarke slope θ per kink: ∇_{W_l}N = μ_l W_l; find θ exactly from one coordinate.
        var slopes = (Dictionary<string, string>)r.Witness.GetType().GetProperty("clarke_slopes")!.GetValue(r.Witness)!;
        Assert.NotEmpty(slopes);
        Assert.True(HandKkt(inst, w, slopes), "hand backprop does not confirm the witness");
    }

    // Hand-written backprop for d = 2, width 2, L = 2 with the witness's Clarke slopes at kinks: per-layer
    // ∇_{W_l}N = μ_l W_l with μ_l > 0 and N > 0 (the certificate form of docs/theory.md#kkt-points).
    private static bool HandKkt(Instance inst, Rational[] w, Dictionary<string, string> slopes)
    {
        var act = inst.Network.Activation;
        Rational Theta(int j, int i) => Rational.Parse(slopes[$"layer 1, neuron {j + 1}, sample {i + 1}"]);
        {
            {
                var g = new Rational[6]; Rational n = 0;
                for (int i = 0; i < inst.SampleCount; i++)
                {
                    var x = inst.Inputs[i]; var y = inst.Labels[i];
                    for (int j = 0; j < 2; j++)
                    {
                        var z = w[2 * j] * x[0] + w[2 * j + 1] * x[1];
                        var s = z.Sign > 0 ? z : act.Neg * z;
                        var ds = z.Sign > 0 ? act.Pos : z.Sign < 0 ? act.Neg : Theta(j, i);
                        n += y * w[4 + j] * s;
                        g[4 + j] += y * s;
                        g[2 * j] += y * w[4 + j] * ds * x[0];
                        g[2 * j + 1] += y * w[4 + j] * ds * x[1];
                    }
                }
                if (n.Sign <= 0) return false;
                bool Parallel(int from, int count)
                {
                    Rational? mu = null;
                    for (int k = from; k < from + count; k++)
                    {
                        if (w[k].IsZero) { if (!g[k].IsZero) return false; continue; }
                        var q = g[k] / w[k];
                        if (q.Sign <= 0 || (mu is not null && mu != q)) return false;
                        mu = q;
                    }
                    return true;
                }
                return Parallel(0, 4) && Parallel(4, 2);
            }
        }
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
        // The kink instance above plus a fifth sample parallel to the first with label 0: it changes neither N nor ∇N,
        // so the violating point still exists, but the data is now degenerate and the claim excludes it.
        var act = TestInstances.Leaky(1, 10);
        var inst = TestInstances.FromInts("degenerate", [[-2, 2], [-3, 1], [-2, 4], [-1, 0], [-4, 4]], [2, -2, -1, 2, 0], act, 2);
        var r = ClaimRunner.Run("C5", inst, Options with { TimeoutSeconds = 15 }).Result;
        Assert.NotEqual(Verdict.Counterexample, r.Verdict);
        Assert.NotEqual(Verdict.Inconclusive, r.Verdict);
        if (r.Verdict == Verdict.NotApplicable) Assert.Contains("parallel inputs", r.Detail);
        Assert.NotEmpty(C5RankOneNecessityCheck.Degeneracies(inst));
        Assert.True(r.Verdict == Verdict.NotApplicable, r.Detail);
    }
}
