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
/// `checker verify INSTANCE`: every claim C1–C10 of SPEC.md §4 in one table (issue 5). Each claim's hypotheses are
/// decided first; a claim whose hypotheses fail is listed as not applicable with the reason. A claim without a checker
/// in this build is inconclusive, never a pass. Exit code per <see cref="VerdictNames.ExitCode"/> over the claims.
/// Conjectures (with --conjectures) are reported but do not affect the exit code: the paper does not claim them.
/// </summary>
public sealed class VerifyCommand : Command<VerifySettings>
{
    public static readonly string[] ClaimIds = ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10"];

    public override int Execute(CommandContext context, VerifySettings settings, CancellationToken cancellationToken)
    {
        var instance = InstanceReader.Read(settings.InstancePath);
        var options = new CheckOptions { Seed = settings.Seed, TimeoutSeconds = settings.Timeout, Solver = settings.SolverName, CertificateDirectory = settings.Certificates };

        var ids = ClaimIds.ToList();
        if (settings.Conjectures)
            ids.AddRange(ClaimCatalogue.All.Where(c => c.Kind == ClaimKind.Conjecture).Select(c => c.Id)
                .Concat(ClaimChecks.Registered.Keys.Where(k => k.StartsWith('K'))).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal));
        var rows = new List<VerifiedClaim>();
        foreach (var id in ids)
        {
            Console.Error.WriteLine($"[verify] {id} …");
            rows.Add(RunOne(id, instance, options, cancellationToken));
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
        if (options.CertificateDirectory is { } certs)
            console.MarkupLine($"certificates: {Markup.Escape(Path.Combine(certs, "<claim>"))} (re-run: [grey]for f in {Markup.Escape(certs)}/*/*.smt2; do z3 $f; done[/]; each file's \"; expected:\" line gives the answer)");
        if (reportPath is not null) console.MarkupLine($"report: {Markup.Escape(reportPath)}");
        console.MarkupLine($"[grey]seed {settings.Seed}, timeout {settings.Timeout} s per claim, solver {Markup.Escape(options.Solver)}, exit {code}[/]");
        return code;
    }

    internal static VerifiedClaim RunOne(string id, Instance instance, CheckOptions options, CancellationToken ct)
    {
        var check = ClaimChecks.Find(id);
        var definition = ClaimCatalogue.Find(id);
        bool conjecture = definition?.Kind == ClaimKind.Conjecture || (definition is null && id.StartsWith('K'));
        string reason = "";
        bool applies = true;
        if (check is not null) applies = check.Applies(instance, out reason);
        else if (definition is not null) { var a = definition.Applies(instance); applies = a.Holds; reason = a.Reason ?? ""; }
        if (!applies) return new VerifiedClaim(ClaimResult.NotApplicable(id, reason), conjecture, TimeSpan.Zero);
        if (check is null)
            return new VerifiedClaim(new ClaimResult(id, Verdict.Inconclusive, $"{id} applies{(reason.Length > 0 ? $" ({reason})" : "")} but this build has no checker for it; nothing was checked"), conjecture, TimeSpan.Zero);
        // One certificate subdirectory per claim (DIR/C2/…): each check numbers its own solver queries from 0001, so a
        // shared directory would let one claim's files overwrite another's.
        if (options.CertificateDirectory is { } certRoot) options = options with { CertificateDirectory = Path.Combine(certRoot, id) };
        var outcome = ProgressDisplay.Run($"verify {id}", TimeSpan.FromSeconds(options.TimeoutSeconds), (progress, token) =>
        {
            try { return check.Check(instance, options, progress, token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            { return new ClaimResult(id, Verdict.Inconclusive, $"time limit of {options.TimeoutSeconds} s reached; no verdict"); }
            catch (Exception e) when (e is not OperationCanceledException && Environment.GetEnvironmentVariable("CHECKER_DEBUG") is null)
            {
                // A failing checker must not hide the other claims' verdicts; it is reported, never counted as a pass.
                return new ClaimResult(id, Verdict.Inconclusive, $"the checker failed: {e.GetType().Name}: {e.Message.Split('\n')[0]} (please report it)");
            }
        }, ct);
        var result = outcome.TimedOut || outcome.Result is null
            ? new ClaimResult(id, Verdict.Inconclusive, $"time limit of {options.TimeoutSeconds} s reached and the check did not stop; no verdict (use --timeout to allow more)")
            : outcome.Result;
        return new VerifiedClaim(result, conjecture, outcome.Elapsed);
    }
}

/// <summary>One row of the verify table.</summary>
public sealed record VerifiedClaim(ClaimResult Result, bool Conjecture, TimeSpan Elapsed);
