using Spectre.Console;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>
/// The root of every command's settings: `--json` (machine output on stdout, docs/cli.md#output-streams) and the one place where
/// Spectre's <see cref="CommandSettings.Validate"/> is wired. Each settings class in the chain
/// (<see cref="SeedSettings"/> → <see cref="TimedSettings"/> → <see cref="SolverSettings"/> →
/// <see cref="CertificateSettings"/>) declares its options once and checks them once in <see cref="ValidateOptions"/>;
/// Spectre runs the check after parsing and before the command starts, so a bad flag or an unwritable output path is
/// refused with exit 2 before any work.
/// </summary>
public class CommonSettings : CommandSettings
{
    [CommandOption("--json")]
    [Description("Machine-readable JSON on stdout; progress and logs go to stderr")]
    public bool Json { get; init; }

    public sealed override ValidationResult Validate()
    {
        try
        {
            ValidateOptions();
            return ValidationResult.Success();
        }
        catch (UsageException e)
        {
            return ValidationResult.Error(e.Message);
        }
    }

    /// <summary>Throws <see cref="UsageException"/> naming the option and what was expected. Overrides call the base first.</summary>
    protected virtual void ValidateOptions() { }
}
