using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Claims;

namespace Checker.Verification.Tests;

public class C4ConverseTests
{
    [Fact]
    public void Converse_is_proved_by_smt_at_depth_two()
    {
        foreach (var (act, seed) in new[] { ("relu", 21), ("leaky:1/10", 22), ("leaky:1/2", 23) })
        {
            var inst = TestInstances.Random(seed, 2, 4, Activation.TryParsePreset(act, out _)!, 2, range: 4);
            var r = ClaimRunner.Run("C4", inst, new CheckOptions { TimeoutSeconds = 60 }).Result; // a budget, not a wall-clock assertion: CI shares 2 cores between test assemblies
            Assert.True(r.Verdict == Verdict.Holds, $"{act}: {r.Detail}");
            Assert.True((bool)r.Evidence!["converse_proved"]);
            Assert.Contains("converse proved by SMT for all", r.Detail);
        }
    }

    /// <summary>The lambda-two example and an unseen [2,3,1] instance, where the one-shot converse query stayed undecided
    /// at 60 s: split by the zero pattern of a_1 and activation signs, every sign vector is proved.</summary>
    [Theory]
    [InlineData("1,2;-1,1/2;1/4,-3", "1,-1,1", "leaky:1/5")]
    [InlineData("3,-1;-2,2;1,4;-1,-3;2,1/2", "1,-2,3/2,1,-1", "leaky:1/4")]
    public void Converse_is_proved_by_case_split_where_the_one_shot_query_was_undecided(string inputs, string labels, string act)
    {
        var xs = inputs.Split(';').Select(r => r.Split(',').Select(Rational.Parse).ToArray()).ToList();
        var ys = labels.Split(',').Select(Rational.Parse).ToList();
        var inst = TestInstances.Make("converse-hard", xs, ys, Activation.TryParsePreset(act, out _)!, 2, 3);
        var r = ClaimRunner.Run("C4", inst, new CheckOptions { TimeoutSeconds = 60 }).Result; // a budget, not a timing
        Assert.True(r.Verdict == Verdict.Holds, r.Detail);
        Assert.True((bool)r.Evidence!["converse_proved"]);
        Assert.Contains("converse proved by SMT for all 4 sign vectors", r.Detail);
    }

    [Fact]
    public void Depth_three_kink_point_with_chain_rule_clarke_slopes_is_a_rechecked_counterexample()
    {
        // Leaky 1/10, L = 3, s = (+1, −1, +1): φ_s has one slope −a₋ on both sides, so the reduced Clarke range at a kink is
        // a point, but per-neuron Clarke slopes in two consecutive layers (docs/theory.md#ad-comparison-mode) give products −θ₁θ₂ ∈ [−1, −a₋²].
        var inst = TestInstances.Random(353, 3, 5, TestInstances.Leaky(1, 10), 3, range: 5);
        var solver = new CheckOptions().CreateSolver(out _);
        var problem = Reduced.ReducedProblem.Create(inst, [1, -1, 1]);
        var e = Reduced.ReducedKktEnumerator.Enumerate(problem, new Reduced.ReducedKktOptions(solver), null, default);
        Assert.True(e.Complete, e.Reason);
        var o = RankOne.RankOneConverse.Run(inst, [e], solver, TimeSpan.FromSeconds(120), default); // generous: the query is SAT in ~10 s alone, but CI runs test assemblies side by side on 2 cores
        Assert.True(o.Counterexample, o.Detail);
        Assert.Contains("re-checked in rationals", o.Detail);
        var slopes = (Dictionary<string, string>)o.Witness!.GetType().GetProperty("clarke_slopes")!.GetValue(o.Witness)!;
        Assert.Contains(slopes.Keys, k => k.StartsWith("layer 2"));
    }
}
