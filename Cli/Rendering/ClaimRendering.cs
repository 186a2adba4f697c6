using Checker.Verification.Contracts;
using Checker.Verification.Claims;
using System.Text.Json;
using Spectre.Console;

namespace Checker.Cli.Rendering;

/// <summary>How a <see cref="ClaimResult"/> looks: JSON per docs/cli.md#check (id, verdict, detail, witness, …) or a short block of text.</summary>
public static class ClaimRendering
{
    public static object Json(ClaimResult r, string instance, CheckOptions options, TimeSpan elapsed, string? at = null) => new
    {
        id = r.Id,
        verdict = r.Verdict.Name(),
        detail = r.Detail,
        witness = r.Witness,
        evidence = r.Evidence,
        certificates = r.Certificates,
        certificate_count = r.Certificates?.Count ?? 0,
        instance,
        seed = options.Seed,
        timeout_seconds = options.TimeoutSeconds,
        solver = options.Solver,
        elapsed_seconds = Math.Round(elapsed.TotalSeconds, 3),
        applicable = r.Verdict != Verdict.NotApplicable,
        at,
    };

    public static string Colour(Verdict v) => v switch
    {
        Verdict.Holds => "green",
        Verdict.HoldsNumerically => "green",
        Verdict.Counterexample => "red",
        Verdict.Inconclusive => "yellow",
        _ => "grey",
    };

    /// <summary>An evidence value as text, spelled as `--json` spells it: booleans true/false (not C#'s True/False),
    /// numbers invariant, strings without quotes, lists and objects as compact JSON.</summary>
    public static string Value(object? v)
    {
        if (v is null) return "";
        var e = v as JsonElement? ?? JsonSerializer.SerializeToElement(v, v.GetType(), Compact);
        return e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
    }

    /// <summary>The evidence as (field, value) rows: the fields and names of its JSON object, in the same order.</summary>
    public static IEnumerable<(string Field, string Value)> EvidenceRows(ClaimEvidence evidence) =>
        JsonSerializer.SerializeToElement(evidence, Compact).EnumerateObject().Select(p => (p.Name, Value(p.Value)));

    private static readonly JsonSerializerOptions Compact = new(JsonOutput.Options) { WriteIndented = false };

    /// <summary>"5 hold, 1 holds-numerically, 4 not applicable": the verdicts counted in the order of the enum (which
    /// is from strongest to none), zero counts left out.</summary>
    public static string Summary(IEnumerable<Verdict> verdicts)
    {
        var counts = verdicts.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        var parts = Enum.GetValues<Verdict>().Where(counts.ContainsKey).Select(v => $"{counts[v]} {v switch
        {
            Verdict.Holds => "hold",
            Verdict.Counterexample => counts[v] == 1 ? "counterexample" : "counterexamples",
            Verdict.NotApplicable => "not applicable",
            _ => v.Name(),
        }}");
        return string.Join(", ", parts);
    }

    public static void Write(IAnsiConsole console, ClaimResult r)
    {
        string label = r.Verdict == Verdict.NotApplicable ? "not applicable (hypotheses fail; nothing checked, exit 0)" : r.Verdict.Name();
        console.MarkupLine($"verdict: [{Colour(r.Verdict)}]{Markup.Escape(label)}[/]");
        console.MarkupLine(Markup.Escape(r.Detail));
        var rows = r.Evidence is null ? [] : EvidenceRows(r.Evidence).ToList();
        if (rows.Count > 0)
        {
            var t = new Table().AddColumn("evidence").AddColumn("value");
            foreach (var (k, v) in rows) t.AddRow(Markup.Escape(k), Markup.Escape(v));
            console.Write(t);
        }
        if (r.Witness is not null)
            console.MarkupLine("witness: " + Markup.Escape(System.Text.Json.JsonSerializer.Serialize(r.Witness, JsonOutput.Options)));
        if (r.Certificates is { Count: > 0 })
        {
            // Dozens of files for a proof over many pattern pieces: list a few, always say where they are and how to re-run them.
            foreach (var c in r.Certificates.Take(10)) console.MarkupLine("certificate: " + Markup.Escape(c));
            var dirs = r.Certificates.Select(c => Path.GetDirectoryName(c) ?? ".").Distinct().ToList();
            console.MarkupLine($"{r.Certificates.Count} certificate file(s) in {Markup.Escape(string.Join(", ", dirs))}; re-run: [grey]for f in {Markup.Escape(dirs[0])}/*.smt2; do z3 $f; done[/] (each file's \"; expected:\" line gives the answer)");
        }
    }
}
