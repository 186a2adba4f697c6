using System.Globalization;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>
/// `--timeout`: the wall-clock limit of a run. Reaching it gives *inconclusive* (exit 3), never a pass. The default
/// differs per command (what the limit covers differs: one claim, a whole search, a whole enumeration), so a command
/// overrides <see cref="DefaultTimeoutSeconds"/>; the option itself is declared and checked only here.
/// </summary>
public class TimedSettings : SeedSettings
{
    /// <summary>About 11.6 days. Cancellation timers take at most about 49 days and TimeSpan overflows near 10^13 s;
    /// a limit beyond this is certainly a typo, so it is refused instead of crashing a timer.</summary>
    public const double MaxTimeoutSeconds = 1_000_000;

    public TimedSettings() => Timeout = DefaultTimeoutSeconds;

    /// <summary>The command's default limit in seconds (constant per class; read in the constructor).</summary>
    protected virtual double DefaultTimeoutSeconds => 60;

    [CommandOption("--timeout <SECONDS>")]
    [Description("Wall-clock limit in seconds, at most 1000000; reaching it gives inconclusive (exit 3), never a pass. Default 60 (verify: per claim); search 300 and kkt 120, for the whole run")]
    public double Timeout { get; init; }

    public TimeSpan TimeLimit => TimeSpan.FromSeconds(Timeout);

    protected override void ValidateOptions()
    {
        base.ValidateOptions();
        if (!(Timeout > 0) || !(Timeout <= MaxTimeoutSeconds))
            throw new UsageException($"--timeout: expected a positive number of seconds up to {MaxTimeoutSeconds} (about 11 days), got {Timeout.ToString("G", CultureInfo.InvariantCulture)}");
    }
}
