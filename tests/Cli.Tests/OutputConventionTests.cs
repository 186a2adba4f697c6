using System.Text.Json;
using Checker.Bench;
using Checker.Symbolic.Expressions;
using Checker.Symbolic.IO;

namespace Checker.Cli.Tests;

/// <summary>
/// What a new user reads (issue 14, items 7, 9, 10, 11): tables readable at 80 columns, a verdict summary, conjecture
/// searches that say what their trials mean, booleans and non-ASCII as JSON spells them, 1-based samples everywhere,
/// and the SymPy reference of the expansion benchmark measured in the same run.
/// </summary>
public class OutputConventionTests
{
    [Fact]
    public void FullNetworkKktTableFitsEightyColumnsWithOneLinePerPoint()
    {
        // Redirected output is rendered at Spectre's default width of 80 columns.
        var (code, stdout, stderr) = CliRunner.Run("kkt", CliRunner.Example("leaky-deep.json"), "--seed", "3");
        Assert.True(code is 0 or 3, stderr);
        var lines = stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"line of {l.Length} characters: {l}"));
        var header = Assert.Single(lines, l => l.Contains("certified") && l.Contains("N(u)"));
        foreach (var h in new[] { "certified", "starts", "ranks", "r1 sd al", "C3" }) Assert.Contains(h, header);
        Assert.DoesNotContain("…", header);
        // One table row per point: rows start with the point's number, and as many notes "#k:" follow.
        int rows = lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+\d+\s+(yes|no)\s"));
        int notes = lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^#\d+: "));
        Assert.True(rows > 0);
        Assert.Equal(rows, notes);
        var json = JsonDocument.Parse(CliRunner.Run("kkt", CliRunner.Example("leaky-deep.json"), "--seed", "3", "--json").Stdout).RootElement;
        Assert.Equal(rows, json.GetProperty("points").GetArrayLength());
    }

    [Fact]
    public void SummaryCountsEveryVerdictOnce()
    {
        var summary = Rendering.ClaimRendering.Summary([
            Verification.Claims.Verdict.Holds, Verification.Claims.Verdict.NotApplicable, Verification.Claims.Verdict.Holds,
            Verification.Claims.Verdict.HoldsNumerically, Verification.Claims.Verdict.NotApplicable, Verification.Claims.Verdict.Inconclusive]);
        Assert.Equal("2 hold, 1 holds-numerically, 1 inconclusive, 2 not applicable", summary);
    }

    [Fact]
    public void ConjectureSearchSaysSamplingOnlyRefutesAndListsTrialSeeds()
    {
        var (_, stdout, _) = CliRunner.Run("search", "K2", "--trials", "2", "--seed", "7", "--timeout", "60");
        Assert.Contains("sampling can only refute it", stdout);
        int first = Verification.Search.CounterexampleSearch.TrialSeed(7, 0);
        Assert.Contains($"trial seeds: {first} … {first + 1}", stdout);
        var json = JsonDocument.Parse(CliRunner.Run("search", "K2", "--trials", "2", "--seed", "7", "--timeout", "60", "--json").Stdout).RootElement;
        Assert.True(json.GetProperty("refutation_only").GetBoolean());
        Assert.Equal([first, first + 1], json.GetProperty("trial_seeds").EnumerateArray().Select(e => e.GetInt32()).ToArray());
    }

    [Fact]
    public void InfoShowsWhichClaimsApplyAndWhy()
    {
        var (code, stdout, _) = CliRunner.Run("info", CliRunner.Example("lambda-two.json"), "--json");
        Assert.Equal(0, code);
        var claims = JsonDocument.Parse(stdout).RootElement.GetProperty("claims").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        // lambda-two has Λ = 2: C7 (finite-time blow-up) needs Λ > 2, C1 always applies.
        Assert.True(claims["C1"].GetProperty("applies").GetBoolean());
        Assert.False(claims["C7"].GetProperty("applies").GetBoolean());
        Assert.Contains("Λ", claims["C7"].GetProperty("reason").GetString());
        var text = CliRunner.Run("info", CliRunner.Example("lambda-two.json")).Stdout;
        Assert.Contains("applies", text);
        Assert.Contains("needs Λ > 2", text);
    }

    [Fact]
    public void JsonKeepsNonAsciiAndTextPrintsJsonBooleans()
    {
        var (_, json, _) = CliRunner.Run("claims", CliRunner.Example("lambda-two.json"), "--json");
        Assert.Contains("Λ", json);
        Assert.DoesNotContain("\\u039B", json, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("true", Rendering.ClaimRendering.Value(true));
        Assert.Equal("false", Rendering.ClaimRendering.Value(false));
        Assert.Equal("0.5", Rendering.ClaimRendering.Value(0.5));
        // C4's evidence holds booleans; the text table must not print C#'s True/False.
        var (_, text, _) = CliRunner.Run("check", "C4", CliRunner.Example("lambda-two.json"), "--timeout", "60");
        Assert.DoesNotMatch(@"│\s*(True|False)\s*│", text);
        Assert.Matches(@"│\s*(true|false)\s*│", text);
    }

    [Fact]
    public void SamplesAreOneBasedInEvalAndInFlowEvents()
    {
        var (_, eval, _) = CliRunner.Run("eval", CliRunner.Example("basics/relu-kink.json"), "--at", CliRunner.Example("basics/relu-kink-weights.json"), "--json");
        var kinks = JsonDocument.Parse(eval).RootElement.GetProperty("kinks").EnumerateArray().ToList();
        Assert.NotEmpty(kinks);
        Assert.All(kinks, k => Assert.True(k.GetProperty("sample").GetInt32() >= 1 && k.GetProperty("neuron").GetInt32() >= 1));
        var (_, flow, _) = CliRunner.Run("flow", CliRunner.Example("lambda-two.json"), "--kind", "sphere", "--until", "2", "--json", "--timeout", "30");
        var samples = JsonDocument.Parse(flow).RootElement.GetProperty("events").EnumerateArray()
            .Select(e => e.TryGetProperty("detail", out var d) ? d.GetString() : null)
            .Select(d => d is null ? null : System.Text.RegularExpressions.Regex.Match(d, @"sample (\d+)"))
            .Where(m => m is { Success: true }).Select(m => int.Parse(m!.Groups[1].Value)).ToList();
        Assert.All(samples, s => Assert.InRange(s, 1, 3));
    }

    [Fact]
    public void SymPyReferenceExpandsTheSamePolynomialInThisRun()
    {
        // Small enough for SymPy in well under a second; the same term count means the same canonical polynomial size.
        foreach (var (widths, act) in new[] { (new[] { 2, 2, 1 }, "leaky:1/10"), (new[] { 2, 3, 2, 1 }, "relu") })
        {
            var inst = GeneratedInstance.Json(widths, 3, seed: 4, act);
            var instance = InstanceReader.Parse(inst, "sympy.json");
            var ncf = NcfExpression.Build(instance);
            var point = new Symbolic.Model.WeightPoint(instance.Network, Enumerable.Range(0, instance.Network.WeightCount).Select(j => new Symbolic.Numbers.Rational(j % 5 - 2 == 0 ? 1 : j % 5 - 2, 3)).ToArray());
            var pattern = ncf.Evaluate(point).Pattern;
            var ours = ncf.Expand(pattern, gradient: false).Values![0];
            var sympy = SymPyAnchor.Measure(instance, pattern, 1, TimeSpan.FromSeconds(60), out var why);
            Assert.True(sympy is not null, why);
            Assert.Equal(ours.TermCount, sympy!.Terms);
            Assert.True(sympy.Milliseconds > 0);
        }
    }

    [Fact]
    public void ExpansionBenchMeasuresSymPyInTheSameRunAndLogsUnderItsHeader()
    {
        var (code, stdout, stderr) = CliRunner.Run("bench", "--filter", "symbolic/expand-ncf", "--quick", "--json");
        Assert.Equal(0, code);
        var result = JsonDocument.Parse(stdout).RootElement.GetProperty("results")[0];
        var figures = result.GetProperty("figures");
        Assert.True(figures.GetProperty("sympy_ms").GetDouble() > 0);
        Assert.Equal(figures.GetProperty("ncf_terms").GetDouble(), figures.GetProperty("sympy_terms").GetDouble());
        Assert.Equal(figures.GetProperty("sympy_ms").GetDouble() / figures.GetProperty("ncf_ms").GetDouble(), result.GetProperty("ratio").GetDouble(), 6);
        // The case's log lines follow its own header (they were printed asynchronously, under the next one).
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int header = Array.FindIndex(lines, l => l.StartsWith("[bench] symbolic/expand-ncf", StringComparison.Ordinal));
        int sympy = Array.FindIndex(lines, l => l.TrimStart().StartsWith("SymPy", StringComparison.Ordinal));
        Assert.True(header >= 0 && sympy > header, stderr);
    }
}
