using Checker.Symbolic.Model;
using Checker.Verification.Reduced;
using Spectre.Console;

namespace Checker.Cli.Rendering;

/// <summary>Tables and JSON (docs/cli.md#kkt) for reduced KKT enumerations; no logic here.</summary>
public static class KktRendering
{
    public static object Json(Instance instance, IReadOnlyList<ReducedKktResult> results, string solver, int seed, bool allSigns, IReadOnlyList<string>? certificates, TimeSpan elapsed)
    {
        return new
        {
            instance = instance.Name,
            sign_vectors_searched = allSigns ? "all 2^L sign vectors" : "the one given by --signs",
            complete = results.All(r => r.Complete),
            continuum = results.Any(r => r.Continuum),
            reason = string.Join("; ", results.Where(r => !r.Complete || r.Continuum).Select(r => $"s=({r.Problem.SignsText}): {r.Reason}").Distinct()) is { Length: > 0 } s ? s : null,
            solver,
            seed,
            seconds = Math.Round(elapsed.TotalSeconds, 3),
            points = results.SelectMany(r => r.Points.Select(p => Point(r, p))).ToList(),
            families = results.SelectMany(r => r.Families.Select(f => new
            {
                signs = r.Problem.Signs,
                pattern = f.Pattern,
                dimension = f.Dimension,
                value_sign = f.ValueSign,
                description = f.Description,
                representative = f.Representative.Select(v => v.ToString()).ToList(),
            })).ToList(),
            problems = results.Select(r => new
            {
                signs = r.Problem.Signs,
                slope_pos = r.Problem.SlopePos.ToString(),
                slope_neg = r.Problem.SlopeNeg.ToString(),
                complete = r.Complete,
                continuum = r.Continuum,
                reason = r.Reason.Length == 0 ? null : r.Reason,
                points = r.Points.Count,
                positive_points = r.Points.Count(p => p.Positive),
                families = r.Families.Count,
                queries = r.Queries,
                degeneracies = r.Degeneracies,
                dropped_not_clarke = r.DroppedByClarke,
            }).ToList(),
            certificates,
        };
    }

    private static object Point(ReducedKktResult r, ReducedKktPoint p) => new
    {
        signs = r.Problem.Signs,
        direction = p.Direction.Select(v => v.ToString()).ToList(),
        value = p.ValueDecimal,
        value_exact = p.ValueExact,
        positive = p.Positive,
        pattern = p.Pattern,
        on_kink = p.OnKink,
        slopes = p.Slopes.Select(v => v.ToString()).ToList(),
        clarke_weights = p.OnKink ? p.ClarkeWeights.Select(w => new { region = w.Region, weight = w.Weight.ToString() }).ToList() : null,
    };

    public static void Write(IAnsiConsole console, Instance instance, IReadOnlyList<ReducedKktResult> results, string solver, int seed, IReadOnlyList<string>? certificates, TimeSpan elapsed)
    {
        console.MarkupLine($"[bold]reduced KKT points[/] of [bold]{Markup.Escape(instance.Name)}[/] ({Markup.Escape(instance.Network.ToString())})");
        foreach (var r in results)
        {
            var p = r.Problem;
            string status = !r.Complete ? $"[yellow]not complete[/]: {Markup.Escape(r.Reason)}"
                : r.Continuum ? $"[green]complete[/] (final queries UNSAT) [yellow]with continua[/]: {Markup.Escape(r.Reason)}" : "[green]complete[/] (final queries UNSAT)";
            console.MarkupLine($"s = ({Markup.Escape(p.SignsText)}): c₊ = {Markup.Escape(p.SlopePos.ToString())}, c₋ = {Markup.Escape(p.SlopeNeg.ToString())}; {r.Points.Count} point(s), {r.Points.Count(x => x.Positive)} positive; {status}");
            if (r.DroppedByClarke > 0) console.MarkupLine($"[grey]  {r.DroppedByClarke} point(s) of the independent-slope outer bound are not Clarke KKT points (kink samples parallel, antiparallel or duplicated) and are not listed[/]");
            foreach (var dgn in r.Degeneracies) console.MarkupLine($"  [yellow]degenerate data:[/] {Markup.Escape(dgn)}");
            if (r.Points.Count > 0)
            {
                var t = new Table().AddColumn("pattern").AddColumn("direction b (unnormalised)").AddColumn("value f(b/‖b‖)").AddColumn("positive");
                foreach (var pt in r.Points)
                    t.AddRow(Markup.Escape(pt.Pattern), Markup.Escape("(" + string.Join(", ", pt.Direction.Select(v => v.ToString())) + ")"),
                        Markup.Escape($"{pt.ValueExact} ≈ {pt.ValueDecimal}"), pt.Positive ? "yes" : "no");
                console.Write(t);
            }
            foreach (var f in r.Families) console.MarkupLine($"  [yellow]family[/] {Markup.Escape(f.Pattern)}: {Markup.Escape(f.Description)}");
        }
        console.MarkupLine($"[grey]solver {Markup.Escape(solver)}, seed {seed}, {elapsed.TotalSeconds:F2} s{(certificates is null ? "" : $", {certificates.Count} certificate(s) written")}[/]");
    }
}
