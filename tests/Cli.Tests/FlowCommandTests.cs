using System.Text.Json;

namespace Checker.Cli.Tests;

/// <summary>`checker flow` end to end: the JSON fields of docs/cli.md#flow, the plot and CSV files, and one-line refusals.</summary>
public class FlowCommandTests
{
    [Fact]
    public void NcfFlowReportsBlowupTimeAndWritesPlotAndCsv()
    {
        var dir = Directory.CreateTempSubdirectory("checker-flow-").FullName;
        var png = Path.Combine(dir, "ncf.png");
        var csv = Path.Combine(dir, "ncf.csv");
        var (code, stdout, _) = CliRunner.Run("flow", CliRunner.Example("polynomial-deep.json"), "--kind", "ncf", "--seed", "3",
            "--plot", png, "--csv", csv, "--json");
        Assert.Equal(0, code);
        var doc = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("ncf", doc.GetProperty("kind").GetString());
        var events = doc.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        if (doc.TryGetProperty("blowup_time", out var bt) && bt.ValueKind == JsonValueKind.Number)
        {
            Assert.True(bt.GetDouble() > 0);
            Assert.Contains("blowup", events);
        }
        else Assert.DoesNotContain("blowup", events);
        Assert.True(doc.GetProperty("final").GetProperty("norm").GetDouble() > 0);
        Assert.True(new FileInfo(png).Length > 1000, "the PNG was rendered");
        Assert.True(File.ReadAllLines(csv).Length > 2, "the CSV has a header and rows");
    }

    [Fact]
    public void TrainingFlowAtSmallDeltaEscapesAndRestsWithRescaledEscapeTimeNearTheNcfFlows()
    {
        var ex = CliRunner.Example("polynomial-deep.json");
        var (c1, o1, _) = CliRunner.Run("flow", ex, "--kind", "training", "--delta", "0.01", "--seed", "2", "--json");
        var (c2, o2, _) = CliRunner.Run("flow", ex, "--kind", "ncf", "--until", "escape", "--seed", "2", "--json");
        Assert.Equal(0, c1);
        Assert.Equal(0, c2);
        var training = JsonDocument.Parse(o1).RootElement;
        var ncf = JsonDocument.Parse(o2).RootElement;
        Assert.Equal("stationary", training.GetProperty("outcome").GetString());
        double rescaled = training.GetProperty("escape_time_rescaled").GetDouble();
        double reference = ncf.GetProperty("escape_time").GetDouble();
        Assert.True(Math.Abs(rescaled - reference) < 1e-3 * reference, $"τ-escape {rescaled} vs NCF {reference}");
        // ½‖y‖² = 13/8 at w ≈ 0; the rest point found below it.
        Assert.True(training.GetProperty("final").GetProperty("loss").GetDouble() < 1.625 - 1e-3, "the loss fell from its start");
    }

    [Theory]
    [InlineData("--kind", "bogus")]
    [InlineData("--kind", "training", "--delta", "-1")]
    [InlineData("--kind", "ncf", "--init", "/no/such/weights.json")]
    [InlineData("--kind", "ncf", "--escape-factor", "0.5")]
    [InlineData("--kind", "ncf", "--until", "forever")]
    [InlineData("--kind", "sphere", "--plot", "out.gif")]
    public void BadOptionsAreRefusedInOneLine(params string[] options)
    {
        var (code, _, stderr) = CliRunner.Run(["flow", CliRunner.Example("polynomial-deep.json"), .. options]);
        Assert.Equal(2, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 1, 3);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Theory]
    [InlineData("1e400", "inputs[2][1]")]
    [InlineData("1e-400", "inputs[2][1]")]
    public void DataADoubleCannotHoldIsRefusedByTheFlowButNotByExactCommands(string entry, string field)
    {
        using var tmp = new TempFiles();
        var path = tmp.Write("huge.json", $$"""
            { "name": "huge", "inputs": [["1", "2"], ["{{entry}}", "-1"], ["-1", "1"]], "labels": ["1", "-1", "1"],
              "network": { "widths": [2, 2, 1], "activation": "polyrelu:2" } }
            """);
        var (code, _, stderr) = CliRunner.Run("flow", path, "--kind", "ncf");
        Assert.Equal(2, code);
        Assert.Contains(field, stderr);
        Assert.Contains("huge.json", stderr);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // Exact evaluation takes the same number as the rational it is.
        var (evalCode, evalOut, _) = CliRunner.Run("info", path, "--json");
        Assert.Equal(0, evalCode);
        Assert.Contains("degree", evalOut);
    }
}

/// <summary>Issue 14 items 2 and 3 end to end: the Filippov flow on lambda-two, and the report's flow section.</summary>
public class FilippovFlowCommandTests
{
    [Fact]
    public void LambdaTwoNcfFlowSlidesAndFinishesInsteadOfHittingTheStepLimit()
    {
        var (code, stdout, _) = CliRunner.Run("flow", CliRunner.Example("lambda-two.json"), "--json");
        Assert.Equal(0, code);
        var doc = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("stationary", doc.GetProperty("outcome").GetString());
        var sliding = doc.GetProperty("sliding");
        Assert.True(sliding.GetProperty("segments").GetInt32() >= 1);
        Assert.True(sliding.GetProperty("time").GetDouble() > 0);
        var names = doc.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Contains("slide-start", names);
        Assert.True(doc.GetProperty("max_conservation_drift").GetDouble() < 1e-9);
    }

    [Fact]
    public void LambdaTwoReportStatesOneCosineReferenceAndFlagsNoIncompleteRun()
    {
        var dir = Directory.CreateTempSubdirectory("checker-report-l2-").FullName;
        var (code, _, stderr) = CliRunner.Run("verify", CliRunner.Example("lambda-two.json"), "--timeout", "20", "--report", dir);
        Assert.True(code is 0 or 1 or 3, stderr);
        var md = File.ReadAllText(Path.Combine(dir, "report.md"));
        var flows = md[md.IndexOf("## Flows", StringComparison.Ordinal)..];
        Assert.DoesNotContain("incomplete run", flows);
        Assert.DoesNotContain("StepLimit", flows);
        Assert.Contains("final cosine to the reference", flows);
        // One reference for both curves, named; against its own end the NCF flow's cosine is not shown as a result.
        Assert.True(flows.Contains("Cosines of both flows are to u*") || flows.Contains("— (the reference is this run's end)"), flows);
        foreach (var png in new[] { "norm.png", "ncf.png", "cosine.png" })
        {
            Assert.Contains($"]({png})", flows);
            Assert.True(new FileInfo(Path.Combine(dir, png)).Length > 10_000, png);
        }
    }
}
