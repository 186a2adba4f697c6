using Checker.Bench;
using Checker.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>Options of `checker bench`; --seed (from <see cref="SeedSettings"/>) seeds the benchmark data.</summary>
public sealed class BenchSettings : SeedSettings
{
    [CommandOption("--filter <TEXT>")]
    [Description("Run only cases whose name contains TEXT")]
    public string? Filter { get; init; }

    [CommandOption("--quick")]
    [Description("Fewer repetitions (a smoke run, figures less stable)")]
    public bool Quick { get; init; }
}

/// <summary>`checker bench`: the suite in bench/, each case against its in-process reference.</summary>
public sealed class BenchCommand : Command<BenchSettings>
{
    public override int Execute(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        var cases = BenchmarkSuite.Cases.Where(c => settings.Filter is null || c.Name.Contains(settings.Filter, StringComparison.OrdinalIgnoreCase)).ToList();
        if (cases.Count == 0) throw new UsageException($"--filter: no benchmark matches \"{settings.Filter}\"; cases: {string.Join(", ", BenchmarkSuite.Cases.Select(c => c.Name))}");
        var results = new List<BenchmarkResult>();
        // Synchronous: Progress<T> posts to the thread pool, so a case's last lines appeared under the next case's header.
        var log = new SynchronousProgress<string>(m => Console.Error.WriteLine(m));
        foreach (var c in cases)
        {
            Console.Error.WriteLine($"[bench] {c.Name}: {c.Description}");
            results.Add(c.Run(new BenchOptions(settings.Quick, settings.Seed), log));
        }
        if (settings.Json) { JsonOutput.Write(new { seed = settings.Seed, results }); return 0; }
        var t = new Table().AddColumn("case").AddColumn("figures").AddColumn("ratio").AddColumn("goal").AddColumn("met");
        foreach (var r in results)
            t.AddRow(Markup.Escape(r.Name),
                Markup.Escape(string.Join("\n", r.Figures.Select(f => $"{f.Key} = {f.Value:G4}"))),
                r.Ratio is { } x ? $"{x:G3}" : "-",
                Markup.Escape(r.Goal),
                r.GoalMet switch { true => "[green]yes[/]", false => "[red]no[/]", _ => "-" });
        AnsiConsole.Write(t);
        return 0;
    }
}
