using System.Diagnostics;
using Checker.Symbolic.Model;
using Checker.Verification.Contracts;

namespace Checker.Verification.Claims;

/// <summary>
/// The one policy for running a claim, shared by `check`, `verify` and `search`:
/// <list type="number">
/// <item>hypotheses first (<see cref="ClaimDefinition.Applies"/>): when they fail the result is not applicable, with
/// the reason, and nothing runs;</item>
/// <item>a <see cref="Budget"/> of the options' timeout, also cancelled by the caller's token;</item>
/// <item>the checker runs on its own thread; a checker that stops on the budget's token (an
/// <see cref="OperationCanceledException"/>) is inconclusive "time limit reached", one that has not returned a grace
/// period after the deadline is abandoned and inconclusive, and one that throws is inconclusive with the exception's
/// first line — never a pass and never a crash of the command (a timeout is not a proof).</item>
/// </list>
/// Only the caller's own cancellation (Ctrl-C) escapes, as <see cref="OperationCanceledException"/>.
/// </summary>
public static class ClaimRunner
{
    public static ClaimRun Run(string id, Instance instance, CheckOptions options, IProgress<CheckProgress>? progress = null, CancellationToken cancellation = default) =>
        Run(ClaimRegistry.Find(id) ?? throw new ArgumentException($"no claim {id}; expected one of {ClaimRegistry.Ids}", nameof(id)), instance, options, progress, cancellation);

    /// <param name="rethrowFailures">Let a checker's exception escape instead of reporting it (debugging only).</param>
    public static ClaimRun Run(ClaimDefinition claim, Instance instance, CheckOptions options, IProgress<CheckProgress>? progress = null,
        CancellationToken cancellation = default, bool rethrowFailures = false)
    {
        var applies = claim.Applies(instance);
        if (!applies.Holds) return new ClaimRun(claim, ClaimResult.NotApplicable(claim.Id, applies.Reason), TimeSpan.Zero);

        // Undecided queries are not written as certificates; the run lists them in the result instead.
        if (options.CertificateDirectory is not null && options.Undecided is null) options = options with { Undecided = new() };
        var clock = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(options.TimeoutSeconds);
        var budget = Budget.Start(limit, cancellation);
        var context = new CheckContext(claim.Id, options, budget, progress);
        var task = Task.Factory.StartNew(() => Guarded(claim, instance, context, cancellation, rethrowFailures),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        bool finished;
        try { finished = task.Wait(limit + Grace(limit)); }
        catch (AggregateException) { finished = true; } // rethrown as itself by GetResult below
        if (!finished)
        {
            // The checker ignored its token; it is abandoned (the budget stays alive for it) and reported as undecided.
            cancellation.ThrowIfCancellationRequested();
            return new ClaimRun(claim, new ClaimResult(claim.Id, Verdict.Inconclusive,
                $"time limit of {options.TimeoutSeconds} s reached and the check did not stop; no verdict (use --timeout to allow more)"), clock.Elapsed);
        }
        budget.Dispose();
        // A check that returned after the caller cancelled (its queries answered "cancelled") has no verdict to report.
        cancellation.ThrowIfCancellationRequested();
        return new ClaimRun(claim, WithUndecided(task.GetAwaiter().GetResult(), options.Undecided), clock.Elapsed);
    }

    /// <summary>Adds the queries no solver decided (and that therefore have no certificate file) to the result's
    /// evidence as <c>undecided_queries</c>, so `--certificates` never hides an open case (docs/cli.md#certificates).</summary>
    private static ClaimResult WithUndecided(ClaimResult result, Solvers.UndecidedQueries? undecided)
    {
        if (undecided is null || undecided.Entries is not { Count: > 0 } entries) return result;
        return result with { Evidence = (result.Evidence ?? new RunEvidence()) with { UndecidedQueries = entries } };
    }

    /// <summary>How long after the deadline a checker may take to notice its cancelled token before it is abandoned.</summary>
    public static TimeSpan Grace(TimeSpan limit) => TimeSpan.FromSeconds(Math.Clamp(limit.TotalSeconds * 0.1, 2, 10));

    private static ClaimResult Guarded(ClaimDefinition claim, Instance instance, CheckContext context, CancellationToken caller, bool rethrow)
    {
        try { return claim.Checker.Check(instance, context); }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return new ClaimResult(claim.Id, Verdict.Inconclusive, $"time limit of {context.Options.TimeoutSeconds} s reached; no verdict");
        }
        catch (Exception e) when (e is not OperationCanceledException && !rethrow)
        {
            // A failing checker must not hide other claims' verdicts; it is reported, never counted as a pass.
            return new ClaimResult(claim.Id, Verdict.Inconclusive, $"the checker failed: {e.GetType().Name}: {e.Message.Split('\n')[0]} (please report it)");
        }
    }
}
