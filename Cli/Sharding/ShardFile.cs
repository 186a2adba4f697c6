using System.Text.Json;
using Checker.Cli.Rendering;
using Checker.Symbolic.IO;
using Checker.Verification.Search;

namespace Checker.Cli.Sharding;

/// <summary>
/// The JSON a sharded run (`search --shard K/N`, `verify --shard K/N`) writes on stdout, and `checker merge` reads:
/// which shard it is, the run's parameters (every option that changes the result; merge refuses files whose parameters
/// differ), and the shard's raw results (per-trial verdicts, or per-instance verdict tables). docs/cli.md describes the
/// fields. Output-only options (--json, --format, --out) are not parameters: they are given to merge instead.
/// </summary>
public sealed record ShardFile
{
    public const string CurrentFormat = "checker-shard/1";
    public const string PartitionRule = "item t (trial, or instance file, counted from 0) runs in shard t mod N";

    public string Format { get; init; } = CurrentFormat;
    /// <summary>"search" or "verify".</summary>
    public string Command { get; init; } = "";
    public int ShardIndex { get; init; }
    public int ShardCount { get; init; }
    public string Partition { get; init; } = PartitionRule;
    public JsonElement Parameters { get; init; }

    /// <summary>search: false when the shard's search did not stop within its time limit (no trial data).</summary>
    public bool? Complete { get; init; }
    /// <summary>search: the shard's trials in the order run.</summary>
    public IReadOnlyList<TrialOutcome>? Trials { get; init; }
    /// <summary>search: whether the time limit stopped this shard's trials or its shrink.</summary>
    public bool? TimedOut { get; init; }
    /// <summary>search: the shard's first counterexample (lowest trial of the shard) after shrinking.</summary>
    public SearchShardFound? Found { get; init; }

    /// <summary>verify: the report of each instance file of this shard, by its index in the full list.</summary>
    public IReadOnlyList<VerifyShardItem>? Results { get; init; }

    public ShardSpec Spec => new(ShardIndex, ShardCount);

    public static JsonElement ParametersOf(object parameters) => JsonSerializer.SerializeToElement(parameters, parameters.GetType(), JsonOutput.Options);

    public void Write() => JsonOutput.Write(this);

    /// <summary>Reads one shard file; anything that is not one is bad input naming the file and field (exit 2).</summary>
    public static ShardFile Read(string path)
    {
        if (!File.Exists(path)) throw new InputException(path, "file", "an existing shard file (the JSON a run with --shard K/N prints)");
        if (new FileInfo(path).Length > InstanceReader.MaxFileBytes) throw new InputException(path, "file", $"at most {InstanceReader.MaxFileBytes >> 20} MiB");
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new InputException(path, "file", $"a readable shard file ({e.Message.Split('\n')[0]})"); }
        ShardFile? f;
        try { f = JsonSerializer.Deserialize<ShardFile>(text, JsonOutput.Options); }
        catch (JsonException e)
        { throw new InputException(path, e.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "json", $"a shard file written by `--shard K/N` ({e.Message.Split('\n')[0].Split(" Path:")[0]})"); }
        if (f is null) throw new InputException(path, "json", "a shard file object, got null");
        if (f.Format != CurrentFormat) throw new InputException(path, "format", $"\"{CurrentFormat}\" (the JSON a run with --shard K/N prints), got {(f.Format is null ? "nothing" : $"\"{f.Format}\"")}");
        if (f.Command is not ("search" or "verify")) throw new InputException(path, "command", $"\"search\" or \"verify\", got \"{f.Command}\"");
        if (f.ShardCount < 1 || f.ShardCount > ShardSpec.MaxCount || f.ShardIndex < 0 || f.ShardIndex >= f.ShardCount)
            throw new InputException(path, "shard_index", $"0 ≤ shard_index < shard_count, got {f.ShardIndex} of {f.ShardCount}");
        if (f.Parameters.ValueKind != JsonValueKind.Object) throw new InputException(path, "parameters", "an object with the run's options");
        if (f.Command == "search" && (f.Trials is null || f.Complete is null))
            throw new InputException(path, f.Trials is null ? "trials" : "complete", "the search shard's trial list and completion flag");
        if (f.Command == "verify" && f.Results is null) throw new InputException(path, "results", "the verify shard's per-instance results");
        return f;
    }
}

/// <summary>A shard's counterexample: the trial that found it, and the reported (shrunk if --shrink) instance and result.</summary>
public sealed record SearchShardFound(
    int Trial,
    int TrialSeed,
    string InstanceText,
    string Verdict,
    string Detail,
    JsonElement? Witness,
    IReadOnlyList<string> ShrinkSteps,
    int ShrinkChecks,
    bool Shrunk)
{
    /// <summary>What the shrink changed (absent in shard files written before it existed).</summary>
    public string? ShrinkSummary { get; init; }
}

/// <summary>One instance's verify report inside a verify shard, at its index in the run's instance list.</summary>
public sealed record VerifyShardItem(int Index, VerifyReport Report, int Samples);
