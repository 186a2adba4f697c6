using Checker.Verification.Claims;
using Spectre.Console;

namespace Checker.Cli.Rendering;

/// <summary>
/// How `checker verify` (and `checker merge` of verify shards) prints one or more <see cref="VerifyReport"/>s in the
/// chosen --format. One instance file keeps the single-instance JSON object; several give
/// <c>{"instances": [...], "exit_code": …}</c> and one text block per instance followed by a summary line.
/// </summary>
public static class VerifyRendering
{
    public static readonly string[] Formats = ["text", "json", "latex", "csv"];

    /// <summary>The exit code over several instances: the worst claim verdict of all of them (per <see cref="VerdictNames.ExitCode"/>).</summary>
    public static int ExitCode(IReadOnlyList<VerifyReport> reports) =>
        reports.Count == 1 ? reports[0].ExitCode : VerdictNames.ExitCode(reports.Select(r => r.ExitCode switch { 1 => Verdict.Counterexample, 3 => Verdict.Inconclusive, _ => Verdict.Holds }));

    /// <summary>Prints the reports and returns the exit code.</summary>
    public static int Write(IReadOnlyList<VerifyReport> reports, string format)
    {
        int code = ExitCode(reports);
        switch (format)
        {
            case "json":
                if (reports.Count == 1) JsonOutput.Write(reports[0]);
                else JsonOutput.Write(new { instances = reports, exit_code = code });
                break;
            case "latex":
                Console.Out.Write(VerdictTableFormatter.Latex(reports));
                break;
            case "csv":
                Console.Out.Write(VerdictTableFormatter.Csv(reports));
                break;
            default:
                var console = Consoles.Stdout();
                for (int i = 0; i < reports.Count; i++)
                {
                    if (i > 0) console.WriteLine();
                    WriteText(console, reports[i]);
                }
                if (reports.Count > 1) console.MarkupLine($"{reports.Count} instance files: {Markup.Escape(Summary(reports.SelectMany(r => r.Claims)))}; exit {code}");
                break;
        }
        return code;
    }

    /// <summary>"5 holds, 1 holds-numerically, 4 not applicable": how many claims got each verdict, in verdict order.</summary>
    public static string Summary(IEnumerable<VerifyClaimRow> rows) =>
        string.Join(", ", rows.Where(r => !r.Conjecture).GroupBy(r => r.Label).OrderBy(g => Order(g.Key)).Select(g => $"{g.Count()} {g.Key}"));

    private static int Order(string label) => Array.IndexOf(["holds", "holds-numerically", "counterexample", "inconclusive", "not applicable"], label);

    private static Verdict VerdictOf(string name) => Enum.GetValues<Verdict>().First(v => v.Name() == name);

    private static string Colour(string verdict) => verdict switch
    {
        "holds" or "holds-numerically" => "green",
        "counterexample" => "red",
        "inconclusive" => "yellow",
        _ => "grey",
    };

    private static void WriteText(IAnsiConsole console, VerifyReport r)
    {
        console.MarkupLine($"[bold]{Markup.Escape(r.Instance)}[/]: {Markup.Escape(r.NetworkText)}, n = {r.Samples}, Λ = {Markup.Escape(r.Degree.ToString() ?? "")}");
        if (r.At is { } at)
            console.MarkupLine($"at the point {Markup.Escape(at.Weights)}: point-wise claims {Markup.Escape(string.Join(", ", at.PointWise))}; not point-wise (statements about the whole instance, not run): {Markup.Escape(string.Join(", ", at.NotPointWise.Keys))}");
        var t = new Table().AddColumn("claim").AddColumn("verdict").AddColumn("detail").AddColumn(new TableColumn("s").RightAligned());
        if (r.Certificates is not null) t.AddColumn(new TableColumn(".smt2").RightAligned());
        foreach (var row in r.Claims)
        {
            var cells = new List<string> { Markup.Escape(row.Id + (row.Conjecture ? " (conjecture)" : "")), $"[{Colour(row.Verdict)}]{Markup.Escape(row.Label)}[/]",
                Markup.Escape(row.Detail), row.ElapsedSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) };
            if (r.Certificates is not null) cells.Add(row.CertificateCount.ToString());
            t.AddRow(cells.ToArray());
        }
        console.Write(t);
        var conjectures = r.Claims.Where(c => c.Conjecture).ToList();
        console.MarkupLine($"[bold]claims:[/] {Markup.Escape(r.Summary)}" +
            (conjectures.Count > 0 ? $"; conjectures (do not affect the exit code): {Markup.Escape(ClaimRendering.Summary(conjectures.Select(c => VerdictOf(c.Verdict))))}" : ""));
        if (r.Certificates is { } certs)
            console.MarkupLine($"certificates: {Markup.Escape(Path.Combine(certs, "<claim>"))} (re-run: [grey]for f in {Markup.Escape(certs)}/*/*.smt2; do z3 $f; done[/]; each file's \"; expected:\" line gives the answer)");
        if (r.Report is not null) console.MarkupLine($"report: {Markup.Escape(r.Report)}");
        console.MarkupLine($"[grey]seed {r.Seed}, timeout {r.TimeoutSeconds} s per claim, solver {Markup.Escape(r.Solver)}, exit {r.ExitCode}[/]");
    }
}
