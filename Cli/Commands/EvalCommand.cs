using Checker.Cli.Rendering;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.IO;
using Checker.Verification.Clarke;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>
/// `checker eval INSTANCE --at WEIGHTS` (docs/cli.md#eval): exact H(x_i), N, ∇N and the activation pattern at a rational point.
/// At kinks (docs/theory.md#clarke-subdifferential) it lists the Clarke choices and how the gradient depends on them instead of picking a side
/// silently: `gradient` is the all-lower-slope choice, `gradient_upper` the all-upper one, and `gradient_range`
/// the exact per-entry range over every choice (see <see cref="ClarkeGradients"/>).
/// </summary>
public sealed class EvalCommand : Command<EvalCommand.Settings>
{
    public const int MaxDegree = 100_000;

    public sealed class Settings : InstanceSettings
    {
        [CommandOption("--at <WEIGHTS>")]
        [Description("Weight file {\"layers\": [W_1, …, W_L]} with exact numbers (docs/cli.md#weight-files)")]
        public string? At { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.At)) throw new UsageException("--at WEIGHTS is required (a weight file {\"layers\": [W_1, …, W_L]})");
        var instance = InstanceReader.Read(settings.InstancePath);
        // Exact values have about Λ times the digits of the inputs; beyond this they no longer fit in memory or time.
        if (instance.Network.Degree > MaxDegree)
            throw new InputException(settings.InstancePath, "network", $"degree Λ at most {MaxDegree} for exact evaluation, got {instance.Network.Degree} (p = {instance.Network.Activation.Power}, L = {instance.Network.Depth})");
        var w = WeightReader.Read(settings.At, instance.Network);
        var net = instance.Network;
        var clarke = ClarkeGradients.At(instance, w);
        var e = clarke.Low;
        var kinks = e.Kinks.Select(k => new { layer = k.Layer, neuron = k.Neuron + 1, sample = k.Sample + 1, slope_low = k.Low.ToString(), slope_high = k.High.ToString() }).ToList();
        string clarkeNote = e.Kinks.Count == 0
            ? "no kink: the gradient is unique"
            : clarke.EntryMin is null
                ? $"{e.Kinks.Count} kinks: σ'(0) ranges over [{e.Kinks[0].Low}, {e.Kinks[0].High}] per kink; `gradient` uses the lower slope at every kink, `gradient_upper` the upper; too many kinks (> 12) to enumerate the 2^K choices, so per-entry ranges are not reported"
                : clarke.Unique
                    ? $"{e.Kinks.Count} kink(s), but the gradient is the same for every Clarke choice (all 2^{e.Kinks.Count} choices enumerated)"
                    : $"{e.Kinks.Count} kink(s): σ'(0) ranges over [{e.Kinks[0].Low}, {e.Kinks[0].High}] per kink; `gradient` uses the lower slope at every kink, `gradient_upper` the upper; `gradient_range` is each entry's exact [min, max] over all 2^{e.Kinks.Count} choices (entries are multilinear in the slopes, so the extremes are attained at these vertices)";
        // Which sign patterns of the essential kinks are adjacent (docs/theory.md §2): ∂N(u) is the hull of their g_P.
        // No solver here: adjacency is proved by arcs and refuted by the exact rules; `kkt --at` also asks a solver.
        var sub = e.Kinks.Count == 0 ? null : ClarkeEngine.Analyse(instance, w);
        var result = new
        {
            name = instance.Name,
            weights = w.ToLayers(),
            outputs = e.Outputs.Select(v => v.ToString()).ToArray(),
            ncf = e.Ncf.ToString(),
            gradient = ExactFormat.Layers(net, e.Gradient),
            pattern = ExactFormat.Pattern(e.Pattern),
            pattern_text = e.Pattern.ToString(),
            kinks,
            clarke = clarkeNote,
            gradient_unique = clarke.Unique,
            gradient_upper = e.Kinks.Count == 0 ? null : ExactFormat.Layers(net, clarke.High.Gradient),
            gradient_range = e.Kinks.Count == 0 || clarke.EntryMin is null ? null
                : ExactFormat.Layers(net, Enumerable.Range(0, net.WeightCount).ToArray(), j => new[] { clarke.EntryMin[j].ToString(), clarke.EntryMax![j].ToString() }),
            essential_kinks = sub?.Essential.Select(ClarkeRendering.Kink).ToList(),
            differentiable = sub is null ? true : sub.Differentiable,
            clarke_cap = sub?.CapReason,
            adjacent_patterns = sub is null ? null : ClarkeRendering.Patterns(sub),
        };
        if (settings.Json) { JsonOutput.Write(result); return CheckerApp.ExitHolds; }

        var console = Consoles.Stdout();
        console.MarkupLine($"[bold]{Markup.Escape(instance.Name)}[/]  {Markup.Escape(net.ToString())}, n = {instance.SampleCount}: exact values");
        var outs = new Table().AddColumn("sample i").AddColumn("y_i").AddColumn("H(x_i)");
        for (int i = 0; i < instance.SampleCount; i++) outs.AddRow((i + 1).ToString(), Markup.Escape(instance.Labels[i].ToString()), Markup.Escape(e.Outputs[i].ToString()));
        console.Write(outs);
        console.MarkupLine($"N = Σ y_i H(x_i) = [bold]{Markup.Escape(e.Ncf.ToString())}[/]");
        var grad = new Table().AddColumn("weight").AddColumn("value").AddColumn(e.Kinks.Count == 0 ? "∂N/∂w" : "∂N/∂w (lower slopes)");
        if (e.Kinks.Count > 0) grad.AddColumn("upper slopes").AddColumn("range over choices");
        for (int l = 1; l <= net.Depth; l++)
        {
            var (rows, cols) = net.Shape(l);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    int j = net.Index(l, r, c);
                    var cells = new List<string> { ExactFormat.WeightName(l, r, c), w.Flat[j].ToString(), e.Gradient[j].ToString() };
                    if (e.Kinks.Count > 0)
                    {
                        cells.Add(clarke.High.Gradient[j].ToString());
                        cells.Add(clarke.EntryMin is null ? "not enumerated" : $"[{clarke.EntryMin[j]}, {clarke.EntryMax![j]}]");
                    }
                    grad.AddRow(cells.Select(Markup.Escape).ToArray());
                }
        }
        console.Write(grad);
        console.WriteLine("pattern (hidden layers | neurons, one sign per sample): " + (net.Depth == 1 ? "(no hidden layer)" : e.Pattern.ToString()));
        foreach (var k in kinks) console.WriteLine($"kink: layer {k.layer}, neuron {k.neuron}, sample {k.sample}: σ'(0) ∈ [{k.slope_low}, {k.slope_high}]");
        console.WriteLine(clarkeNote.Replace("`", ""));
        if (sub is not null)
        {
            console.WriteLine($"essential kinks (their side can change ∇N): {(sub.Essential.Count == 0 ? "none, N is differentiable here as far as KKT is concerned" : string.Join(", ", sub.Essential.Select(ClarkeSubdifferential.Describe)))}");
            if (sub.CapReason is not null) console.WriteLine(sub.CapReason + ": adjacency not examined");
            else if (sub.Essential.Count > 0)
                foreach (var p in sub.Patterns)
                    console.WriteLine($"  signs {p.Signs}: {ClarkeRendering.Status(p.Status)}" + (p.Status == Adjacency.Adjacent ? $" (arc {ClarkeRendering.ArcText(net, p.Arc)})" : $" ({p.Reason})"));
        }
        return CheckerApp.ExitHolds;
    }
}
