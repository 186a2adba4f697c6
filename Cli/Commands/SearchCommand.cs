using Checker.Verification.Contracts;
using Checker.Cli.Rendering;
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
    [Description("Shrink a found counterexample (fewer samples, lower dimension, narrower layers, smaller integers) while it stays one")]
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

        var bounds = new SearchBounds { MaxDimension = s.MaxD, MaxSamples = s.MaxN, MaxWidth = s.MaxWidth, Depth = s.Depth, Activations = activations, MaxInteger = s.MaxInt };
        // Each trial gets a share of the budget so one slow instance cannot eat the search.
        var options = new CheckOptions { Seed = s.Seed, TimeoutSeconds = Math.Clamp(s.Timeout / 10, 2, 60), Solver = s.SolverName };
        var outcome = ProgressDisplay.Run($"search {check.Id}", s.TimeLimit,
            (progress, token) => CounterexampleSearch.Run(check, bounds, s.Trials, s.Shrink, options, progress, token), cancellationToken);
        var r = outcome.Result;
        if (r is null)
        {
            Console.Error.WriteLine($"checker: time limit of {s.Timeout} s reached before the search stopped");
            if (s.Json) JsonOutput.Write(new { claim = check.Id, seed = s.Seed, found = false, timed_out = true });
            return CheckerApp.ExitInconclusive;
        }
        var final = r.Shrunk ?? r.Found?.Instance;
        var finalResult = r.ShrunkResult ?? r.Found?.Result;
        string? written = null;
        if (final is not null && s.Out is { } path)
        {
            try { File.WriteAllText(path, InstanceJson.Format(final) + "\n"); written = path; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            { throw new UsageException($"--out: expected a writable file, \"{path}\" cannot be written ({e.Message})"); }
        }
        int code = final is not null ? CheckerApp.ExitCounterexample : r.TimedOut ? CheckerApp.ExitInconclusive : CheckerApp.ExitHolds;
        var conjecture = check.IsConjecture;
        if (s.Json)
        {
            JsonOutput.Write(new
            {
                claim = check.Id,
                kind = conjecture ? "conjecture" : "claim",
                seed = s.Seed,
                trials = r.TrialsRun,
                trial_seeds = TrialSeeds(s.Seed, r.TrialsRun),
                refutation_only = conjecture,
                verdict_counts = r.VerdictCounts,
                found = final is not null,
                found_at_trial = r.Found?.Trial,
                trial_seed = r.Found?.Seed,
                instance = final is null ? (System.Text.Json.JsonElement?)null : System.Text.Json.JsonDocument.Parse(InstanceJson.Format(final)).RootElement,
                verdict = finalResult?.Verdict.Name(),
                detail = finalResult?.Detail,
                witness = finalResult?.Witness,
                shrink_steps = r.ShrinkSteps,
                shrink_checks = r.ShrinkChecks,
                out_file = written,
                timed_out = r.TimedOut,
                exit_code = code,
            });
            return code;
        }
        var console = Consoles.Stdout();
        console.MarkupLine($"search for a counterexample to [bold]{Markup.Escape(check.Id)}[/]{(conjecture ? " (a conjecture, not a claim of the paper)" : "")}: seed {s.Seed}, {r.TrialsRun} trial(s){(r.TimedOut ? ", stopped by the time limit" : "")}");
        console.MarkupLine("verdicts: " + Markup.Escape(string.Join(", ", r.VerdictCounts.Select(kv => $"{kv.Key} {kv.Value}"))));
        if (r.TrialsRun > 0)
            console.MarkupLine(Markup.Escape($"trial seeds: {SeedRange(s.Seed, r.TrialsRun)} (trial k uses seed·1000003 + k; the instance and the check of a trial both follow from its seed)"));
        if (conjecture)
            console.MarkupLine(Markup.Escape($"{check.Id} is a conjecture: sampling can only refute it. A trial either finds a counterexample or does not; trials without one (including inconclusive ones) are no evidence that {check.Id} holds."));
        if (final is null)
        {
            console.MarkupLine("[green]no counterexample found[/] (this is not a proof)");
            return code;
        }
        console.MarkupLine($"[red]counterexample[/] at trial {r.Found!.Trial} (trial seed {r.Found.Seed}){(r.Shrunk is not null ? $", shrunk in {r.ShrinkSteps.Count} step(s) ({r.ShrinkChecks} checks)" : "")}:");
        console.WriteLine(InstanceJson.Format(final));
        console.MarkupLine(Markup.Escape(finalResult!.Detail));
        if (r.ShrinkSteps.Count > 0) console.MarkupLine("[grey]shrink steps: " + Markup.Escape(string.Join("; ", r.ShrinkSteps)) + "[/]");
        if (written is not null) console.MarkupLine($"written to {Markup.Escape(written)}; re-run with `checker check {check.Id} {Markup.Escape(written)} --seed {r.Found.Seed}`");
        return code;
    }

    /// <summary>The seeds of trials 0 … count−1 (<see cref="CounterexampleSearch.TrialSeed"/>).</summary>
    internal static int[] TrialSeeds(int seed, int count) => Enumerable.Range(0, count).Select(t => CounterexampleSearch.TrialSeed(seed, t)).ToArray();

    /// <summary>"a … b" for consecutive seeds (they are, unless the int arithmetic wrapped), else the list.</summary>
    private static string SeedRange(int seed, int count)
    {
        var seeds = TrialSeeds(seed, count);
        bool consecutive = seeds.Zip(seeds.Skip(1), (a, b) => b == a + 1).All(x => x);
        return count == 1 ? seeds[0].ToString() : consecutive ? $"{seeds[0]} … {seeds[^1]}" : string.Join(", ", seeds);
    }
}
