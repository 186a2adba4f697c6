using Checker.Numeric.Flows;
using ScottPlot;

namespace Checker.Cli.Reporting;

/// <summary>
/// The report's plots (issue 5): norm, N, cosine and σ₂/σ₁ against time for the training flow and the NCF flow from the
/// same w₀. Both are drawn in the NCF clock τ (training: τ = δ^{Λ−2}t, weights rescaled z = w/δ, docs/theory.md#time-rescaling), so the
/// picture shows directly how closely the small-initialisation training flow follows the NCF flow (C8).
/// </summary>
public static class FlowPlots
{
    public sealed record Series(string Label, double[] Time, double[] Value);

    /// <summary>Writes one PNG with the given series; NaN/∞ points are dropped. Returns the file name, or null if nothing to draw.</summary>
    public static string? Write(string directory, string fileName, string title, string xLabel, string yLabel, IEnumerable<Series> series)
    {
        var plt = new Plot();
        int drawn = 0;
        foreach (var s in series)
        {
            var pts = s.Time.Zip(s.Value).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToArray();
            if (pts.Length < 2) continue;
            var sc = plt.Add.Scatter(pts.Select(p => p.First).ToArray(), pts.Select(p => p.Second).ToArray());
            sc.LegendText = s.Label;
            sc.MarkerSize = 0;
            sc.LineWidth = 2;
            drawn++;
        }
        if (drawn == 0) return null;
        plt.Title(title);
        plt.XLabel(xLabel);
        plt.YLabel(yLabel);
        plt.ShowLegend(Alignment.UpperLeft);
        plt.SavePng(Path.Combine(directory, fileName), 800, 450);
        return fileName;
    }

    /// <summary>Time in the NCF clock and the rescaled weights' metrics of a flow result.</summary>
    public static (double[] Tau, FlowSample[] Samples) InNcfClock(FlowResult r)
    {
        double scale = r.Kind == FlowKind.Training ? Math.Pow(r.Delta, r.Degree - 2) : 1;
        var s = r.Samples.ToArray();
        return (s.Select(x => x.Time * scale).ToArray(), s);
    }
}
