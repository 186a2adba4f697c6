namespace Checker.Cli.Tests;

/// <summary>
/// `--help` of every command renders (issue 14: square brackets in descriptions were read as console markup and
/// crashed `eval --help` and `search --help` with exit 4). The command list is read from the top-level help, so a
/// command added later is covered without touching this test.
/// </summary>
public class HelpTests
{
    public static TheoryData<string> Commands()
    {
        var (code, stdout, _) = CliRunner.Run("--help");
        Assert.Equal(0, code);
        var data = new TheoryData<string>();
        foreach (var name in CommandNames(stdout)) data.Add(name);
        return data;
    }

    /// <summary>The names in the COMMANDS section of `checker --help` (first word of each entry line).</summary>
    internal static IEnumerable<string> CommandNames(string help)
    {
        bool inCommands = false;
        foreach (var line in help.Split('\n'))
        {
            if (line.TrimStart().StartsWith("COMMANDS:", StringComparison.Ordinal)) { inCommands = true; continue; }
            if (!inCommands) continue;
            // An entry starts with four spaces then the name; wrapped description lines are indented further.
            if (line.Length > 4 && line.StartsWith("    ", StringComparison.Ordinal) && line[4] != ' ')
                yield return line.Trim().Split(' ', 2)[0];
        }
    }

    [Fact]
    public void TopLevelHelpListsTheCommands()
    {
        var names = CommandNames(CliRunner.Run("--help").Stdout).ToList();
        foreach (var expected in new[] { "info", "eval", "ncf", "claims", "check", "kkt", "verify", "flow", "search", "bench" })
            Assert.Contains(expected, names);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommandsHelpRenders(string command)
    {
        var (code, stdout, stderr) = CliRunner.Run(command, "--help");
        Assert.True(code == 0, $"{command} --help: exit {code}, stderr: {stderr}");
        Assert.DoesNotContain("internal error", stderr);
        Assert.Contains("USAGE:", stdout);
        Assert.Contains(command, stdout);
    }

    [Fact]
    public void BracketsInDescriptionsArePrintedLiterally()
    {
        // These two descriptions crashed the help before; their brackets must now appear as text.
        Assert.Contains("[W_1, …, W_L]", CliRunner.Run("eval", "--help").Stdout);
        Assert.Contains("[-M, M]", CliRunner.Run("search", "--help").Stdout);
    }

    [Fact]
    public void NoCommandIsAUsageErrorWithTheCommandListOnStderr()
    {
        var (code, stdout, stderr) = CliRunner.Run();
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("COMMANDS:", stderr);
        Assert.Contains("checker: usage: a command is required", stderr);
    }

    [Fact]
    public void VersionPrintsTheAssemblyVersion()
    {
        var (code, stdout, _) = CliRunner.Run("--version");
        Assert.Equal(0, code);
        Assert.Equal(CheckerApp.Version, stdout.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout.Trim());
    }
}
