using Checker.Symbolic.Model;
using Checker.Verification.Clarke;
using Checker.Verification.Exact;
using Spectre.Console;

namespace Checker.Cli.Rendering;

/// <summary>`kkt --at` and the kink part of `eval --at`: kinks, sign patterns with their arcs or reasons, convex weights.</summary>
public static class ClarkeRendering
{
    public static object Kink(Symbolic.Evaluation.Kink k) => new { layer = k.Layer, neuron = k.Neuron + 1, sample = k.Sample + 1 };

    /// <summary>The arc as its non-zero terms: ε^order · value added to weight W_layer[row, column] (1-based).</summary>
    public static object? Arc(Network net, Arc? arc) => arc is null ? null : arc.Terms().Select(t =>
    {
        var (l, r, c) = Locate(net, t.Index);
        return new { order = t.Order, layer = l, row = r + 1, column = c + 1, value = t.Value.ToString() };
    }).ToList();

    public static string ArcText(Network net, Arc? arc)
    {
        if (arc is null) return "";
        var terms = arc.Terms().Select(t => { var (l, r, c) = Locate(net, t.Index); return $"{(t.Order == 1 ? "ε" : $"ε^{t.Order}")}·{t.Value} on W{l}[{r + 1},{c + 1}]"; }).ToList();
        return terms.Count == 0 ? "u itself" : "u + " + string.Join(" + ", terms);
    }

    private static (int Layer, int Row, int Column) Locate(Network net, int index)
    {
        for (int l = net.Depth; l >= 1; l--)
            if (index >= net.Offset(l)) { int k = index - net.Offset(l); return (l, k / net.Widths[l - 1], k % net.Widths[l - 1]); }
        throw new ArgumentOutOfRangeException(nameof(index));
    }

    /// <summary>Every sign pattern of the essential kinks with its status and evidence.</summary>
    public static List<object> Patterns(ClarkeSubdifferential s) => s.Patterns.Select(p => (object)new
    {
        signs = p.Signs,
        status = Status(p.Status),
        arc = Arc(s.Instance.Network, p.Arc),
        reason = p.Status == Adjacency.Adjacent ? null : p.Reason,
        gradient = ExactFormat.Layers(s.Instance.Network, p.Gradient),
    }).ToList();

    public static string Status(Adjacency a) => a switch { Adjacency.Adjacent => "adjacent", Adjacency.NotAdjacent => "not-adjacent", _ => "inconclusive" };

    public static object Json(Instance instance, ClarkeKktResult r)
    {
        var s = r.Subdifferential;
        var net = instance.Network;
        int sign = r.Value.Sign;
        return new
        {
            instance = instance.Name,
            kkt = r.Kkt,
            subdifferential = r.Mode == SubdifferentialMode.Clarke ? "clarke" : "ad",
            clarke_kkt = r.ClarkeStationary,
            ad_stationary = r.AdStationary,
            ad_only = r.AdOnly,
            reason = r.Reason,
            value = r.Value.ToString(),
            value_normalised = SqrtDecimal.Exact(r.NormalisedValueSquared, sign),
            value_normalised_decimal = SqrtDecimal.Format(r.NormalisedValueSquared, sign),
            lambda = SqrtDecimal.Exact(r.NormalisedValueSquared * new Symbolic.Numbers.Rational(net.Degree * net.Degree), sign),
            multipliers = r.Multipliers.Select(m => m.ToString()).ToArray(),
            differentiable = s.Differentiable,
            kinks = s.Essential.Select(Kink).ToList(),
            inessential_kinks = s.Kinks.Count - s.Essential.Count,
            cap = s.CapReason,
            adjacent_patterns = Patterns(s),
            convex_weights = r.ConvexWeights.Select(w => new { signs = w.Pattern, weight = w.Weight.ToString() }).ToList(),
        };
    }

    public static void Write(IAnsiConsole console, Instance instance, ClarkeKktResult r)
    {
        var s = r.Subdifferential;
        string verdict = r.Kkt switch { true => "[green]a KKT point[/]", false => "[red]not a KKT point[/]", null => "[yellow]undecided[/]" };
        console.MarkupLine($"[bold]{Markup.Escape(instance.Name)}[/]: {Markup.Escape(instance.Network.ToString())}; {verdict} up to a positive rescaling of each layer ({(r.Mode == SubdifferentialMode.Clarke ? "Clarke subdifferential" : "AD independent-slope set")})");
        console.MarkupLine(Markup.Escape($"N(u) = {r.Value}; at the balanced unit point N = {SqrtDecimal.Exact(r.NormalisedValueSquared, r.Value.Sign)} ≈ {SqrtDecimal.Format(r.NormalisedValueSquared, r.Value.Sign, 12)}; multipliers μ_l = {string.Join(", ", r.Multipliers.Select(m => m.ToString()))}"));
        console.MarkupLine(Markup.Escape($"{s.Kinks.Count} kink(s), {s.Essential.Count} essential{(s.Essential.Count > 0 ? ": " + string.Join(", ", s.Essential.Select(ClarkeSubdifferential.Describe)) : "")}"));
        if (s.CapReason is not null) console.MarkupLine($"[yellow]{Markup.Escape(s.CapReason)}[/]");
        if (s.Essential.Count > 0 && s.WithinCap)
        {
            var t = new Table().AddColumn("signs").AddColumn("adjacent").AddColumn("arc or reason").AddColumn("weight");
            foreach (var p in s.Patterns)
            {
                var w = r.ConvexWeights.FirstOrDefault(x => x.Pattern == p.Signs);
                t.AddRow(p.Signs, Status(p.Status), Markup.Escape(p.Status == Adjacency.Adjacent ? ArcText(instance.Network, p.Arc) : p.Reason), w.Pattern is null ? "" : w.Weight.ToString());
            }
            console.Write(t);
        }
        console.MarkupLine(Markup.Escape($"Clarke KKT: {Yn(r.ClarkeStationary)}; AD-stationary (independent slopes): {Yn(r.AdStationary)}{(r.AdOnly ? " — stationary for automatic differentiation but not a Clarke KKT point" : "")}"));
        console.MarkupLine($"[grey]{Markup.Escape(r.Reason)}[/]");
    }

    private static string Yn(bool? b) => b switch { true => "yes", false => "no", null => "undecided" };
}
