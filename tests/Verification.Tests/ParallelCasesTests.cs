using Checker.Verification.Contracts;

namespace Checker.Verification.Tests;

/// <summary>The case executor behind `--jobs`: whatever the number of jobs and whatever order the cases finish in,
/// the stopping case reported is the lowest-indexed one and every case before it has its sequential result.</summary>
public class ParallelCasesTests
{
    private sealed record R(int Index, bool Stops);

    [Fact]
    public void Lowest_stopping_case_wins_whatever_the_jobs_and_finishing_order()
    {
        // Cases 3 and 7 stop; later cases finish first (they sleep less), so a naive "first to finish wins" would report 7.
        foreach (int jobs in new[] { 1, 2, 3, 8 })
        {
            var ran = new System.Collections.Concurrent.ConcurrentBag<int>();
            var outcome = ParallelCases.Run(10, jobs, (i, ct) =>
            {
                ran.Add(i);
                ct.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(5 * (10 - i)));
                return new R(i, i is 3 or 7);
            }, r => r.Stops);
            Assert.Equal(3, outcome.StoppedAt);
            Assert.Equal(3, outcome.Stop!.Index);
            for (int i = 0; i <= 3; i++) Assert.Equal(i, outcome.Results[i]!.Index);
            for (int i = 4; i < 10; i++) Assert.Null(outcome.Results[i]);
            Assert.Equal([0, 1, 2, 3], outcome.Ran.Select(r => r.Index));
            Assert.All(Enumerable.Range(0, 4), i => Assert.Contains(i, ran));
        }
    }

    [Fact]
    public void Without_a_stop_every_case_runs_once_in_order()
    {
        foreach (int jobs in new[] { 1, 2, 5 })
        {
            int calls = 0;
            var outcome = ParallelCases.Run(7, jobs, (i, _) => { Interlocked.Increment(ref calls); return new R(i, false); }, r => r.Stops);
            Assert.Null(outcome.StoppedAt);
            Assert.Null(outcome.Stop);
            Assert.Equal(7, calls);
            Assert.Equal(Enumerable.Range(0, 7), outcome.Results.Select(r => r!.Index));
        }
        Assert.Empty(ParallelCases.Run<R>(0, 4, (i, _) => new R(i, false)).Results);
    }

    [Fact]
    public void A_stop_cancels_the_running_later_cases()
    {
        // Case 1 blocks until its token fires; case 0 stops, so case 1 must be cancelled, not waited for.
        var outcome = ParallelCases.Run(2, 2, (i, ct) =>
        {
            if (i == 1) { ct.WaitHandle.WaitOne(TimeSpan.FromMinutes(5)); ct.ThrowIfCancellationRequested(); }
            else Thread.Sleep(50);
            return new R(i, i == 0);
        }, r => r.Stops);
        Assert.Equal(0, outcome.StoppedAt);
        Assert.Null(outcome.Results[1]);
    }

    [Fact]
    public void The_callers_cancellation_leaves_the_unstarted_cases_unrun_and_a_failure_is_rethrown()
    {
        using var cts = new CancellationTokenSource();
        var outcome = ParallelCases.Run(20, 2, (i, ct) =>
        {
            if (i == 3) cts.Cancel();
            return new R(i, false);
        }, null, cts.Token);
        Assert.Contains(outcome.Results, r => r is null);
        Assert.All(outcome.Ran, r => Assert.True(r.Index <= 5, $"case {r.Index} started after the cancellation"));

        var e = Assert.Throws<InvalidOperationException>(() => ParallelCases.Run(5, 2, (i, _) => i == 2 ? throw new InvalidOperationException("case 2") : new R(i, false)));
        Assert.Equal("case 2", e.Message);
    }
}
