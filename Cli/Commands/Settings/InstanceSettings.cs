using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>
/// Commands that read one instance file and take no run options (info, eval, ncf). Commands with run options declare
/// the argument on their own settings class, because Spectre numbers a base class's arguments first and `check` needs
/// CLAIM before INSTANCE; they share <see cref="Text"/>.
/// </summary>
public class InstanceSettings : CommonSettings
{
    public const string Text = "Instance file (JSON), see docs/cli.md#instance-files";

    [CommandArgument(0, "<INSTANCE>")]
    [Description(Text)]
    public string InstancePath { get; init; } = "";
}
