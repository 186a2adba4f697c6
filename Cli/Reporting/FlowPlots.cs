using System.Globalization;
using Checker.Numeric.Flows;
using ScottPlot;

namespace Checker.Cli.Reporting;

/// <summary>
/// The report's plots (issue 5, issue 14 item 3): norm, N, cosine and σ₂/σ₁ against time for the training flow and the
/// NCF flow from the same w₀, both in the NCF clock τ (training: τ = δ^{Λ−2}t, weights rescaled z = w/δ, docs/theory.md#time-rescaling),
/// so the picture shows how closely the small-initialisation training flow follows the NCF flow (C8).
/// <para>
/// Made to be read without the code: every plot has a title saying what is drawn, axis labels with what is measured,
/// the legend below the data (never over a curve), the NCF flow as a wide light line under the training flow's narrow
/// dashed one (so neither hides the other where they coincide), quantities that grow by many orders of magnitude on a
/// logarithmic axis labelled in powers of ten (N changes sign: a signed logarithmic axis, linear near 0), and an
/// incomplete run (step limit, time-out, failure) marked as such in its legend entry.
/// </para>
/// </summary>
public static class FlowPlots
{
    /// <summary>How a curve is drawn: <see cref="Wide"/> for the reference flow (drawn first), <see cref="Dashed"/> on top.</summary>
    public enum Style { Wide, Dashed }

    /// <summary>The value axis: as is, log₁₀ (positive values only), or sign(v)·log₁₀(1 + |v|/c) (any sign).</summary>
    public enum Scale { Linear, Log10, SignedLog10 }

    public sealed record Series(string Label, double[] Time, double[] Value, Style Style);

    /// <summary>A vertical line at a time with a legend entry (e.g. the blow-up time τ*).</summary>
    public sealed record Marker(double Time, string Label);

