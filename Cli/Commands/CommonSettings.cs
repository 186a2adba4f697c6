using System.ComponentModel;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>Options every command takes (docs/cli.md#common-options): --json for machine output on stdout.</summary>
public class CommonSettings : CommandSettings
{
    [CommandOption("--json")]
    [Description("Machine-readable JSON on stdout; progress and logs go to stderr")]
    public bool Json { get; init; }
}

/// <summary>Commands that read one instance file.</summary>
public class InstanceSettings : CommonSettings
{
    [CommandArgument(0, "<INSTANCE>")]
    [Description("Instance file (JSON), see docs/cli.md#instance-files")]
    public string InstancePath { get; init; } = "";
}
