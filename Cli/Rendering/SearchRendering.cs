using Checker.Symbolic.IO;
using Spectre.Console;

namespace Checker.Cli.Rendering;

/// <summary>How a <see cref="SearchReport"/> looks (JSON per docs/cli.md, or text); used by `search` and by `merge`.</summary>
public static class SearchRendering
{
    /// <summary>Prints the report and returns its exit code.</summary>
    public static int Write(SearchReport r, bool json)
    {
        if (json)
        {
            JsonOutput.Write(r);
            return r.ExitCode;
        }
        var console = Consoles.Stdout();
        bool conjecture = r.Kind == "conjecture";
        console.MarkupLine($"search for a counterexample to [bold]{Markup.Escape(r.Claim)}[/]{(conjecture ? " (a conjecture, not a claim of the paper)" : "")}: seed {r.Seed}, {r.Trials} trial(s){(r.TimedOut ? ", stopped by the time limit" : "")}");
        console.MarkupLine("verdicts: " + Markup.Escape(string.Join(", ", r.VerdictCounts.Select(kv => $"{kv.Key} {kv.Value}"))));
        if (r.Trials > 0)
            console.MarkupLine(Markup.Escape($"trial seeds: {SeedRange(r.TrialSeeds)} (trial k uses seed·1000003 + k; the instance and the check of a trial both follow from its seed)"));
        if (conjecture)
            console.MarkupLine(Markup.Escape($"{r.Claim} is a conjecture: sampling can only refute it. A trial either finds a counterexample or does not; trials without one (including inconclusive ones) are no evidence that {r.Claim} holds."));
        if (!r.Found)
        {
            console.MarkupLine("[green]no counterexample found[/] (this is not a proof)");
            return r.ExitCode;
        }
        console.MarkupLine($"[red]counterexample[/] at trial {r.FoundAtTrial} (trial seed {r.TrialSeed}){(r.Shrunk ? $", shrunk in {r.ShrinkSteps.Count} step(s) ({r.ShrinkChecks} checks)" : "")}:");
        console.WriteLine(r.InstanceText!);
        console.MarkupLine(Markup.Escape(r.Detail ?? ""));
        if (r.ShrinkSteps.Count > 0) console.MarkupLine("[grey]shrink steps: " + Markup.Escape(string.Join("; ", r.ShrinkSteps)) + "[/]");
        if (r.ShrinkSummary is not null) console.MarkupLine("shrunk: " + Markup.Escape(r.ShrinkSummary));
        if (r.OutFile is not null) console.MarkupLine($"written to {Markup.Escape(r.OutFile)}; re-run with `checker check {r.Claim} {Markup.Escape(r.OutFile)} --seed {r.TrialSeed}`");
        return r.ExitCode;
    }

    /// <summary>"a … b" for consecutive seeds (they are, unless the int arithmetic wrapped), else the list.</summary>
    private static string SeedRange(IReadOnlyList<int> seeds)
    {
        bool consecutive = seeds.Zip(seeds.Skip(1), (a, b) => b == a + 1).All(x => x);
        return seeds.Count == 1 ? seeds[0].ToString() : consecutive ? $"{seeds[0]} … {seeds[^1]}" : string.Join(", ", seeds);
    }

    /// <summary>The search did not stop within its time limit (no trial data at all): exit 3.</summary>
    public static int WriteStopped(string claim, int seed, double timeout, bool json)
    {
        Console.Error.WriteLine($"checker: time limit of {timeout} s reached before the search stopped");
        if (json) JsonOutput.Write(new { claim, seed, found = false, timed_out = true });
        return CheckerApp.ExitInconclusive;
    }

    /// <summary>Writes the counterexample instance file of --out; a path that cannot be written is a usage error.</summary>
    public static string WriteInstance(string path, string instanceText)
    {
        try { File.WriteAllText(path, instanceText + "\n"); return path; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        { throw new UsageException($"--out: expected a writable file, \"{path}\" cannot be written ({e.Message})"); }
    }
}
