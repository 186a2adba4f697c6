using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Verification.Claims;

namespace Checker.Verification.Search;

/// <summary>One random instance of a search and what the claim's check said about it.</summary>
public sealed record SearchTrial(int Trial, int Seed, Instance Instance, ClaimResult Result);

/// <summary>The outcome of `checker search` (issue 5).</summary>
public sealed record SearchResult(
    string ClaimId,
    int TrialsRun,
    int Seed,
    IReadOnlyDictionary<string, int> VerdictCounts,
    SearchTrial? Found,
    Instance? Shrunk,
    ClaimResult? ShrunkResult,
    IReadOnlyList<string> ShrinkSteps,
    int ShrinkChecks,
    bool TimedOut,
    IReadOnlyList<TrialOutcome>? Trials = null)
{
    /// <summary>What the shrink changed, in one line (<see cref="InstanceShrinker.Summary"/>); null without a shrink.</summary>
    public string? ShrinkSummary { get; init; }
}

/// <summary>What one trial of a search gave, in the order run: enough for `checker merge` to recount the verdicts of
/// an unsharded run from shards (the verdict counts of a prefix of the trials).</summary>
public sealed record TrialOutcome(int Trial, int Seed, string Verdict);

/// <summary>
/// Seeded random search for a counterexample to one claim or conjecture: instance k uses seed (seed, k), the claim's
/// own exact/numeric check decides, and the first counterexample is shrunk (optionally) by re-running the same check
/// on smaller instances. Every reported counterexample is the check's own re-checked witness. With a
/// <see cref="ShardSpec"/> only the shard's trials run (same seeds, same order); the trial and its shrink depend only
/// on (seed, trial), so the lowest counterexample trial over all shards is the one an unsharded run finds.
/// </summary>
public static class CounterexampleSearch
{
    public static int TrialSeed(int seed, int trial) => unchecked(seed * 1_000_003 + trial);

    public static SearchResult Run(ClaimDefinition claim, SearchBounds bounds, int trials, bool shrink, CheckOptions options,
        IProgress<CheckProgress>? progress, CancellationToken ct, int maxShrinkChecks = 80, ShardSpec? shard = null)
    {
        var counts = new Dictionary<string, int>();
        var outcomes = new List<TrialOutcome>();
        int owned = shard is null ? trials : Enumerable.Range(0, trials).Count(shard.Owns), done = 0;
        SearchTrial? found = null;
        int run = 0;
        bool timedOut = false;
        try
        {
            for (int t = 0; t < trials && found is null; t++)
            {
                if (shard is not null && !shard.Owns(t)) continue;
                ct.ThrowIfCancellationRequested();
                progress?.Report(new CheckProgress("random instances", done++, owned));
                int seed = TrialSeed(options.Seed, t);
                var instance = InstanceGenerator.Generate(bounds, seed, $"search-{claim.Id}-{options.Seed}-{t}", SearchShapes.CanRefute(claim.Id));
                var result = Evaluate(claim, instance, options with { Seed = seed }, ct);
                run++;
                var key = result.Verdict.Name();
                counts[key] = counts.GetValueOrDefault(key) + 1;
                outcomes.Add(new TrialOutcome(t, seed, key));
                if (result.Verdict == Verdict.Counterexample) found = new SearchTrial(t, seed, instance, result);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { timedOut = true; }
        catch (OperationCanceledException) { timedOut = true; }
        if (found is null || !shrink)
            return new SearchResult(claim.Id, run, options.Seed, counts, found, null, null, [], 0, timedOut, outcomes);

        var last = found.Result;
        var trialOptions = options with { Seed = found.Seed };
        try
        {
            var (small, steps, checks) = InstanceShrinker.Shrink(found.Instance, x =>
            {
                progress?.Report(new CheckProgress("shrinking", 0, 0));
                var r = Evaluate(claim, x, trialOptions, ct);
                if (r.Verdict != Verdict.Counterexample) return false;
                last = r;
                return true;
            }, maxShrinkChecks, ct);
            return new SearchResult(claim.Id, run, options.Seed, counts, found, small, last, steps, checks, timedOut, outcomes)
            { ShrinkSummary = InstanceShrinker.Summary(found.Instance, small) };
        }
        catch (OperationCanceledException)
        {
            return new SearchResult(claim.Id, run, options.Seed, counts, found, null, null, [], 0, true, outcomes);
        }
    }

    // One trial goes through the same runner as `check`: hypotheses, budget, timeouts and failures one way everywhere.
    private static ClaimResult Evaluate(ClaimDefinition claim, Instance instance, CheckOptions options, CancellationToken ct) =>
        ClaimRunner.Run(claim, instance, options, null, ct).Result;
}
