using Checker.Verification.Contracts;
using System.ComponentModel;
using Checker.Cli.Rendering;
using Checker.Symbolic.IO;
using Checker.Verification.Claims;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>
/// `checker check CLAIM INSTANCE` (docs/cli.md): one entry of <see cref="ClaimRegistry"/> on one instance through
/// <see cref="ClaimRunner"/> (the same policy as `verify`). Exit code per <see cref="VerdictNames.ExitCode"/>; a claim
/// whose hypotheses fail is reported as not applicable with the reason and exits 0, because nothing was checked and
/// nothing failed; a timeout or a failing checker is inconclusive (3), never a pass.
/// </summary>
public sealed class CheckCommand : Command<CheckCommand.Settings>
{
    public static readonly string[] Solvers = ["z3-inprocess", "z3", "cvc5", "portfolio"];

    public sealed class Settings : CommonSettings
    {
        [CommandArgument(0, "<CLAIM>")]
        [Description("Claim id from `checker claims` (C1 … C10, or a conjecture's id)")]
        public string Claim { get; init; } = "";

        [CommandArgument(1, "<INSTANCE>")]
        [Description("Instance file (JSON), see CLI.md")]
        public string InstancePath { get; init; } = "";

        [CommandOption("--seed <N>")]
        [Description("Seed for every random choice (printed in the output); default 1")]
        public int Seed { get; init; } = 1;

        [CommandOption("--timeout <SECONDS>")]
        [Description("Wall-clock limit for the check; reaching it gives `inconclusive` (exit 3). Default 60")]
        public double Timeout { get; init; } = 60;

        [CommandOption("--solver <NAME>")]
        [Description("SMT backend for exact checks: z3-inprocess (default), z3, cvc5, portfolio")]
        public string Solver { get; init; } = "z3-inprocess";

        [CommandOption("--certificates <DIR>")]
        [Description("Write the .smt2 queries behind an exact verdict to DIR")]
        public string? Certificates { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var claim = ClaimRegistry.Find(settings.Claim)
            ?? throw new UsageException($"unknown claim \"{settings.Claim}\"; expected one of {ClaimRegistry.Ids}");
        if (!(settings.Timeout > 0) || double.IsInfinity(settings.Timeout)) throw new UsageException($"--timeout: expected a positive number of seconds, got {settings.Timeout}");
        if (!Solvers.Contains(settings.Solver, StringComparer.OrdinalIgnoreCase))
            throw new UsageException($"--solver: expected one of {string.Join(", ", Solvers)}, got \"{settings.Solver}\"");
        var instance = InstanceReader.Read(settings.InstancePath);
        if (settings.Certificates is { } dir)
        {
            try { Directory.CreateDirectory(dir); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            { throw new UsageException($"--certificates: expected a writable directory, \"{dir}\" cannot be created ({e.Message})"); }
        }
        var options = new CheckOptions { Seed = settings.Seed, TimeoutSeconds = settings.Timeout, Solver = settings.Solver.ToLowerInvariant(), CertificateDirectory = settings.Certificates };

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
