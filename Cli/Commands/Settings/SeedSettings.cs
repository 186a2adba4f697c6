using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>`--seed`: every random choice of a run derives from it, and it is printed so the run can be repeated.</summary>
public class SeedSettings : CommonSettings
{
    [CommandOption("--seed <N>")]
    [Description("Seed of every random choice (starting points, random instances, benchmark data); printed in the output so a run can be repeated. Default 1")]
    public int Seed { get; init; } = 1;
}
