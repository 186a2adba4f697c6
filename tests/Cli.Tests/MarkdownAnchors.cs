using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Checker.Cli.Tests;

/// <summary>
/// The anchors a Markdown page offers, computed as GitHub computes them (so `docs/cli.md#check` in a comment is a link
/// that works on the rendered page): lower case, punctuation dropped, spaces to hyphens, repeats numbered -1, -2, …;
/// plus explicit <c>&lt;a id="…"&gt;</c> anchors. Headings inside fenced code blocks are not headings.
/// </summary>
public static partial class MarkdownAnchors
{
    public static IReadOnlyList<string> Of(string markdown)
    {
        var anchors = new List<string>();
        var seen = new Dictionary<string, int>();
        var headings = Headings(markdown, out var explicitIds);
        foreach (var (_, title) in headings)
        {
            var slug = Slug(title);
            var n = seen.GetValueOrDefault(slug);
            seen[slug] = n + 1;
            anchors.Add(n == 0 ? slug : $"{slug}-{n}");
        }
        anchors.AddRange(explicitIds);
        return anchors;
    }

    /// <summary>The text of the section whose heading has this anchor, up to the next heading of the same or a higher level.</summary>
    public static string? Section(string markdown, string anchor)
    {
        var lines = markdown.Split('\n');
        var seen = new Dictionary<string, int>();
        var fenced = false;
        int? start = null, startLevel = null;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```")) { fenced = !fenced; continue; }
            if (fenced) continue;
            var h = Heading().Match(lines[i]);
            if (!h.Success) continue;
            var level = h.Groups["hashes"].Length;
            if (start is not null && level <= startLevel) return string.Join('\n', lines[start.Value..i]);
            var slug = Slug(h.Groups["title"].Value);
            var n = seen.GetValueOrDefault(slug);
            seen[slug] = n + 1;
            if (start is null && (n == 0 ? slug : $"{slug}-{n}") == anchor) { start = i; startLevel = level; }
        }
        return start is null ? null : string.Join('\n', lines[start.Value..]);
    }

    private static List<(int Level, string Title)> Headings(string markdown, out List<string> explicitIds)
    {
        var result = new List<(int, string)>();
        explicitIds = [];
        var fenced = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```")) { fenced = !fenced; continue; }
            if (fenced) continue;
            var h = Heading().Match(line);
            if (h.Success) result.Add((h.Groups["hashes"].Length, h.Groups["title"].Value));
            foreach (Match a in ExplicitAnchor().Matches(line)) explicitIds.Add(a.Groups["id"].Value);
        }
        return result;
    }

    private static string Slug(string title)
    {
        // Link text stays, link targets go: [text](target) → text.
        title = LinkTarget().Replace(title.Trim(), "$1").ToLowerInvariant();
        var sb = new StringBuilder();
        foreach (var c in title)
        {
            // GitHub keeps \p{L}, \p{M}, \p{N}, \p{Pc}, hyphens and spaces.
            var category = char.GetUnicodeCategory(c);
            if (c == ' ') sb.Append('-');
            else if (c == '-' || char.IsLetter(c) || char.IsNumber(c) || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                     or UnicodeCategory.EnclosingMark or UnicodeCategory.ConnectorPunctuation) sb.Append(c);
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"^(?<hashes>#{1,6})\s+(?<title>.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex("<a\\s+(?:id|name)=\"(?<id>[^\"]+)\"")]
    private static partial Regex ExplicitAnchor();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkTarget();
}
