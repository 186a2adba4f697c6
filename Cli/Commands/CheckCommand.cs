using Checker.Cli.Rendering;
using Checker.Symbolic.IO;
using Checker.Verification.Claims;
using Checker.Verification.PointWise;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>
/// `checker check CLAIM INSTANCE` (docs/cli.md#check): one claim of docs/theory.md#claims on one instance through its <see cref="IClaimCheck"/>
/// (found by reflection, so claims added elsewhere appear here without a registry). Exit code per
/// <see cref="VerdictNames.ExitCode"/>; a claim whose hypotheses fail is reported as not applicable with the reason and
/// exits 0, because nothing was checked and nothing failed; a timeout is inconclusive (3), never a pass.
/// </summary>
public sealed class CheckCommand : Command<CheckCommand.Settings>
{
    public sealed class Settings : CertificateSettings
    {
        [CommandArgument(0, "<CLAIM>")]
        [Description("Claim id from `checker claims` (C1 … C10, or a conjecture's id)")]
        public string Claim { get; init; } = "";

        [CommandArgument(1, "<INSTANCE>")]
        [Description(InstanceSettings.Text)]
        public string InstancePath { get; init; } = "";

        [CommandOption("--at <WEIGHTS>")]
        [Description("Check the claim at this weight file {\"layers\": …} (point-wise claims C1, C2, C3, C10); other claims are refused with the reason")]
        public string? At { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var check = ClaimChecks.Find(settings.Claim);
        var definition = ClaimCatalogue.Find(settings.Claim);
        if (check is null && definition is null)
        {
            var ids = ClaimCatalogue.All.Select(c => c.Id).Concat(ClaimChecks.Registered.Keys).Distinct(StringComparer.OrdinalIgnoreCase);
            throw new UsageException($"unknown claim \"{settings.Claim}\"; expected one of {string.Join(", ", ids)}");
        }
        var instance = InstanceReader.Read(settings.InstancePath);
        string id = check?.Id ?? definition!.Id;
        if (settings.At is not null && !PointWiseClaims.IsPointWise(id))
            throw new UsageException($"--at: {id} is not point-wise ({PointWiseClaims.WhyNot(id)}); point-wise claims: {string.Join(", ", PointWiseClaims.Ids)}");
        var point = settings.At is null ? null : WeightReader.Read(settings.At, instance.Network);
        var options = new CheckOptions { Seed = settings.Seed, TimeoutSeconds = settings.Timeout, Solver = settings.SolverName, CertificateDirectory = settings.Certificates };

        ClaimResult result;
        TimeSpan elapsed = TimeSpan.Zero;
        string reason;
        bool applies;
        if (check is not null) applies = check.Applies(instance, out reason);
        else (applies, reason) = definition!.Applies(instance);
        if (point is not null)
        {
            var at = VerifyCommand.RunAt(id, instance, point, settings.At!, options, cancellationToken);
            (result, elapsed) = (at.Result, at.Elapsed);
        }
        else if (!applies)
            result = ClaimResult.NotApplicable(id, reason);
        else if (check is null)
            result = new ClaimResult(id, Verdict.Inconclusive, $"{id} applies ({reason}) but this build has no checker for it; nothing was checked");
        else
        {
            var outcome = ProgressDisplay.Run($"check {id}", settings.TimeLimit,
                (progress, token) => check.Check(instance, options, progress, token), cancellationToken);
            elapsed = outcome.Elapsed;
            result = outcome.TimedOut || outcome.Result is null
                ? new ClaimResult(id, Verdict.Inconclusive, $"time limit of {settings.Timeout} s reached and the check did not stop; no verdict (use --timeout to allow more)")
                : outcome.Result;
        }
        int code = result.Verdict == Verdict.NotApplicable ? CheckerApp.ExitHolds : VerdictNames.ExitCode([result.Verdict]);

        if (settings.Json)
        {
            JsonOutput.Write(ClaimRendering.Json(result, instance.Name, options, elapsed, settings.At));
            return code;
        }
        var console = Consoles.Stdout();
        console.MarkupLine($"[bold]{Markup.Escape(id)}[/] on [bold]{Markup.Escape(instance.Name)}[/] ({Markup.Escape(instance.Network.ToString())}, Λ = {instance.Network.Degree}){(point is null ? "" : $" at the point {Markup.Escape(settings.At!)} (point-wise)")}");
        if (definition is not null) console.MarkupLine($"[grey]{Markup.Escape(definition.Statement)}[/]");
        ClaimRendering.Write(console, result);
        console.MarkupLine($"[grey]seed {settings.Seed}, timeout {settings.Timeout} s, solver {Markup.Escape(options.Solver)}, {elapsed.TotalSeconds:F1} s, exit {code}[/]");
        return code;
    }
}
