using ScottPlot;
using Checker.Numeric.Flows;

namespace Checker.Cli.Rendering;

/// <summary>
/// The flow figure (ScottPlot 5): four panels against the flow's time — log₁₀‖w‖, N (log₁₀ when positive throughout),
/// cosine to the reference, σ₂/σ₁ per layer. Log axes are drawn as log₁₀ of the value with the axis label saying so.
/// </summary>
public static class FlowPlot
{
    /// <param name="referenceName">What the cosines are measured against ("the final direction of this run" when no
    /// reference was given: then the cosine ends at 1 by construction, and the panel says so).</param>
    public static void Save(FlowResult result, string path, string title, string referenceName = "the final direction of this run")
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".png" or ".svg")) throw new UsageException($"--plot: expected a file ending in .png or .svg, got \"{path}\"");
        var samples = result.Samples;
        double[] t = samples.Select(s => s.Time).ToArray();
        var mp = new ScottPlot.Multiplot();
        mp.AddPlots(4);
        mp.Layout = new ScottPlot.MultiplotLayouts.Grid(2, 2);
        string time = result.TimeName switch
        {
            "t" => "t, training time",
            "τ" => "τ, NCF flow time",
            "σ" => "σ, sphere flow time",
            var other => other,
        };
        bool incomplete = result.Outcome is FlowOutcome.StepLimit or FlowOutcome.Timeout or FlowOutcome.Failed;
        string status = incomplete ? $" — INCOMPLETE RUN ({result.Outcome.ToString().ToLowerInvariant()})" : "";

        var p0 = mp.GetPlot(0);
        p0.Add.Scatter(t, samples.Select(s => Math.Log10(s.Norm)).ToArray());
        p0.Title($"{title}: norm of the weights{status}");
        p0.XLabel(time); p0.YLabel("log10 ‖w‖ (‖w‖ = 10^value)");

        var p1 = mp.GetPlot(1);
        bool positive = samples.All(s => s.Ncf > 0);
        p1.Add.Scatter(t, samples.Select(s => positive ? Math.Log10(s.Ncf) : Math.Asinh(s.Ncf) / Math.Log(10)).ToArray());
        p1.Title("neural correlation N(w)");
        p1.XLabel(time); p1.YLabel(positive ? "log10 N (N = 10^value)" : "asinh(N)/ln 10 (≈ sign(N)·log10 2|N|)");

        var p2 = mp.GetPlot(2);
        p2.Add.Scatter(t, samples.Select(s => double.IsNaN(s.Cosine) ? 0 : s.Cosine).ToArray());
        bool ownEnd = referenceName == "the final direction of this run";
        p2.Title(ownEnd ? "cosine to this run's own end (1 there by construction)" : $"cosine to {referenceName}");
        p2.XLabel(time); p2.YLabel("cos(w, reference)");

        var p3 = mp.GetPlot(3);
        int layers = samples.Count == 0 ? 0 : samples[0].SingularRatios.Length;
        bool any = false;
        for (int l = 0; l < layers; l++)
        {
            if (samples.Any(s => double.IsNaN(s.SingularRatios[l]))) continue;
            var sc = p3.Add.Scatter(t, samples.Select(s => s.SingularRatios[l]).ToArray());
            sc.LegendText = $"W{l + 1}";
            sc.MarkerSize = 0;
            sc.LineWidth = 2;
            any = true;
        }
        if (any) p3.ShowLegend(Edge.Right);
        p3.Title("rank-one structure: σ₂/σ₁ per layer (0 = rank one)");
        p3.XLabel(time); p3.YLabel("σ₂/σ₁ of W_l");

        // Curves, not dots: several hundred markers merge into a thick smear.
        foreach (var plot in new[] { p0, p1, p2 })
            foreach (var sc in plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>()) { sc.MarkerSize = 0; sc.LineWidth = 2; }
        const int width = 1200, height = 900;
        var full = Path.GetFullPath(path);
        if (ext == ".png") { mp.SavePng(full, width, height); return; }
        // ScottPlot's Multiplot writes PNG only: for SVG, the four panels' own SVGs go into one 2×2 document.
        var sb = new System.Text.StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\">");
        for (int i = 0; i < 4; i++)
        {
            string inner = mp.GetPlot(i).GetSvgHtml(width / 2, height / 2);
            if (inner.StartsWith("<?xml", StringComparison.Ordinal)) inner = inner[(inner.IndexOf("?>", StringComparison.Ordinal) + 2)..]; // nested documents carry no declaration
            int x = i % 2 * width / 2, y = i / 2 * height / 2;
            sb.Append($"<g transform=\"translate({x},{y})\">").Append(inner).Append("</g>");
        }
        sb.Append("</svg>");
        File.WriteAllText(full, sb.ToString());
    }
}
