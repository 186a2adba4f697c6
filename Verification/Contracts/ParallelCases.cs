namespace Checker.Verification.Contracts;

/// <summary>
/// The one executor for the independent cases of a case split (C4's converse, C5, C6; the `--jobs N` option and the callers have not landed yet):
/// case i runs as <c>work(i, token)</c> on up to <c>jobs</c> threads, and the results come back in case order.
/// <para>
/// <b>Verdicts do not depend on the number of jobs.</b> A result for which <c>stop</c> is true (a SAT leaf, a
/// counterexample) ends the split the way the sequential loop would: the cases <i>after</i> the lowest stopping index
/// are cancelled or never started, the cases <i>before</i> it still run to the end (one of them may stop too and then
/// wins). So the stopping case reported is always the lowest-indexed one — what `--jobs 1` finds first — and every
/// case before it has the result it has in the sequential run. Cases after it are reported as not run.
/// </para>
/// <para>
/// Each case gets a token cancelled when the caller's token fires or when a lower-indexed case stops; work must pass
/// it to its solver calls (a solver call ends on it; docs/theory.md#solver-answers). An exception from a case
/// (other than a cancellation on its token) is rethrown once every running case has returned.
/// </para>
/// </summary>
public static class ParallelCases
{
    /// <summary>What a split produced: per case, its result, or null when the case was not run (cancelled before it
    /// started, or after a lower-indexed case stopped the split).</summary>
    public sealed record Outcome<T>(IReadOnlyList<T?> Results, int? StoppedAt) where T : class
    {
        /// <summary>The lowest-indexed result that stopped the split, or null.</summary>
        public T? Stop => StoppedAt is { } k ? Results[k] : null;

        /// <summary>Results of the cases that ran, in case order.</summary>
        public IEnumerable<T> Ran => Results.Where(r => r is not null)!;
    }

    /// <summary>The default of `--jobs`: every core this process may use.</summary>
    public static int DefaultJobs => Math.Max(1, Environment.ProcessorCount);

    public static Outcome<T> Run<T>(int count, int jobs, Func<int, CancellationToken, T> work, Func<T, bool>? stop = null,
        CancellationToken cancellationToken = default) where T : class
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var results = new T?[count];
        if (count == 0) return new Outcome<T>(results, null);
        jobs = Math.Clamp(jobs, 1, count);
        // One token per case, so a stop at index k cancels exactly the cases after k.
        var tokens = new CancellationTokenSource[count];
        for (int i = 0; i < count; i++) tokens[i] = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var gate = new object();
        int next = 0;
        int stopAt = int.MaxValue;
        Exception? failure = null;

        void Worker()
        {
            while (true)
            {
                int i;
                lock (gate)
                {
                    if (next >= count || next > stopAt || failure is not null || cancellationToken.IsCancellationRequested) return;
                    i = next++;
                }
                T result;
                try { result = work(i, tokens[i].Token); }
                catch (OperationCanceledException) when (tokens[i].IsCancellationRequested) { continue; }
                catch (Exception e)
                {
                    lock (gate) failure ??= e;
                    foreach (var t in tokens) t.Cancel();
                    return;
                }
                lock (gate)
                {
                    // A case already cancelled by a lower stop keeps no result: the sequential run never reaches it.
                    if (i > stopAt) continue;
                    results[i] = result;
                    if (stop is not null && stop(result) && i < stopAt)
                    {
                        stopAt = i;
                        for (int j = i + 1; j < count; j++) tokens[j].Cancel();
                    }
                }
            }
        }

        try
        {
            if (jobs == 1) Worker();
            else
            {
                var threads = Enumerable.Range(0, jobs).Select(_ => new Thread(Worker) { IsBackground = true, Name = "checker case" }).ToList();
                foreach (var t in threads) t.Start();
                foreach (var t in threads) t.Join();
            }
        }
        finally
        {
            foreach (var t in tokens) t.Dispose();
        }
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        // A case after the stop may have finished before the stopping case did: the sequential run never reaches it.
        for (int j = stopAt + 1; j < count && stopAt != int.MaxValue; j++) results[j] = null;
        return new Outcome<T>(results, stopAt == int.MaxValue ? null : stopAt);
    }
}
