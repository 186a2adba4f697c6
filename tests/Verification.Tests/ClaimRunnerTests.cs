using Checker.Symbolic.Model;
using Checker.Verification.Claims;
using Checker.Verification.Contracts;

namespace Checker.Verification.Tests;

/// <summary>
/// The one run policy of <see cref="ClaimRunner"/> (check, verify and search all use it): hypotheses first, a failing
/// or overrunning checker is inconclusive with the reason (never a pass, never an escaping exception), and the
/// registry is the single list of claims.
/// </summary>
public class ClaimRunnerTests
{
    private sealed class Throwing : IClaimCheck
    {
        public ClaimResult Check(Instance instance, CheckContext context) => throw new InvalidOperationException("planted failure\nsecond line");
    }

    private sealed class CancelledByBudget : IClaimCheck
    {
        public ClaimResult Check(Instance instance, CheckContext context)
        {
            context.Cancellation.WaitHandle.WaitOne();
            context.Cancellation.ThrowIfCancellationRequested();
            return new ClaimResult(context.ClaimId, Verdict.Holds, "unreachable");
        }
    }

    private sealed class Recording : IClaimCheck
    {
        public CheckContext? Seen;
        public ClaimResult Check(Instance instance, CheckContext context)
        {
            Seen = context;
            return new ClaimResult(context.ClaimId, Verdict.Holds, "recorded");
        }
    }

    private static Instance Relu() => TestInstances.FromInts("relu", [[1, 0], [0, 1]], [1, -1], Activation.TryParsePreset("relu", out _)!, 2);
    private static Instance Poly() => TestInstances.FromInts("poly", [[1, 0], [0, 1]], [1, -1], Activation.TryParsePreset("polyrelu:2", out _)!, 2);

    [Theory]
    [InlineData("C1")]
    [InlineData("C5")]
    [InlineData("K1")]
    public void A_throwing_checker_is_inconclusive_with_its_reason(string id)
    {
        var claim = ClaimRegistry.Find(id)! with { Checker = new Throwing() };
        var run = ClaimRunner.Run(claim, Relu(), new CheckOptions { TimeoutSeconds = 5 });
        Assert.Equal(Verdict.Inconclusive, run.Result.Verdict);
        Assert.Equal(id, run.Result.Id);
        Assert.Contains("InvalidOperationException: planted failure", run.Result.Detail);
        Assert.DoesNotContain("second line", run.Result.Detail);
        Assert.Throws<InvalidOperationException>(() => ClaimRunner.Run(claim, Relu(), new CheckOptions { TimeoutSeconds = 5 }, rethrowFailures: true));
    }

    [Fact]
    public void A_checker_stopped_by_its_budget_is_inconclusive_not_a_pass()
    {
        var claim = ClaimRegistry.Find("C2")! with { Checker = new CancelledByBudget() };
        var run = ClaimRunner.Run(claim, Relu(), new CheckOptions { TimeoutSeconds = 0.2 });
        Assert.Equal(Verdict.Inconclusive, run.Result.Verdict);
        Assert.Contains("time limit of 0.2 s reached", run.Result.Detail);
    }

