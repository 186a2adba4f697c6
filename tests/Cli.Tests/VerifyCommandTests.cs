using System.Text.Json;
using Checker.Verification.Claims;

namespace Checker.Cli.Tests;

public class VerifyCommandTests
{
    private static JsonElement Claim(JsonElement doc, string id) =>
        doc.GetProperty("claims").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    [Fact]
    public void PolynomialXyZeroVerifiesWithReportAndNoCounterexample()
    {
        var dir = Path.Combine(Path.GetTempPath(), "checker-verify-" + Guid.NewGuid().ToString("N"));
        var (code, stdout, stderr) = CliRunner.Run("verify", CliRunner.Example("xy-zero.json"), "--json", "--timeout", "30", "--report", dir);
        Assert.True(code is 0 or 3, stderr);
        var doc = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(7, doc.GetProperty("degree").GetInt32());
        var ids = doc.GetProperty("claims").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11"], ids);
        foreach (var id in new[] { "C1", "C2", "C3", "C10" })
            Assert.NotEqual("counterexample", Claim(doc, id).GetProperty("verdict").GetString());
        // p = 2: the rank-one claims for p = 1 do not apply, and say why.
        foreach (var id in new[] { "C4", "C5" })
        {
            Assert.Equal("not-applicable", Claim(doc, id).GetProperty("verdict").GetString());
            Assert.Contains("p = 1", Claim(doc, id).GetProperty("detail").GetString());
        }
        var c8 = Claim(doc, "C8");
        Assert.Equal("holds-numerically", c8.GetProperty("verdict").GetString());
        // The summary line counts the table's verdicts (issue 14): here at least "2 not applicable" (C4, C5).
        var verdicts = doc.GetProperty("claims").EnumerateArray().Select(c => c.GetProperty("verdict").GetString()!).ToList();
        Assert.Equal(Rendering.ClaimRendering.Summary(verdicts.Select(v => Enum.GetValues<Checker.Verification.Claims.Verdict>().Single(x => x.Name() == v))),
            doc.GetProperty("summary").GetString());
        Assert.Contains($"{verdicts.Count(v => v == "not-applicable")} not applicable", doc.GetProperty("summary").GetString());
        foreach (var cos in c8.GetProperty("evidence").GetProperty("cosines").EnumerateArray()) Assert.True(cos.GetDouble() > 0.99);
        // The report exists, and every image it references exists.
        var report = Path.Combine(dir, "report.md");
        Assert.True(File.Exists(report));
        var md = File.ReadAllText(report);
        Assert.Contains("## Verdicts", md);
        Assert.Contains("Λ = 7", md);
        var images = System.Text.RegularExpressions.Regex.Matches(md, @"!\[[^\]]*\]\(([^)]+)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(images);
        foreach (var img in images) Assert.True(new FileInfo(Path.Combine(dir, img)).Length > 1000, img);
    }

    [Fact]
    public void LambdaTwoSymmetricDataMarksFlowClaimsNotApplicableAndConjectureDoesNotChangeExitCode()
    {
        var (code, stdout, stderr) = CliRunner.Run("verify", CliRunner.Example("symmetric-not-rank-one.json"), "--json", "--timeout", "30", "--conjectures");
        var doc = JsonDocument.Parse(stdout).RootElement;
        foreach (var id in new[] { "C7", "C8", "C9" })
        {
            Assert.Equal("not-applicable", Claim(doc, id).GetProperty("verdict").GetString());
            Assert.Contains("Λ", Claim(doc, id).GetProperty("detail").GetString());
        }
        var k1 = Claim(doc, "K1");
        Assert.Equal("conjecture", k1.GetProperty("kind").GetString());
        Assert.Equal("counterexample", k1.GetProperty("verdict").GetString());
        bool claimCounterexample = doc.GetProperty("claims").EnumerateArray()
            .Any(c => c.GetProperty("kind").GetString() == "claim" && c.GetProperty("verdict").GetString() == "counterexample");
        Assert.False(claimCounterexample, stdout);
        Assert.NotEqual(1, code);
        Assert.Equal(code, doc.GetProperty("exit_code").GetInt32());
    }

    [Fact]
    public void BadTimeoutIsOneLineExitTwo()
    {
        var (code, _, stderr) = CliRunner.Run("verify", CliRunner.Example("leaky-deep.json"), "--timeout", "-1");
        Assert.Equal(2, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("--timeout", stderr);
    }
}