    /// <summary>
    /// Writes one PNG; NaN/∞ points (and on a log axis non-positive ones) are dropped. Returns the file name, or null if
    /// nothing could be drawn.
    /// </summary>
    /// <param name="clipAbove">Top of the value axis (in values, not axis units): a curve beyond it runs off the top,
    /// and the title says so. For a flow that blows up, whose last decades would flatten everything before them.</param>
    public static string? Write(string directory, string fileName, string title, string xLabel, string yLabel,
        IEnumerable<Series> series, Scale scale = Scale.Linear, IEnumerable<Marker>? markers = null, double? clipAbove = null)
    {
        var all = series.ToList();
        var values = all.SelectMany(s => s.Value).Where(double.IsFinite).ToArray();
        // A signed axis only where needed: all-positive data read more easily on a plain logarithmic one.
        if (scale == Scale.SignedLog10 && values.Length > 0 && values.All(v => v > 0)) scale = Scale.Log10;
        double threshold = SignedThreshold(values);
        double Transform(double v) => scale switch
        {
            Scale.Log10 => v > 0 ? Math.Log10(v) : double.NaN,
            Scale.SignedLog10 => Math.Sign(v) * Math.Log10(1 + Math.Abs(v) / threshold),
            _ => v,
        };
        var plt = new Plot();
        int drawn = 0;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var s in all.OrderBy(s => s.Style == Style.Wide ? 0 : 1))
        {
            var pts = s.Time.Zip(s.Value.Select(Transform)).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToArray();
            if (pts.Length < 2) continue;
            var sc = plt.Add.Scatter(pts.Select(p => p.First).ToArray(), pts.Select(p => p.Second).ToArray());
            sc.LegendText = s.Label;
            sc.MarkerSize = 0;
            if (s.Style == Style.Wide)
            {
                sc.LineWidth = 6;
                sc.Color = Color.FromHex("#1f77b4").WithAlpha(0.45);
            }
            else
            {
                sc.LineWidth = 2;
                sc.Color = Color.FromHex("#d62728");
                sc.LinePattern = LinePattern.Dashed;
            }
            foreach (var p in pts) { lo = Math.Min(lo, p.Second); hi = Math.Max(hi, p.Second); }
            drawn++;
        }
        if (drawn == 0) return null;
        foreach (var m in markers ?? [])
        {
            if (!double.IsFinite(m.Time)) continue;
            var line = plt.Add.VerticalLine(m.Time);
            line.LinePattern = LinePattern.Dotted;
            line.LineWidth = 1.5f;
            line.Color = Colors.Gray;
            line.LegendText = m.Label;
        }
        double top = hi;
        if (clipAbove is { } clip && Transform(clip) is var clipAt && double.IsFinite(clipAt) && clipAt < hi)
        {
            top = clipAt;
            double pad = 0.04 * (top - lo);
            plt.Axes.SetLimitsY(lo - pad, top + pad);
            title += $" (axis cut at {(scale == Scale.Linear ? clip.ToString("G3", CultureInfo.InvariantCulture) : PowerOfTen((int)Math.Round(Math.Log10(Math.Abs(clip)))))}; " +
                $"the curve that leaves it reaches {(scale == Scale.Linear ? values.Max().ToString("G3", CultureInfo.InvariantCulture) : PowerOfTen((int)Math.Floor(Math.Log10(values.Max()))))})";
        }
        if (scale != Scale.Linear) plt.Axes.Left.TickGenerator = Ticks(scale, lo, top, threshold);
        plt.Title(title);
        plt.XLabel(xLabel);
        plt.YLabel(yLabel);
        plt.ShowLegend(Edge.Bottom);
        plt.SavePng(Path.Combine(directory, fileName), 900, 560);
        return fileName;
    }

    /// <summary>The linear range of the signed log axis: the power of ten at or below the smallest non-zero |value|,
    /// so that every value's order of magnitude stays visible.</summary>
    private static double SignedThreshold(double[] values)
    {
        var magnitudes = values.Select(Math.Abs).Where(v => v > 0).ToArray();
        if (magnitudes.Length == 0) return 1;
        return Math.Pow(10, Math.Floor(Math.Log10(magnitudes.Min())));
    }

    /// <summary>
    /// Major ticks at powers of ten (and 0 on the signed axis), labelled 10ᵏ, at most about eight and never closer than
    /// a twelfth of the axis (labels must not overprint each other near 0 on the signed axis).
    /// </summary>
    private static ScottPlot.TickGenerators.NumericManual Ticks(Scale scale, double lo, double hi, double threshold)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var placed = new List<double>();
        double gap = Math.Max(hi - lo, 1) / 12;
        void Add(double at, string label)
        {
            if (at < lo - gap || at > hi + gap || placed.Any(p => Math.Abs(p - at) < gap)) return;
            placed.Add(at);
            ticks.AddMajor(at, label);
        }
        if (scale == Scale.Log10)
        {
            int kLo = (int)Math.Floor(lo), kHi = (int)Math.Ceiling(hi);
            int step = Math.Max(1, (int)Math.Ceiling((kHi - kLo) / 8.0));
            for (int k = kLo; k <= kHi; k += step) Add(k, PowerOfTen(k));
            return ticks;
        }
        // Signed: value ±c·10^j sits at ±log10(1 + 10^j); 0 first, then the large magnitudes, so that crowding near 0
        // drops the small ones.
        int e = (int)Math.Round(Math.Log10(threshold));
        int jMax = (int)Math.Ceiling(Math.Max(Math.Abs(lo), Math.Abs(hi)));
        int count = (lo < 0 ? 1 : 0) + (hi > 0 ? 1 : 0);
        int stepS = Math.Max(1, (int)Math.Ceiling(jMax * count / 8.0));
        Add(0, "0");
        for (int j = jMax - jMax % stepS; j >= 0; j -= stepS)
        {
            double at = Math.Log10(1 + Math.Pow(10, j));
            if (hi > 0) Add(at, PowerOfTen(e + j));
            if (lo < 0) Add(-at, "−" + PowerOfTen(e + j));
        }
        return ticks;
    }

    private static string PowerOfTen(int k)
    {
        if (k == 0) return "1";
        if (k == 1) return "10";
        const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        var exp = string.Concat(Math.Abs(k).ToString(CultureInfo.InvariantCulture).Select(c => digits[c - '0']));
        return "10" + (k < 0 ? "⁻" : "") + exp;
    }

    /// <summary>Time in the NCF clock and the rescaled weights' metrics of a flow result.</summary>
    public static (double[] Tau, FlowSample[] Samples) InNcfClock(FlowResult r)
    {
        double scale = r.Kind == FlowKind.Training ? Math.Pow(r.Delta, r.Degree - 2) : 1;
        var s = r.Samples.ToArray();
        return (s.Select(x => x.Time * scale).ToArray(), s);
    }

    /// <summary>Whether a run ended before its natural end (step limit, time-out, failure): its curves are incomplete.</summary>
    public static bool Incomplete(FlowResult r) => r.Outcome is FlowOutcome.StepLimit or FlowOutcome.Timeout or FlowOutcome.Failed;

    /// <summary>A legend label, flagged when the run is incomplete.</summary>
    public static string Label(string name, FlowResult r) =>
        Incomplete(r) ? $"{name} — INCOMPLETE RUN ({OutcomeName(r.Outcome)} at {r.TimeName} = {r.FinalTime.ToString("G4", CultureInfo.InvariantCulture)})" : name;

    public static string OutcomeName(FlowOutcome o) => o switch
    {
        FlowOutcome.BlowUp => "blow-up",
        FlowOutcome.StepLimit => "step limit",
        FlowOutcome.TimeReached => "time bound reached",
        _ => o.ToString().ToLowerInvariant(),
    };
}