    [Fact]
    public void The_callers_own_cancellation_escapes()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var claim = ClaimRegistry.Find("C2")! with { Checker = new CancelledByBudget() };
        Assert.ThrowsAny<OperationCanceledException>(() => ClaimRunner.Run(claim, Relu(), new CheckOptions { TimeoutSeconds = 30 }, null, cts.Token));
    }

    [Fact]
    public void Hypotheses_are_decided_before_the_checker_runs()
    {
        // C5 needs p = 1: on a p = 2 net the checker must not run at all, and the reason is the registry's.
        var recording = new Recording();
        var claim = ClaimRegistry.Find("C5")! with { Checker = recording };
        var run = ClaimRunner.Run(claim, Poly(), new CheckOptions());
        Assert.Equal(Verdict.NotApplicable, run.Result.Verdict);
        Assert.Equal(claim.Applies(Poly()).Reason, run.Result.Detail);
        Assert.Null(recording.Seen);
        // Where they hold, the checker gets the claim's id, the options and a budget of the options' timeout.
        var options = new CheckOptions { Seed = 7, TimeoutSeconds = 30, Solver = "cvc5" };
        run = ClaimRunner.Run(claim, Relu(), options);
        Assert.Equal(Verdict.Holds, run.Result.Verdict);
        Assert.Equal("C5", recording.Seen!.ClaimId);
        Assert.Same(options, recording.Seen.Options);
        Assert.True(recording.Seen.Budget.Deadline <= DateTime.UtcNow.AddSeconds(30));
    }

    [Fact]
    public void Registry_has_every_claim_once_with_its_checker_and_conjectures_last()
    {
        var ids = ClaimRegistry.All.Select(c => c.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11"], ClaimRegistry.Claims.Select(c => c.Id));
        Assert.All(ClaimRegistry.Conjectures, c => Assert.StartsWith("K", c.Id));
        int firstConjecture = ids.FindIndex(id => ClaimRegistry.Find(id)!.IsConjecture);
        Assert.All(ClaimRegistry.All.Skip(firstConjecture), c => Assert.True(c.IsConjecture, c.Id));
        // Each entry has its own checker instance (K3 and K4 share one parametrised class).
        Assert.Equal(ClaimRegistry.All.Count, ClaimRegistry.All.Select(c => c.Checker).Distinct().Count());
        Assert.Same(ClaimRegistry.Find("c5"), ClaimRegistry.Find("C5"));
    }

    [Fact]
    public void Budget_slices_never_outlast_their_parent()
    {
        using var whole = Budget.Start(TimeSpan.FromSeconds(100));
        var before = DateTime.UtcNow;
        using var share = whole.For(new BudgetStage("a quarter", 1, 4));
        var after = DateTime.UtcNow;
        using var tooLong = whole.Slice(TimeSpan.FromSeconds(1000));
        using var nested = share.Slice(TimeSpan.FromSeconds(1000));
        Assert.True(share.Deadline < whole.Deadline);
        // A quarter of what remained when the slice was taken (some instant between before and after).
        Assert.InRange(share.Deadline, before + (whole.Deadline - before) / 4, after + (whole.Deadline - after) / 4);
        Assert.Equal(whole.Deadline, tooLong.Deadline);
        Assert.Equal(share.Deadline, nested.Deadline);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BudgetStage("more than all", 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BudgetStage("nothing", 0, 2));
        using var cts = new CancellationTokenSource();
        using var linked = Budget.Start(TimeSpan.FromSeconds(100), cts.Token);
        using var child = linked.For(new BudgetStage("half", 1, 2));
        cts.Cancel();
        Assert.True(child.Token.IsCancellationRequested);
        using var spent = Budget.Start(TimeSpan.Zero);
        Assert.True(spent.Expired);
        Assert.True(spent.For(new BudgetStage("all", 1, 1)).Token.IsCancellationRequested);
        // A stage's minimum still ends with the parent.
        using var atLeast = spent.For(BudgetStage.PolynomialExpansionBeforeSmt);
        Assert.Equal(spent.Deadline, atLeast.Deadline);
        Assert.Equal(spent.Deadline, spent.For(BudgetStage.GeneralArgumentAlone).Deadline);
        Assert.Equal(TimeSpan.Zero, spent.Length(BudgetStage.CaseSplitQuery));
        // A length may exceed a spent budget by the stage's minimum (the engine is stopped by the token); a budget never.
        Assert.Equal(TimeSpan.FromSeconds(1), spent.Length(BudgetStage.SearchBeforeReport));
    }

    [Fact]
    public void Budget_stages_reserve_what_they_name()
    {
        using var whole = Budget.Start(TimeSpan.FromSeconds(100));
        // All but a 2 s reserve; a reserve larger than the budget leaves the minimum.
        using var allBut = whole.For(BudgetStage.GeneralArgumentAlone);
        Assert.Equal(whole.Deadline - TimeSpan.FromSeconds(2), allBut.Deadline);
        var before = DateTime.UtcNow;
        var length = whole.Length(BudgetStage.SearchBeforeReport);
        Assert.InRange(length, whole.Deadline - DateTime.UtcNow - TimeSpan.FromSeconds(0.5), whole.Deadline - before - TimeSpan.FromSeconds(0.5));
        using var small = Budget.Start(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(1), new[] { small }.Select(b => b.Length(new BudgetStage("all but 30 s", 1, 1) { Reserve = TimeSpan.FromSeconds(30), Minimum = TimeSpan.FromSeconds(1) })).Single());
        // The per-query limit is 1/n of what remains.
        var limit = whole.Length(BudgetStage.CaseSplitQuery);
        Assert.InRange(limit, (whole.Deadline - DateTime.UtcNow) / 4, TimeSpan.FromSeconds(25));
        // Under AllWhenUnder a stage takes everything; above, its parts.
        using var tenSeconds = Budget.Start(TimeSpan.FromSeconds(9));
        Assert.InRange(tenSeconds.Length(BudgetStage.TwoLayerDecisionBeforeAscent), tenSeconds.Deadline - DateTime.UtcNow, TimeSpan.FromSeconds(9));
        Assert.InRange(whole.Length(BudgetStage.TwoLayerDecisionBeforeAscent), (whole.Deadline - DateTime.UtcNow) * 3 / 5, TimeSpan.FromSeconds(60));
        // A stage with a minimum gets it on a budget whose share would be shorter: a fifth of 100 s is 20 s, but of a
        // budget that has 1 s left, the 0.5 s minimum.
        using var tiny = Budget.Start(TimeSpan.FromSeconds(100));
        using var tinyStage = tiny.Slice(TimeSpan.FromSeconds(1));
        before = DateTime.UtcNow;
        using var expansion = tinyStage.For(BudgetStage.PolynomialExpansionHighDegree);
        Assert.True(expansion.Deadline >= before + BudgetStage.PolynomialExpansionHighDegree.Minimum || expansion.Deadline == tinyStage.Deadline);
        Assert.True(expansion.Deadline <= tinyStage.Deadline);
        // Every named stage says what it is for and is a proper part of the budget.
        var stages = typeof(BudgetStage).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(BudgetStage)).Select(f => (BudgetStage)f.GetValue(null)!).ToList();
        Assert.True(stages.Count >= 5);
        Assert.All(stages, st => { Assert.False(string.IsNullOrWhiteSpace(st.Purpose)); Assert.InRange(st.Parts, 1, st.Of); });
    }
}
