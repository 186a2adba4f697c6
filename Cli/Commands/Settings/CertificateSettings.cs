using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>`--certificates DIR`: where exact verdicts leave their SMT-LIB2 queries. The directory is created and
/// probed for writing during validation, so an unwritable path fails before any solving.</summary>
public class CertificateSettings : SolverSettings
{
    [CommandOption("--certificates <DIR>")]
    [Description("Write the .smt2 queries behind exact verdicts to DIR (created if missing; re-run them with `z3 FILE`)")]
    public string? Certificates { get; init; }

    protected override void ValidateOptions()
    {
        base.ValidateOptions();
        OutputPaths.RequireWritableDirectory("--certificates", Certificates);
    }
}
