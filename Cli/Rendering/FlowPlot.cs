using ScottPlot;
using Checker.Numeric.Flows;

namespace Checker.Cli.Rendering;

/// <summary>
/// The flow figure (ScottPlot 5): four panels against the flow's time — log₁₀‖w‖, N (log₁₀ when positive throughout),
/// cosine to the reference, σ₂/σ₁ per layer. Log axes are drawn as log₁₀ of the value with the axis label saying so.
/// </summary>
public static class FlowPlot
{
    public static void Save(FlowResult result, string path, string title)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".png" or ".svg")) throw new UsageException($"--plot: expected a file ending in .png or .svg, got \"{path}\"");
        var samples = result.Samples;
        double[] t = samples.Select(s => s.Time).ToArray();
        var mp = new ScottPlot.Multiplot();
        mp.AddPlots(4);
        mp.Layout = new ScottPlot.MultiplotLayouts.Grid(2, 2);
        string time = result.TimeName;

        var p0 = mp.GetPlot(0);
        p0.Add.Scatter(t, samples.Select(s => Math.Log10(s.Norm)).ToArray());
        p0.Title($"{title}: norm");
        p0.XLabel(time); p0.YLabel("log10 ‖w‖");

        var p1 = mp.GetPlot(1);
        bool positive = samples.All(s => s.Ncf > 0);
        p1.Add.Scatter(t, samples.Select(s => positive ? Math.Log10(s.Ncf) : Math.Asinh(s.Ncf) / Math.Log(10)).ToArray());
        p1.Title("neural correlation N");
        p1.XLabel(time); p1.YLabel(positive ? "log10 N" : "asinh(N)/ln 10 (≈ sign·log10 2|N|)");

        var p2 = mp.GetPlot(2);
        p2.Add.Scatter(t, samples.Select(s => double.IsNaN(s.Cosine) ? 0 : s.Cosine).ToArray());
        p2.Title(result.Kind == FlowKind.Training ? "cosine to reference / final direction" : "cosine to reference / limit direction");
        p2.XLabel(time); p2.YLabel("cos");

        var p3 = mp.GetPlot(3);
        int layers = samples.Count == 0 ? 0 : samples[0].SingularRatios.Length;
        bool any = false;
        for (int l = 0; l < layers; l++)
        {
            if (samples.Any(s => double.IsNaN(s.SingularRatios[l]))) continue;
            var sc = p3.Add.Scatter(t, samples.Select(s => s.SingularRatios[l]).ToArray());
            sc.LegendText = $"W{l + 1}";
            any = true;
        }
        if (any) p3.ShowLegend();
        p3.Title("σ2/σ1 per layer");
        p3.XLabel(time); p3.YLabel("σ2/σ1");

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
