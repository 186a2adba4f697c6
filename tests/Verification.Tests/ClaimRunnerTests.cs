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
        Assert.Equal(["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10"], ClaimRegistry.Claims.Select(c => c.Id));
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
        using var share = whole.Share(0.25);
        using var tooLong = whole.Slice(TimeSpan.FromSeconds(1000));
        using var nested = share.Slice(TimeSpan.FromSeconds(1000));
        Assert.True(share.Deadline < whole.Deadline);
        Assert.Equal(whole.Deadline, tooLong.Deadline);
        Assert.Equal(share.Deadline, nested.Deadline);
        Assert.Throws<ArgumentOutOfRangeException>(() => whole.Share(1.5));
        using var cts = new CancellationTokenSource();
        using var linked = Budget.Start(TimeSpan.FromSeconds(100), cts.Token);
        using var child = linked.Share(0.5);
        cts.Cancel();
        Assert.True(child.Token.IsCancellationRequested);
        using var spent = Budget.Start(TimeSpan.Zero);
        Assert.True(spent.Expired);
        Assert.True(spent.Share(1).Token.IsCancellationRequested);
    }
}
