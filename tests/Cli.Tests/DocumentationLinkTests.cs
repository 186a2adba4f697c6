using System.Text.RegularExpressions;

namespace Checker.Cli.Tests;

/// <summary>
/// A clone of the repository is all a user has: README, help texts and code comments must cite docs/theory.md and
/// docs/cli.md, never the product owner's notes outside the repository, and every section they cite must exist.
/// </summary>
public partial class DocumentationLinkTests
{
    // Assembled so this file does not match itself.
    private static readonly string[] OutsideReferences = ["../" + "shared", "SPEC" + ".md", "CLI" + ".md", "ARCHITECTURE" + ".md"];

    private static readonly string[] TextExtensions = [".cs", ".md", ".json", ".csproj", ".props", ".sln", ".txt", ".sh", ".yml", ".yaml", ".csv"];

    /// <summary>Tracked-looking text files of the checkout: build output, git data and run output skipped.</summary>
    private static IEnumerable<string> RepositoryTextFiles()
    {
        var skip = new[] { ".git", "bin", "obj", "out", "TestResults" };
        var pending = new Stack<string>([CliRunner.RepoRoot]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.GetDirectories(dir))
                if (!skip.Contains(Path.GetFileName(sub))) pending.Push(sub);
            foreach (var file in Directory.GetFiles(dir))
            {
                var name = Path.GetFileName(file);
                if (TextExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)) || dir.EndsWith(".ci") || name == "run")
                    yield return file;
            }
        }
    }

    private static string Relative(string file) => Path.GetRelativePath(CliRunner.RepoRoot, file).Replace('\\', '/');

    [Fact]
    public void NoFileCitesNotesOutsideTheRepository()
    {
        var offenders = new List<string>();
        foreach (var file in RepositoryTextFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
                foreach (var r in OutsideReferences)
                    if (lines[i].Contains(r, StringComparison.Ordinal))
                        offenders.Add($"{Relative(file)}:{i + 1}: {r}");
        }
        Assert.True(offenders.Count == 0, "cite docs/theory.md or docs/cli.md instead:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void EveryCitedSectionOfTheDocsExists()
    {
        var anchors = new Dictionary<string, HashSet<string>>
        {
            ["theory"] = MarkdownAnchors.Of(File.ReadAllText(Path.Combine(CliRunner.RepoRoot, "docs", "theory.md"))).ToHashSet(),
            ["cli"] = MarkdownAnchors.Of(File.ReadAllText(Path.Combine(CliRunner.RepoRoot, "docs", "cli.md"))).ToHashSet(),
        };
        var missing = new List<string>();
        var cited = 0;
        foreach (var file in RepositoryTextFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
                foreach (Match m in Citation().Matches(lines[i]))
                {
                    cited++;
                    if (!anchors[m.Groups["doc"].Value].Contains(m.Groups["anchor"].Value))
                        missing.Add($"{Relative(file)}:{i + 1}: docs/{m.Groups["doc"].Value}.md#{m.Groups["anchor"].Value}");
                }
        }
        Assert.True(cited > 100, $"only {cited} citations of docs/theory.md or docs/cli.md sections found; is the pattern wrong?");
        Assert.True(missing.Count == 0, "no such section:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void LinksBetweenAndWithinTheDocsResolve()
    {
        var docs = new[] { "theory", "cli" }.ToDictionary(d => d, d => File.ReadAllText(Path.Combine(CliRunner.RepoRoot, "docs", d + ".md")));
        var anchors = docs.ToDictionary(d => d.Key, d => MarkdownAnchors.Of(d.Value).ToHashSet());
        var missing = new List<string>();
        int links = 0;
        foreach (var (doc, text) in docs)
            foreach (Match m in DocLink().Matches(text))
            {
                links++;
                var target = m.Groups["doc"].Success ? m.Groups["doc"].Value : doc;
                if (!anchors[target].Contains(m.Groups["anchor"].Value)) missing.Add($"docs/{doc}.md: ({m.Value}");
            }
        Assert.True(links > 20, $"only {links} links found; is the pattern wrong?");
        Assert.True(missing.Count == 0, "no such section:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void AnchorsFollowGitHubsHeadingRule()
    {
        var anchors = MarkdownAnchors.Of("# Title\n## C4 Rank-one sufficiency and converse\n### `kkt`\n## Homogeneity, Λ and smoothness\n## Flows\n## Flows\n<a id=\"extra\"></a>\n```\n# not a heading\n```\n");
        Assert.Equal(["title", "c4-rank-one-sufficiency-and-converse", "kkt", "homogeneity-λ-and-smoothness", "flows", "flows-1", "extra"], anchors);
    }

    [GeneratedRegex(@"docs/(?<doc>theory|cli)\.md#(?<anchor>[\p{L}\p{N}_-]+)")]
    private static partial Regex Citation();

    /// <summary>Markdown link targets inside the docs: (#anchor), (theory.md#anchor), (cli.md#anchor).</summary>
    [GeneratedRegex(@"\]\((?:(?<doc>theory|cli)\.md)?#(?<anchor>[\p{L}\p{N}_-]+)\)")]
    private static partial Regex DocLink();
}
