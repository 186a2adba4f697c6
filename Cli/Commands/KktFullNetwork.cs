using Checker.Cli.Rendering;
using Checker.Symbolic.Model;
using Checker.Verification.Certificates;
using Checker.Verification.FullNetwork;
using Checker.Symbolic.Numbers;
using Spectre.Console;

namespace Checker.Cli.Commands;

/// <summary>
/// The full-network branch of `checker kkt INSTANCE` (docs/cli.md#kkt, issue 5): KKT points from seeded sphere ascents, each
/// certified exactly or listed as uncertified with the reason, with their classification. Exit 0 when every point found
/// is certified, 3 when any is not or the time limit cut the search (the list is never claimed complete).
/// </summary>
public static class KktFullNetwork
{
    public const int Starts = 24;

    public static int Run(Instance instance, KktSettings settings)
    {
        var outcome = ProgressDisplay.Run("kkt", settings.TimeLimit, (progress, token) =>
            FullNetworkKkt.Find(instance, new FullNetworkKktOptions { Starts = Starts, Seed = settings.Seed, TimeoutSeconds = settings.Timeout, Solver = settings.SolverName }, progress, token));
        if (outcome.TimedOut || outcome.Result is null)
        {
            Console.Error.WriteLine($"checker: time limit of {settings.Timeout} s reached; no result (use --timeout to allow more)");
            if (settings.Json) JsonOutput.Write(new { instance = instance.Name, seed = settings.Seed, complete = false, timed_out = true, points = Array.Empty<object>() });
            return CheckerApp.ExitInconclusive;
        }
        var r = outcome.Result;
        var files = WriteCertificates(instance, r, settings.Certificates);
        var weightFiles = settings.Out is { } dir ? KktPointFiles.Write(dir, r) : [];
        int code = r.Points.Count > 0 && r.Points.All(p => p.Certified) && !r.TimedOut ? CheckerApp.ExitHolds : CheckerApp.ExitInconclusive;
        if (settings.Json)
        {
            JsonOutput.Write(new
            {
                instance = instance.Name,
                seed = settings.Seed,
                starts = r.Starts,
                complete = false,
                timed_out = r.TimedOut,
                elapsed_seconds = Math.Round(r.Seconds, 3),
                certified = r.CertifiedCount,
                candidates = r.Candidates,
                certified_candidates = r.CertifiedCandidates,
                points = r.Points.Select((p, k) => Json(p, files.GetValueOrDefault(k), weightFiles.GetValueOrDefault(k))),
                out_directory = settings.Out,
            });
            return code;
        }
        var console = Consoles.Stdout();
        console.MarkupLine($"[bold]{Markup.Escape(instance.Name)}[/]: {Markup.Escape(instance.Network.ToString())}, Λ = {instance.Network.Degree}; {r.Starts} seeded sphere ascents (seed {settings.Seed}), {r.Seconds:F1} s{(r.TimedOut ? ", [yellow]stopped at the time limit[/]" : "")}; {r.CertifiedCandidates} of {r.Candidates} distinct candidates certified");
        console.MarkupLine("[grey]Candidates merged up to hidden-neuron permutations; each certified exactly (rational point with ∇_(W_l)N = μ_l W_l, re-checked; for p ≥ 2 a Krawczyk proof of exactly one KKT point in a box, value digits all proved) or listed with the reason. Not a complete list.[/]");
        // Short cells in the table (one line per point at 80 columns); the long per-point text goes below it, one
        // paragraph per point, wrapped at words instead of cut inside cells.
        var t = new Table().Border(TableBorder.Simple).AddColumn("#").AddColumn("certified").AddColumn("N(u)").AddColumn("starts").AddColumn("ranks").AddColumn("r1 sd al").AddColumn("C3");
        foreach (var column in t.Columns) column.NoWrap();
        var notes = new List<string>();
        int k = 0;
        foreach (var p in r.Points)
        {
            k++;
            if (p.Certified)
            {
                var c = p.Classification!;
                t.AddRow(k.ToString(), "[green]yes[/]", Markup.Escape(c.Value.Length > 12 ? c.Value[..11] + "…" : c.Value), p.Starts.ToString(), string.Join(",", c.LayerRanks),
                    $"{Yn(c.RankOne)}  {Yn(c.SignDefinite)}  {Yn(c.Aligned)}", c.NormLaw ? "holds" : "[red]fails[/]");
                notes.Add($"#{k}: b, signs = {ReducedText(c)}; " + (p.Family is not null ? "family (p = 1 continuum)" : p.Enclosure is not null ? "Krawczyk box" : p.Method)
                    + (c.ReducedPoint is null || p.Enclosure is not null ? "" : "; reduced: " + c.ReducedPoint));
            }
            else
            {
                t.AddRow(k.ToString(), "[yellow]no[/]", Markup.Escape($"≈{p.NumericNcf:G8}"), p.Starts.ToString(), "", "", "");
                notes.Add($"#{k}: not certified: {p.Reason ?? ""}");
            }
        }
        console.Write(t);
        if (settings.Out is not null)
            console.MarkupLine($"{weightFiles.Values.Sum(f => f.Count)} weight file(s) of {weightFiles.Count} certified point(s) written to {Markup.Escape(settings.Out)} (kkt-point-K.json: the KKT point exactly; .approx/.box-centre: a rational point near an irrational one, .unnormalised: its exact certificate; {KktPointFiles.Manifest} lists them)");
        console.MarkupLine("[grey]r1 sd al: every layer rank-one, sign-definite, aligned (y/n, - when undecided); C3: the layer-norm law; N(u) exact, cut to 12 characters (--json has it whole)[/]");
        foreach (var note in notes) console.MarkupLine(Markup.Escape(note));
        if (files.Count > 0) console.MarkupLine($"[grey]{files.Count} SMT-LIB2 statement(s) of Krawczyk-certified points written to {Markup.Escape(settings.Certificates!)} (expected sat; the proof is the Krawczyk test)[/]");
        console.MarkupLine($"[grey]exit {code}[/]");
        return code;
    }

