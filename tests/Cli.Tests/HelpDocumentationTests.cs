using System.Text.RegularExpressions;

namespace Checker.Cli.Tests;

/// <summary>
/// docs/cli.md is the authority on the command line, so it must not fall behind the program: every command the root
/// help lists has a section `### `cmd`` in docs/cli.md, every option a command's `--help` shows is named there in code
/// style (`--name`), and `--help` itself works for every command (exit 0, nothing on stderr).
/// </summary>
public partial class HelpDocumentationTests
{
    private static readonly string CliDoc = File.ReadAllText(Path.Combine(CliRunner.RepoRoot, "docs", "cli.md"));

    /// <summary>The commands the root help lists (the source of truth is the program, not a list in this test).</summary>
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var c in CommandsOf(CliRunner.Run("--help").Stdout)) data.Add(c);
        return data;
    }

    private static List<string> CommandsOf(string rootHelp) => HelpTests.CommandNames(rootHelp).ToList();

    /// <summary>The lines of one block of Spectre's help (OPTIONS:, COMMANDS:, …) up to the next block header.</summary>
    private static IEnumerable<string> Section(string help, string header)
    {
        bool inside = false;
        foreach (var line in help.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (BlockHeader().IsMatch(trimmed)) { inside = trimmed.StartsWith(header + ":", StringComparison.Ordinal); continue; }
            if (inside) yield return trimmed;
        }
    }

    /// <summary>Long option names an options block shows ("    -h, --help", "        --json"), not text in descriptions.</summary>
    private static List<string> OptionsOf(string help) =>
        Section(help, "OPTIONS").Select(l => OptionLine().Match(l)).Where(m => m.Success).Select(m => "--" + m.Groups["name"].Value).ToList();

    private static bool Names(string markdown, string option) =>
        Regex.IsMatch(markdown, "`" + Regex.Escape(option) + "(?![a-z0-9-])[^`]*`");

    [Fact]
    public void RootHelpWorksAndListsTheCommandsDocumented()
    {
        var (code, stdout, stderr) = CliRunner.Run("--help");
        Assert.True(code == 0, stderr);
        Assert.Equal("", stderr);
        var commands = CommandsOf(stdout);
        Assert.True(commands.Count >= 10, "the root help lists " + string.Join(", ", commands));
        var running = MarkdownAnchors.Section(CliDoc, "running-checker");
        Assert.NotNull(running);
        foreach (var option in OptionsOf(stdout))
            Assert.True(Names(running, option), $"root option {option} is not documented in docs/cli.md#running-checker");
        var table = MarkdownAnchors.Section(CliDoc, "commands");
        Assert.NotNull(table);
        foreach (var c in commands)
            Assert.True(table.Contains($"(#{c})", StringComparison.Ordinal), $"command {c} is missing from the table of docs/cli.md#commands");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommandsHelpWorksAndEveryOptionIsDocumented(string command)
    {
        var (code, stdout, stderr) = CliRunner.Run(command, "--help");
        Assert.True(code == 0, $"`checker {command} --help` exited {code}: {stderr}");
        Assert.Equal("", stderr);
        var section = MarkdownAnchors.Section(CliDoc, command);
        Assert.True(section is not null, $"docs/cli.md has no section `### `{command}`` (anchor #{command})");
        var options = OptionsOf(stdout);
        Assert.Contains("--help", options);
        var missing = options.Where(o => o != "--help" && !Names(section!, o)).ToList();
        Assert.True(missing.Count == 0, $"options of `checker {command}` not documented in docs/cli.md#{command}: {string.Join(", ", missing)}");
    }

    [Fact]
    public void TheHelpParserSeesOptionsButNotDescriptionText()
    {
        const string help = "USAGE:\n    checker kkt <INSTANCE> [OPTIONS]\n\nOPTIONS:\n    -h, --help           Prints help information\n        --engine <NAME>  Reduced enumeration; with\n                         --certificates the search writes\n        --json           JSON\n\nCOMMANDS:\n    info <INSTANCE>    Facts; --json\n";
        Assert.Equal(["--help", "--engine", "--json"], OptionsOf(help));
        Assert.Equal(["info"], CommandsOf(help));
        Assert.True(Names("| `--engine NAME` | x |", "--engine"));
        Assert.False(Names("| `--engines` | x |", "--engine"));
        Assert.False(Names("the --engine option", "--engine"));
    }

    [GeneratedRegex(@"^[A-Z][A-Z ]*:\s*$")]
    private static partial Regex BlockHeader();

    [GeneratedRegex(@"^ {4}(?:-\w, | {4})--(?<name>[a-z0-9][a-z0-9-]*)")]
    private static partial Regex OptionLine();
}
