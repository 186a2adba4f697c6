using System.Text;
using System.Text.Json;
using Checker.Cli.Rendering;

namespace Checker.Cli.Tests;

/// <summary>`verify --format latex|csv`: a booktabs table whose cells are escaped, and RFC 4180 CSV that parses back to the JSON rows.</summary>
public class VerdictTableFormatTests
{
    [Theory]
    [InlineData("50% & $x_1$ #2 {a} ~ ^ \\", "50\\% \\& \\$x\\_1\\$ \\#2 \\{a\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}")]
    [InlineData("‖W_l‖² = p^(L−l)/Λ", "$\\|$W\\_l$\\|^{2}$ = p\\textasciicircum{}(L$-$l)/$\\Lambda$")]
    [InlineData("a₊ = 1 ≥ a₋", "a$_{+}$ = 1 $\\geq$ a$_{-}$")]
    [InlineData("uᵀ∇N", "u$^{\\top}\\nabla$N")]
    [InlineData("|S| < 3 > 1", "\\textbar{}S\\textbar{} \\textless{} 3 \\textgreater{} 1")]
    public void LatexEscapesSpecialsAndUnicodeMathematics(string text, string latex) =>
        Assert.Equal(latex, VerdictTableFormatter.LatexEscape(text));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("say \"yes\"", "\"say \"\"yes\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    public void CsvQuotesPerRfc4180(string field, string csv) => Assert.Equal(csv, VerdictTableFormatter.CsvField(field));

    [Fact]
    public void CsvOfVerifyParsesBackToTheJsonRowsOnSeveralInstances()
    {
        string[] args = ["verify", CliRunner.Example("lambda-two.json"), CliRunner.Example("relu-dead.json"), CliRunner.Example("xy-zero.json"), "--claims", "C1,C2,C9", "--timeout", "20"];
        var csv = CliRunner.Run([.. args, "--format", "csv"]);
        var json = JsonDocument.Parse(CliRunner.Run([.. args, "--json"]).Stdout).RootElement;
        Assert.Equal(json.GetProperty("exit_code").GetInt32(), csv.Code);
        Assert.EndsWith("\r\n", csv.Stdout);
        var rows = ParseCsv(csv.Stdout);
        Assert.Equal(["instance", "claim", "kind", "verdict", "detail", "seconds"], rows[0]);
        var expected = json.GetProperty("instances").EnumerateArray().SelectMany(i => i.GetProperty("claims").EnumerateArray().Select(c => new[]
            { i.GetProperty("instance").GetString()!, c.GetProperty("id").GetString()!, c.GetProperty("kind").GetString()!, c.GetProperty("verdict").GetString()!, c.GetProperty("detail").GetString()! })).ToList();
        Assert.Equal(9, expected.Count);
        Assert.Equal(expected, rows.Skip(1).Select(r => r[..5]).ToList());
        // Details with commas are quoted; not-applicable (C9 on ReLU: ∇H not locally Lipschitz) is a row like the others.
        Assert.Contains(rows, r => r[0] == "relu-dead" && r[1] == "C9" && r[3] == "not-applicable");
    }

    [Fact]
    public void LatexOfVerifyIsABooktabsTableInPlainAscii()
    {
        foreach (var example in new[] { "lambda-two.json", "relu-dead.json", "polynomial-deep.json" })
        {
            var (code, stdout, stderr) = CliRunner.Run("verify", CliRunner.Example(example), "--claims", "C1,C2,C7", "--format", "latex", "--timeout", "20");
            Assert.True(code is 0 or 3, stderr);
            Assert.Contains("\\toprule", stdout);
            Assert.Contains("\\midrule", stdout);
            Assert.Contains("\\bottomrule", stdout);
            Assert.Contains("Claim & Verdict & Detail & Time (s) \\\\", stdout);
            // Every character is ASCII: the Unicode mathematics of the details became LaTeX commands (pdflatex compiles it).
            Assert.All(stdout, ch => Assert.True(ch < 128, $"non-ASCII U+{(int)ch:X4} in {example}"));
            // Three claims, three rows; '&' only as a column separator: 3 per row (four columns).
            var body = stdout.Split("\n").Where(l => l.Length > 1 && l[0] == 'C' && char.IsDigit(l[1])).ToList();
            Assert.Equal(3, body.Count);
            Assert.All(body, l => Assert.Equal(3, l.Count(c => c == '&') - CountEscaped(l, "\\&")));
        }
    }

    private static int CountEscaped(string s, string what) => (s.Length - s.Replace(what, "").Length) / what.Length;

    [Fact]
    public void ConflictingOrUnknownFormatsExitTwo()
    {
        Assert.Equal(2, CliRunner.Run("verify", CliRunner.Example("lambda-two.json"), "--format", "xml").Code);
        Assert.Equal(2, CliRunner.Run("verify", CliRunner.Example("lambda-two.json"), "--format", "csv", "--json").Code);
        Assert.Equal(2, CliRunner.Run("verify", CliRunner.Example("lambda-two.json"), "--claims", "C1,C99").Code);
    }

    /// <summary>An RFC 4180 reader (quoted fields, doubled quotes, CRLF records), independent of the writer.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add(row.ToArray()); row.Clear(); i++; }
            else field.Append(c);
        }
        return rows;
    }
}
