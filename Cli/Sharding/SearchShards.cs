using Checker.Verification.Contracts;
using System.Text.Json;
using Checker.Cli.Rendering;
using Checker.Symbolic.IO;
using Checker.Verification.Claims;
using Checker.Verification.Search;

namespace Checker.Cli.Sharding;

/// <summary>
/// `search --shard K/N` output and its merge. An unsharded search runs trials 0, 1, 2, … and stops at the first
/// counterexample, reporting the verdict counts of the trials it ran. Each shard runs its own trials (t mod N = K) in
/// increasing order and stops at its own first counterexample, so after the merge: the reported counterexample is the
/// one with the lowest trial index t* over all shards (every shard has run all its trials below t*, since it stops only
/// at a counterexample of its own, which would be lower than t*); the counts are recounted over trials 0 … t*; and the
/// shrink of trial t* is the one its shard did, which depends only on (seed, t*) and is therefore the unsharded shrink.
/// A shard stopped by its time limit leaves a gap: the merge then reports what the unsharded run would have reported
/// had its time limit struck at the first trial no shard ran.
/// </summary>
public static class SearchShards
{
    public static ShardFile ToShard(SearchResult? r, ShardSpec spec, object parameters)
    {
        var final = r?.Shrunk ?? r?.Found?.Instance;
        var finalResult = r?.ShrunkResult ?? r?.Found?.Result;
        return new ShardFile
        {
            Command = "search",
            ShardIndex = spec.Index,
            ShardCount = spec.Count,
            Parameters = ShardFile.ParametersOf(parameters),
            Complete = r is not null,
            Trials = r?.Trials ?? [],
            TimedOut = r?.TimedOut ?? true,
            Found = r?.Found is not { } f || final is null ? null : new SearchShardFound(f.Trial, f.Seed, InstanceJson.Format(final), finalResult!.Verdict.Name(),
                finalResult.Detail, finalResult.Witness is null ? null : JsonSerializer.SerializeToElement(finalResult.Witness, JsonOutput.Options),
                r.ShrinkSteps, r.ShrinkChecks, r.Shrunk is not null) { ShrinkSummary = r.ShrinkSummary },
        };
    }

    /// <summary>The report the unsharded search would print, or null when a shard's search never stopped (no data).</summary>
    public static SearchReport? Merge(IReadOnlyList<(string Path, ShardFile File)> shards, string? outPath)
    {
        var p = shards[0].File.Parameters;
        string claim = Get(p, "claim", shards[0].Path).GetString()!;
        int seed = Get(p, "seed", shards[0].Path).GetInt32();
        int trials = Get(p, "trials", shards[0].Path).GetInt32();
        if (shards.Any(s => s.File.Complete == false)) return null;

        var byTrial = new Dictionary<int, TrialOutcome>();
        foreach (var (path, f) in shards)
            foreach (var t in f.Trials!)
            {
                if (t.Trial < 0 || t.Trial >= trials || !f.Spec.Owns(t.Trial))
                    throw new InputException(path, "trials", $"trials of shard {f.Spec} (t mod {f.ShardCount} = {f.ShardIndex}, 0 ≤ t < {trials}), got trial {t.Trial}");
                if (!byTrial.TryAdd(t.Trial, t)) throw new InputException(path, "trials", $"each trial once, got trial {t.Trial} twice");
            }
        int prefix = 0;
        while (prefix < trials && byTrial.ContainsKey(prefix)) prefix++;

        var first = shards.Where(s => s.File.Found is not null).OrderBy(s => s.File.Found!.Trial).FirstOrDefault();
        if (first.File?.Found is { } found && found.Trial < prefix)
        {
            string? written = outPath is null ? null : SearchRendering.WriteInstance(outPath, found.InstanceText);
            return SearchReport.Build(claim, seed, found.Trial + 1, Counts(byTrial, found.Trial + 1), found.Trial, found.TrialSeed, found.InstanceText,
                found.Verdict, found.Detail, found.Witness, found.ShrinkSteps, found.ShrinkChecks, found.Shrunk, written, first.File.TimedOut == true) with { ShrinkSummary = found.ShrinkSummary };
        }
        return SearchReport.Build(claim, seed, prefix, Counts(byTrial, prefix), null, null, null, null, null, null, [], 0, false, null, prefix < trials);
    }

    /// <summary>Verdict counts of trials 0 … limit−1 in the order an unsharded run meets them (that order is the JSON key order).</summary>
    private static Dictionary<string, int> Counts(Dictionary<int, TrialOutcome> byTrial, int limit)
    {
        var counts = new Dictionary<string, int>();
        for (int t = 0; t < limit; t++) counts[byTrial[t].Verdict] = counts.GetValueOrDefault(byTrial[t].Verdict) + 1;
        return counts;
    }

    private static JsonElement Get(JsonElement parameters, string name, string path) =>
        parameters.TryGetProperty(name, out var v) ? v : throw new InputException(path, "parameters." + name, "the search's " + name);
}
