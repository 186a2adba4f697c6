using Checker.Cli.Rendering;
using Checker.Symbolic.IO;
using Checker.Verification.Claims;
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
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var claim = ClaimRegistry.Find(settings.Claim)
            ?? throw new UsageException($"unknown claim \"{settings.Claim}\"; expected one of {ClaimRegistry.Ids}");
        var instance = InstanceReader.Read(settings.InstancePath);
        var options = new CheckOptions { Seed = settings.Seed, TimeoutSeconds = settings.Timeout, Solver = settings.SolverName, CertificateDirectory = settings.Certificates };

        var run = ProgressDisplay.Show($"check {claim.Id}",
            progress => ClaimRunner.Run(claim, instance, options, progress, cancellationToken, CheckerApp.Debugging));
        var (result, elapsed) = (run.Result, run.Elapsed);
        int code = result.Verdict == Verdict.NotApplicable ? CheckerApp.ExitHolds : VerdictNames.ExitCode([result.Verdict]);

        if (settings.Json)
        {
            JsonOutput.Write(ClaimRendering.Json(result, instance.Name, options, elapsed));
            return code;
        }
        var console = Consoles.Stdout();
        console.MarkupLine($"[bold]{Markup.Escape(claim.Id)}[/] on [bold]{Markup.Escape(instance.Name)}[/] ({Markup.Escape(instance.Network.ToString())}, Λ = {instance.Network.Degree})");
        console.MarkupLine($"[grey]{Markup.Escape(claim.Statement)}[/]");
        ClaimRendering.Write(console, result);
        console.MarkupLine($"[grey]seed {settings.Seed}, timeout {settings.Timeout} s, solver {Markup.Escape(options.Solver)}, {elapsed.TotalSeconds:F1} s, exit {code}[/]");
        return code;
    }
}
