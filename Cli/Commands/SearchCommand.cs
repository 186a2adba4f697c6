using Checker.Verification.Contracts;
using Checker.Cli.Rendering;
using Checker.Cli.Sharding;
using Checker.Symbolic.Model;
using Checker.Verification.Claims;
using Checker.Verification.Search;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>Options of `checker search` (docs/cli.md#search).</summary>
public sealed class SearchSettings : SolverSettings
{
    protected override double DefaultTimeoutSeconds => 300;

    [CommandArgument(0, "<CLAIM>")]
    [Description("Claim or conjecture id from `checker claims` (C1 … C10, K1, K2)")]
    public string Claim { get; init; } = "";

    [CommandOption("--trials <N>")]
    [Description("Number of random instances; default 100")]
    public int Trials { get; init; } = 100;

    [CommandOption("--shrink")]
    [Description("Shrink a found counterexample (fewer samples, lower dimension, narrower layers, labels to ±1, integers to the smallest magnitude) while it stays one; says what it shrank")]
    public bool Shrink { get; init; }

    [CommandOption("--max-d <D>")]
    [Description("Largest input dimension; default 2")]
    public int MaxD { get; init; } = 2;

    [CommandOption("--max-n <N>")]
    [Description("Largest number of samples; default 3")]
    public int MaxN { get; init; } = 3;

    [CommandOption("--max-width <K>")]
    [Description("Largest hidden width; default 3")]
    public int MaxWidth { get; init; } = 3;

    [CommandOption("--depth <L>")]
    [Description("Depth L (number of weight matrices); default 2")]
    public int Depth { get; init; } = 2;

    [CommandOption("--activations <LIST>")]
    [Description("Activation presets to draw from, separated by ';' (e.g. \"relu;leaky:1/10;polyrelu:2\"); default relu;leaky:1/10")]
    public string Activations { get; init; } = "relu;leaky:1/10";

    [CommandOption("--max-int <M>")]
    [Description("Data entries are integers in [-M, M], labels in ±[1, M]; default 2")]
    public int MaxInt { get; init; } = 2;



    [CommandOption("--out <FILE>")]
    [Description("Write the (shrunk) counterexample as an instance file")]
    public string? Out { get; init; }

    [CommandOption("--shard <K/N>")]
    [Description("Run only shard K of N (K = 0 … N-1): trial t runs in shard t mod N. Prints a shard file (JSON) for `checker merge`, which prints what the unsharded run prints; exit 0 once written")]
    public string? Shard { get; init; }

    /// <summary>The parsed --shard (validated), or null.</summary>
    public ShardSpec? ShardSpec => Shard is null ? null : ShardSpec.TryParse(Shard, out _);

    protected override void ValidateOptions()
    {
        base.ValidateOptions();
        if (Trials < 1) throw new UsageException($"--trials: expected a positive integer, got {Trials}");
        if (MaxD < 1 || MaxD > 16) throw new UsageException($"--max-d: expected 1 … 16, got {MaxD}");
        if (MaxN < 1 || MaxN > 64) throw new UsageException($"--max-n: expected 1 … 64, got {MaxN}");
        if (MaxWidth < 1 || MaxWidth > 16) throw new UsageException($"--max-width: expected 1 … 16, got {MaxWidth}");
        if (Depth < 1 || Depth > 6) throw new UsageException($"--depth: expected 1 … 6, got {Depth}");
        if (MaxInt < 1 || MaxInt > 1000) throw new UsageException($"--max-int: expected 1 … 1000, got {MaxInt}");
        var activations = ActivationList;
        if (activations.Length == 0) throw new UsageException("--activations: expected at least one preset");
        foreach (var a in activations)
            if (Activation.TryParsePreset(a, out var err) is null) throw new UsageException($"--activations: expected {err}");
        OutputPaths.RequireWritableFile("--out", Out);
        if (Shard is not null)
        {
            if (ShardSpec.TryParse(Shard, out var shardError) is null) throw new UsageException("--shard: expected " + shardError);
            if (Out is not null) throw new UsageException("--out: not with --shard (a shard does not know the overall counterexample); give --out to `checker merge`");
        }
    }

    /// <summary>The presets of --activations, one per entry.</summary>
    public string[] ActivationList => Activations.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

}

/// <summary>
/// `checker search CLAIM --trials N [--shrink]` (issue 5): seeded random instances looking for a counterexample to a
/// claim of docs/theory.md#claims or a conjecture of the catalogue. Exit 1 when one is found, 0 when the trials ran without one
/// (that is not a proof), 3 when the time limit stopped the search first.
/// </summary>
public sealed class SearchCommand : Command<SearchSettings>
{
    public override int Execute(CommandContext context, SearchSettings s, CancellationToken cancellationToken)
    {
        var check = ClaimRegistry.Find(s.Claim)
            ?? throw new UsageException($"unknown claim \"{s.Claim}\"; expected one of {ClaimRegistry.Ids}");
        var activations = s.ActivationList;

        var shard = s.ShardSpec;
        var bounds = new SearchBounds { MaxDimension = s.MaxD, MaxSamples = s.MaxN, MaxWidth = s.MaxWidth, Depth = s.Depth, Activations = activations, MaxInteger = s.MaxInt };
        // Each trial gets a share of the budget so one slow instance cannot eat the search.
        var options = new CheckOptions { Seed = s.Seed, TimeoutSeconds = Math.Clamp(s.Timeout / 10, 2, 60), Solver = s.SolverName, Jobs = s.Jobs };
        var outcome = ProgressDisplay.Run(shard is null ? $"search {check.Id}" : $"search {check.Id} shard {shard}", s.TimeLimit,
            (progress, token) => CounterexampleSearch.Run(check, bounds, s.Trials, s.Shrink, options, progress, token, shard: shard), cancellationToken);
        var r = outcome.Result;
        if (shard is not null)
        {
            SearchShards.ToShard(r, shard, Parameters(s, check.Id, activations)).Write();
            return CheckerApp.ExitHolds;
        }
        if (r is null) return SearchRendering.WriteStopped(check.Id, s.Seed, s.Timeout, s.Json);
        var final = r.Shrunk ?? r.Found?.Instance;
        string? written = final is not null && s.Out is { } path ? SearchRendering.WriteInstance(path, InstanceJson.Format(final)) : null;
        return SearchRendering.Write(SearchReport.From(r, written), s.Json);
    }

    /// <summary>Every option that changes what the search finds: shards of one sweep must agree on all of them (merge checks).</summary>
    private static object Parameters(SearchSettings s, string claim, string[] activations) => new
    {
        claim,
        seed = s.Seed,
        trials = s.Trials,
        shrink = s.Shrink,
        max_d = s.MaxD,
        max_n = s.MaxN,
        max_width = s.MaxWidth,
        depth = s.Depth,
        activations,
        max_int = s.MaxInt,
        timeout_seconds = s.Timeout,
        solver = s.SolverName,
    };
}
