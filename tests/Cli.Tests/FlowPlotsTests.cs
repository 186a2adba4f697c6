using Checker.Cli.Reporting;
using Checker.Numeric.Flows;

namespace Checker.Cli.Tests;

/// <summary>The report's plot writer (issue 14 item 3): incomplete runs flagged, log axes that accept what they can draw.</summary>
public class FlowPlotsTests
{
    private static FlowResult Result(FlowOutcome outcome) => new()
    {
        Kind = FlowKind.Ncf, Delta = 1, Degree = 3, TimeName = "τ", Outcome = outcome, Events = [], FinalTime = 0.5,
        FinalState = [1], FinalDirection = [1], Samples = [], Steps = 1, Evaluations = 1, RelativeTolerance = 1e-9,
    };

    [Theory]
    [InlineData(FlowOutcome.StepLimit, true)]
    [InlineData(FlowOutcome.Timeout, true)]
    [InlineData(FlowOutcome.Failed, true)]
    [InlineData(FlowOutcome.BlowUp, false)]
    [InlineData(FlowOutcome.Stationary, false)]
    public void Incomplete_runs_are_flagged_in_their_legend_label(FlowOutcome outcome, bool incomplete)
    {
        var r = Result(outcome);
        Assert.Equal(incomplete, FlowPlots.Incomplete(r));
        var label = FlowPlots.Label("NCF flow", r);
        if (incomplete) Assert.Contains("INCOMPLETE RUN", label);
        else Assert.Equal("NCF flow", label);
    }

    [Fact]
    public void Log_axes_draw_values_over_forty_decades_and_refuse_only_what_they_cannot_draw()
    {
        var dir = Directory.CreateTempSubdirectory("checker-plots-").FullName;
        double[] t = Enumerable.Range(0, 50).Select(i => i / 49.0).ToArray();
        var blowup = new FlowPlots.Series("NCF", t, t.Select(x => Math.Pow(10, 42 * x * x)).ToArray(), FlowPlots.Style.Wide);
        var bounded = new FlowPlots.Series("training", t, t.Select(x => 1 + x).ToArray(), FlowPlots.Style.Dashed);
        Assert.Equal("log.png", FlowPlots.Write(dir, "log.png", "norm", "τ", "‖u‖", [blowup, bounded], FlowPlots.Scale.Log10, clipAbove: 1e3));
        // N changing sign: the signed axis.
        var signed = new FlowPlots.Series("N", t, t.Select(x => (x - 0.3) * Math.Pow(10, 20 * x)).ToArray(), FlowPlots.Style.Wide);
        Assert.Equal("signed.png", FlowPlots.Write(dir, "signed.png", "N", "τ", "N", [signed], FlowPlots.Scale.SignedLog10));
        foreach (var f in new[] { "log.png", "signed.png" }) Assert.True(new FileInfo(Path.Combine(dir, f)).Length > 10_000, f);
        // Nothing positive on a plain log axis: no plot rather than an empty frame.
        var negative = new FlowPlots.Series("N", t, t.Select(x => -1 - x).ToArray(), FlowPlots.Style.Wide);
        Assert.Null(FlowPlots.Write(dir, "none.png", "N", "τ", "N", [negative], FlowPlots.Scale.Log10));
    }
}
