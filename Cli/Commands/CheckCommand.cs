using Checker.Cli.Rendering;
using Checker.Symbolic.IO;
using Checker.Verification.Claims;
using Checker.Verification.PointWise;
using Checker.Verification.Contracts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>
/// `checker check CLAIM INSTANCE` (docs/cli.md#check): one entry of <see cref="ClaimRegistry"/> on one instance through
/// <see cref="ClaimRunner"/> (the same policy as `verify`). Exit code per <see cref="VerdictNames.ExitCode"/>; a claim
/// whose hypotheses fail is reported as not applicable with the reason and exits 0, because nothing was checked and
/// nothing failed; a timeout or a failing checker is inconclusive (3), never a pass.
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
        var claim = ClaimRegistry.Find(settings.Claim)
            ?? throw new UsageException($"unknown claim \"{settings.Claim}\"; expected one of {ClaimRegistry.Ids}");
        var instance = InstanceReader.Read(settings.InstancePath);
        if (settings.At is not null && !PointWiseClaims.IsPointWise(claim.Id))
            throw new UsageException($"--at: {claim.Id} is not point-wise ({PointWiseClaims.WhyNot(claim.Id)}); point-wise claims: {string.Join(", ", PointWiseClaims.Ids)}");
        var point = settings.At is null ? null : WeightReader.Read(settings.At, instance.Network);
        var options = new CheckOptions { Seed = settings.Seed, TimeoutSeconds = settings.Timeout, Solver = settings.SolverName, Jobs = settings.Jobs, CertificateDirectory = settings.Certificates };

        var (result, elapsed) = point is not null
            ? VerifyCommand.RunAt(claim.Id, instance, point, settings.At!, options, cancellationToken) is var at ? (at.Result, at.Elapsed) : default
            : ProgressDisplay.Show($"check {claim.Id}",
                progress => ClaimRunner.Run(claim, instance, options, progress, cancellationToken, CheckerApp.Debugging)) is var run ? (run.Result, run.Elapsed) : default;
        int code = result.Verdict == Verdict.NotApplicable ? CheckerApp.ExitHolds : VerdictNames.ExitCode([result.Verdict]);

        if (settings.Json)
        {
            JsonOutput.Write(ClaimRendering.Json(result, instance.Name, options, elapsed, settings.At));
            return code;
        }
        var console = Consoles.Stdout();
        console.MarkupLine($"[bold]{Markup.Escape(claim.Id)}[/] on [bold]{Markup.Escape(instance.Name)}[/] ({Markup.Escape(instance.Network.ToString())}, Λ = {instance.Network.Degree}){(point is null ? "" : $" at the point {Markup.Escape(settings.At!)} (point-wise)")}");
        console.MarkupLine($"[grey]{Markup.Escape(claim.Statement)}[/]");
        ClaimRendering.Write(console, result);
        console.MarkupLine($"[grey]seed {settings.Seed}, timeout {settings.Timeout} s, solver {Markup.Escape(options.Solver)}, {elapsed.TotalSeconds:F1} s, exit {code}[/]");
        return code;
    }
}
