using Checker.Verification.Contracts;
using Checker.Cli.Rendering;
using Checker.Cli.Reporting;
using Checker.Symbolic.IO;
using Checker.Symbolic.Model;
using Checker.Verification.Claims;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>Options of `checker verify` (docs/cli.md); the run options come from <see cref="CertificateSettings"/>.</summary>
public sealed class VerifySettings : CertificateSettings
{
    [CommandArgument(0, "<INSTANCE>")]
    [Description(InstanceSettings.Text)]
    public string InstancePath { get; init; } = "";

    [CommandOption("--report <DIR>")]
    [Description("Write DIR/report.md with the instance, Λ, the NCF, the verdicts, the KKT points and plots of the flows")]
    public string? Report { get; init; }

    [CommandOption("--conjectures")]
    [Description("Also test the catalogue's conjectures (K1, K2, …); they never change the exit code")]
    public bool Conjectures { get; init; }

    protected override void ValidateOptions()
    {
        base.ValidateOptions();
        OutputPaths.RequireWritableDirectory("--report", Report);
    }
}

/// <summary>
/// `checker verify INSTANCE`: every claim of docs/theory.md#claims (<see cref="ClaimRegistry"/>) in one table, each through
/// <see cref="ClaimRunner"/> (hypotheses first: a claim whose hypotheses fail is listed as not applicable with the
/// reason; timeouts and failing checkers are inconclusive, never a pass). Exit code per
/// <see cref="VerdictNames.ExitCode"/> over the claims.
/// Conjectures (with --conjectures) are reported but do not affect the exit code: the paper does not claim them.
/// </summary>
public sealed class VerifyCommand : Command<VerifySettings>
{
    public override int Execute(CommandContext context, VerifySettings settings, CancellationToken cancellationToken)
    {
        var instance = InstanceReader.Read(settings.InstancePath);
        var options = new CheckOptions { Seed = settings.Seed, TimeoutSeconds = settings.Timeout, Solver = settings.SolverName, CertificateDirectory = settings.Certificates };

        var claims = settings.Conjectures ? ClaimRegistry.All : ClaimRegistry.Claims;
        var rows = new List<ClaimRun>();
        foreach (var claim in claims)
        {
            Console.Error.WriteLine($"[verify] {claim.Id} …");
            // One certificate subdirectory per claim (DIR/C2/…): each check numbers its own solver queries from 0001, so a
            // shared directory would let one claim's files overwrite another's.
            var claimOptions = options.CertificateDirectory is { } certRoot ? options with { CertificateDirectory = Path.Combine(certRoot, claim.Id) } : options;
            rows.Add(ProgressDisplay.Show($"verify {claim.Id}",
                progress => ClaimRunner.Run(claim, instance, claimOptions, progress, cancellationToken, CheckerApp.Debugging)));
        }
        var claimVerdicts = rows.Where(r => !r.Conjecture).Select(r => r.Result.Verdict);
        int code = VerdictNames.ExitCode(claimVerdicts);

        string? reportPath = null;
        if (settings.Report is { } reportDir)
        {
            Console.Error.WriteLine("[verify] writing the report (KKT points and flows) …");
            reportPath = ReportWriter.Write(reportDir, instance, rows, options, cancellationToken);
        }

        if (settings.Json)
        {
            JsonOutput.Write(new
            {
                instance = instance.Name,
                network = new { widths = instance.Network.Widths, activation = instance.Network.Activation.Name },
                degree = JsonOutput.Integer(instance.Network.Degree),
                seed = settings.Seed,
                timeout_seconds = settings.Timeout,
                solver = options.Solver,
                certificates = options.CertificateDirectory,
                claims = rows.Select(r => new
                {
                    id = r.Result.Id,
                    kind = r.Conjecture ? "conjecture" : "claim",
                    verdict = r.Result.Verdict.Name(),
                    applicable = r.Result.Verdict != Verdict.NotApplicable,
                    detail = r.Result.Detail,
                    witness = r.Result.Witness,
                    evidence = r.Result.Evidence,
                    certificates = r.Result.Certificates,
                    certificate_count = r.Result.Certificates?.Count ?? 0,
                    certificate_directory = options.CertificateDirectory is { } cd && r.Result.Certificates is { Count: > 0 } ? Path.Combine(cd, r.Result.Id) : null,
                    elapsed_seconds = Math.Round(r.Elapsed.TotalSeconds, 3),
                }),
                report = reportPath,
                summary = ClaimRendering.Summary(claimVerdicts),
                exit_code = code,
            });
            return code;
        }
        var console = Consoles.Stdout();
        console.MarkupLine($"[bold]{Markup.Escape(instance.Name)}[/]: {Markup.Escape(instance.Network.ToString())}, n = {instance.SampleCount}, Λ = {instance.Network.Degree}");
        var t = new Table().AddColumn("claim").AddColumn("verdict").AddColumn("detail").AddColumn(new TableColumn("s").RightAligned());
        if (options.CertificateDirectory is not null) t.AddColumn(new TableColumn(".smt2").RightAligned());
        foreach (var r in rows)
        {
            string label = r.Result.Verdict == Verdict.NotApplicable ? "not applicable" : r.Result.Verdict.Name();
            var cells = new List<string> { Markup.Escape(r.Result.Id + (r.Conjecture ? " (conjecture)" : "")), $"[{ClaimRendering.Colour(r.Result.Verdict)}]{Markup.Escape(label)}[/]",
                Markup.Escape(r.Result.Detail), r.Elapsed.TotalSeconds.ToString("F1") };
            if (options.CertificateDirectory is not null) cells.Add((r.Result.Certificates?.Count ?? 0).ToString());
            t.AddRow(cells.ToArray());
        }
        console.Write(t);
        console.MarkupLine($"[bold]claims:[/] {Markup.Escape(ClaimRendering.Summary(claimVerdicts))}" +
            (rows.Any(r => r.Conjecture) ? $"; conjectures (do not affect the exit code): {Markup.Escape(ClaimRendering.Summary(rows.Where(r => r.Conjecture).Select(r => r.Result.Verdict)))}" : ""));
        if (options.CertificateDirectory is { } certs)
            console.MarkupLine($"certificates: {Markup.Escape(Path.Combine(certs, "<claim>"))} (re-run: [grey]for f in {Markup.Escape(certs)}/*/*.smt2; do z3 $f; done[/]; each file's \"; expected:\" line gives the answer)");
        if (reportPath is not null) console.MarkupLine($"report: {Markup.Escape(reportPath)}");
        console.MarkupLine($"[grey]seed {settings.Seed}, timeout {settings.Timeout} s per claim, solver {Markup.Escape(options.Solver)}, exit {code}[/]");
        return code;
    }
}