    private static string Yn(bool? b) => b switch { true => "y", false => "n", null => "-" };

    private static string ReducedText(KktClassification c)
    {
        string signs = c.Signs is null ? "" : $" ({string.Join(",", c.Signs.Select(s => s > 0 ? "+" : s < 0 ? "-" : "0"))})";
        if (c.ReducedDirection is { } b) return $"({string.Join(", ", b.Select(x => x.ToString()))}){signs}";
        if (c.ReducedDirectionDecimal is { } bd)
            return $"≈({string.Join(", ", bd.Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture).ToString("G4", System.Globalization.CultureInfo.InvariantCulture)))}){signs}";
        return "-";
    }

    private static object? EnclosureJson(KktEnclosure? e) => e is null ? null : new
    {
        proof = e.Proof,
        radius = e.Radius.ToString(),
        support_size = e.Support.Length,
        support = e.Support,
        ncf_interval = new[] { e.Ncf.Lo.ToDecimalString(40), e.Ncf.Hi.ToDecimalString(40) },
        lambda_interval = new[] { e.Lambda.Lo.ToDecimalString(40), e.Lambda.Hi.ToDecimalString(40) },
        weights_centre = e.Weights.Select(w => ((w.Lo + w.Hi) / 2).ToDecimalString(30)).ToArray(),
        weights_half_width = e.Weights.Select(w => ((w.Hi - w.Lo) / 2).ToDecimalString(3)).ToArray(),
        pattern = e.Pattern,
        straddling_preactivations = e.StraddlingPreactivations,
        twin_classes = e.Twins.Select(t => t.Select(c => c.Select(j => j + 1).ToArray()).ToArray()).ToArray(),
    };

    /// <summary>--certificates DIR: one QF_NRA statement per Krawczyk-certified point (<see cref="KktPointCertificate"/>).</summary>
    private static Dictionary<int, string> WriteCertificates(Instance instance, FullNetworkKktResult r, string? dir)
    {
        var files = new Dictionary<int, string>();
        if (dir is null) return files;
        try
        {
            Directory.CreateDirectory(dir);
            for (int k = 0; k < r.Points.Count; k++)
                if (r.Points[k].Enclosure is { } e) files[k] = KktPointCertificate.Write(dir, $"kkt-point-{k + 1}.smt2", instance, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        { throw new UsageException($"--certificates: expected a writable directory, \"{dir}\" cannot be written ({e.Message})"); }
        return files;
    }

    private static object Json(FullNetworkKktPoint p, string? certificateFile, List<string>? weightFiles)
    {
        var c = p.Certificate;
        var cls = p.Classification;
        var net = c?.Point.Network;
        return new
        {
            certified = p.Certified,
            method = p.Method,
            reason = p.Reason,
            starts = p.Starts,
            value = cls?.Value,
            value_squared = c?.ValueSquared.ToString(),
            positive = cls?.Positive,
            weights = c?.Point.ToLayers(),
            layer_scales_squared = c is null ? null : Enumerable.Range(1, net!.Depth).Select(l => c.LayerScaleSquared(l).ToString()).ToArray(),
            layer_ranks = cls?.LayerRanks,
            rank_one = cls?.RankOne,
            sign_definite = cls?.SignDefinite,
            aligned = cls?.Aligned,
            norm_law = cls?.NormLaw,
            layer_norm_shares = cls?.LayerNormShares,
            support_sizes = cls?.SupportSizes,
            reduced_direction = cls?.ReducedDirection?.Select(x => x.ToString()).ToArray(),
            signs = cls?.Signs,
            reduced_pattern = cls?.ReducedPattern,
            family = p.Family,
            cosine_to_candidate = p.Cosine,
            numeric_ncf = p.NumericNcf,
            irrelevant_kinks = c?.IrrelevantKinks,
            enclosure = EnclosureJson(p.Enclosure),
            certificate = certificateFile,
            rank_evidence = cls?.RankEvidence,
            reduced_direction_approx = cls?.ReducedDirectionDecimal,
            reduced_point = cls?.ReducedPoint,
            reduced_point_index = cls?.ReducedPointIndex,
            weight_files = weightFiles,
        };
    }
}
