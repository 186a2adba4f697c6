using Checker.Verification.Contracts;
using System.Text.Json;
using System.Text.Json.Serialization;
using Checker.Verification.Claims;
using Checker.Verification.Search;

namespace Checker.Cli.Rendering;

/// <summary>
/// What `checker search` prints, as data: the JSON document is this record serialised, and the text is rendered from it
/// alone (<see cref="SearchRendering"/>). `checker merge` rebuilds the same record from shard files, so a merged sweep
/// prints exactly what the unsharded run prints.
/// </summary>
public sealed record SearchReport(
    string Claim,
    string Kind,
    int Seed,
    int Trials,
    IReadOnlyList<int> TrialSeeds,
    bool RefutationOnly,
    IReadOnlyDictionary<string, int> VerdictCounts,
    bool Found,
    int? FoundAtTrial,
    int? TrialSeed,
    JsonElement? Instance,
    string? Verdict,
    string? Detail,
    object? Witness,
    IReadOnlyList<string> ShrinkSteps,
    int ShrinkChecks,
    string? OutFile,
    bool TimedOut,
    int ExitCode)
{
    /// <summary>The counterexample as an instance file (the text output prints it verbatim).</summary>
    [JsonIgnore] public string? InstanceText { get; init; }

    /// <summary>Whether the shrink step produced the reported instance (the text says how many steps it took).</summary>
    [JsonIgnore] public bool Shrunk { get; init; }

    /// <summary>What the shrink changed, in one line (samples, widths, labels, inputs before → after); null without one.</summary>
    [JsonPropertyOrder(1)] public string? ShrinkSummary { get; init; }

    public static string KindOf(string claimId) => ClaimRegistry.Find(claimId)?.IsConjecture == true ? "conjecture" : "claim";

    /// <summary>The report of a finished search; <paramref name="outFile"/> is where the counterexample was written, if anywhere.</summary>
    public static SearchReport From(SearchResult r, string? outFile)
    {
        var found = r.Found;
        var final = r.Shrunk ?? found?.Instance;
        var finalResult = r.ShrunkResult ?? found?.Result;
        var text = final is null ? null : InstanceJson.Format(final);
        return Build(r.ClaimId, r.Seed, r.TrialsRun, r.VerdictCounts, found?.Trial, found?.Seed, text, finalResult?.Verdict.Name(),
            finalResult?.Detail, finalResult?.Witness, r.ShrinkSteps, r.ShrinkChecks, r.Shrunk is not null, outFile, r.TimedOut) with { ShrinkSummary = r.ShrinkSummary };
    }

    /// <summary>The one place the derived fields (kind, found, exit code, the instance as JSON) are computed, for a run and for a merge alike.</summary>
    public static SearchReport Build(string claim, int seed, int trialsRun, IReadOnlyDictionary<string, int> counts, int? foundAt, int? trialSeed,
        string? instanceText, string? verdict, string? detail, object? witness, IReadOnlyList<string> shrinkSteps, int shrinkChecks, bool shrunk,
        string? outFile, bool timedOut)
    {
        bool found = instanceText is not null;
        int code = found ? CheckerApp.ExitCounterexample : timedOut ? CheckerApp.ExitInconclusive : CheckerApp.ExitHolds;
        var seeds = Enumerable.Range(0, trialsRun).Select(t => CounterexampleSearch.TrialSeed(seed, t)).ToArray();
        return new SearchReport(claim, KindOf(claim), seed, trialsRun, seeds, KindOf(claim) == "conjecture", counts, found, foundAt, trialSeed,
            instanceText is null ? null : JsonDocument.Parse(instanceText).RootElement.Clone(), verdict, detail, witness, shrinkSteps, shrinkChecks,
            outFile, timedOut, code)
        { InstanceText = instanceText, Shrunk = shrunk };
    }
}
