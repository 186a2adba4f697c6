using Checker.Verification.Contracts;
using Checker.Cli.Rendering;
using Checker.Cli.Reporting;
using Checker.Cli.Sharding;
using Checker.Symbolic.IO;
using Checker.Symbolic.Model;
using Checker.Verification.Claims;
using Checker.Verification.PointWise;
using Checker.Verification.Search;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>Options of `checker verify` (docs/cli.md); the run options come from <see cref="CertificateSettings"/>.</summary>
public sealed class VerifySettings : CertificateSettings
{
    [CommandArgument(0, "<INSTANCES>")]
    [Description("One or more instance files (JSON), see docs/cli.md; several give one table each and one exit code over all")]
    public string[] InstancePaths { get; init; } = [];

    [CommandOption("--format <FORMAT>")]
    [Description("Output: text (default), json (same as --json), latex (a booktabs verdict table for a paper's appendix), csv (RFC 4180)")]
    public string? Format { get; init; }

    [CommandOption("--at <WEIGHTS>")]
    [Description("Check the point-wise claims (C1, C2, C3, C10) at this weight file {\"layers\": …} instead of over the instance; the others are listed as not point-wise")]
    public string? At { get; init; }

    [CommandOption("--claims <LIST>")]
    [Description("Only these claims, comma-separated (e.g. C1,C2,C10); default all of C1–C10 (plus the conjectures with --conjectures)")]
    public string? Claims { get; init; }

    [CommandOption("--shard <K/N>")]
    [Description("Run only shard K of N (K = 0 … N-1): instance file t (counted from 0) runs in shard t mod N. Prints a shard file (JSON) for `checker merge`; exit 0 once written")]
    public string? Shard { get; init; }

    [CommandOption("--report <DIR>")]
    [Description("Write DIR/report.md with the instance, Λ, the NCF, the verdicts, the KKT points and plots of the flows")]
    public string? Report { get; init; }

    [CommandOption("--conjectures")]
    [Description("Also test the catalogue's conjectures (K1, K2, …); they never change the exit code")]
    public bool Conjectures { get; init; }

    /// <summary>The parsed --shard (validated), or null.</summary>
    public ShardSpec? ShardSpec => Shard is null ? null : ShardSpec.TryParse(Shard, out _);

    protected override void ValidateOptions()
    {
        base.ValidateOptions();
        OutputPaths.RequireWritableDirectory("--report", Report);
        if (InstancePaths.Length == 0) throw new UsageException("expected at least one instance file");
        VerifyCommand.OutputFormat(Format, Json);
        VerifyCommand.SelectedClaims(Claims);
        if (Shard is not null && ShardSpec.TryParse(Shard, out var shardError) is null) throw new UsageException("--shard: expected " + shardError);
        if (At is not null && InstancePaths.Length > 1) throw new UsageException("--at: a weight file belongs to one network; give exactly one instance file with --at");
        // Several instances write their reports and certificates to one subdirectory each, named after the file.
        var stems = InstancePaths.Select(Path.GetFileNameWithoutExtension).ToList();
        if (InstancePaths.Length > 1 && (Report ?? Certificates) is not null && stems.Distinct().Count() < stems.Count)
            throw new UsageException("--report/--certificates with several instances: each instance gets DIR/<file name without extension>, so the file names must differ; got "
                + string.Join(", ", stems.GroupBy(x => x).Where(g => g.Count() > 1).Select(g => g.Key)));
    }
}

/// <summary>
/// `checker verify INSTANCE…`: every claim C1–C10 of docs/theory.md#claims in one table (issue 5). Each claim's hypotheses are
/// decided first; a claim whose hypotheses fail is listed as not applicable with the reason. A claim without a checker
/// in this build is inconclusive, never a pass. Exit code per <see cref="VerdictNames.ExitCode"/> over the claims.
/// Conjectures (with --conjectures) are reported but do not affect the exit code: the paper does not claim them.
/// </summary>
public sealed class VerifyCommand : Command<VerifySettings>
{
    public override int Execute(CommandContext context, VerifySettings settings, CancellationToken cancellationToken)
    {
        string format = OutputFormat(settings.Format, settings.Json);
        var paths = settings.InstancePaths;
        var shard = settings.ShardSpec;
        var selected = SelectedClaims(settings.Claims);
        var subdirs = paths.Select(p => paths.Length == 1 ? "" : Path.GetFileNameWithoutExtension(p)).ToArray();

        // Read every owned file before any work: a bad file is exit 2 at once, not after an hour of claims.
        var owned = Enumerable.Range(0, paths.Length).Where(i => shard?.Owns(i) ?? true).ToList();
        var instances = owned.ToDictionary(i => i, i => InstanceReader.Read(paths[i]));
        var point = settings.At is null || instances.Count == 0 ? null : WeightReader.Read(settings.At, instances.Values.First().Network);

        var reports = new List<(int Index, VerifyReport Report)>();
        foreach (int i in owned)
        {
            if (paths.Length > 1) Console.Error.WriteLine($"[verify] {paths[i]} ({i + 1} of {paths.Length}{(shard is null ? "" : $", shard {shard}")})");
            string? Sub(string? dir) => dir is null ? null : Path.Combine(dir, subdirs[i]);
            reports.Add((i, VerifyOne(instances[i], settings, selected, Sub(settings.Certificates), Sub(settings.Report), point, cancellationToken)));
        }
        if (shard is not null)
        {
            new ShardFile
            {
                Command = "verify",
                ShardIndex = shard.Index,
                ShardCount = shard.Count,
                Parameters = ShardFile.ParametersOf(Parameters(settings)),
                Results = reports.Select(r => new VerifyShardItem(r.Index, r.Report, r.Report.Samples)).ToList(),
            }.Write();
            return CheckerApp.ExitHolds;
        }
        return VerifyRendering.Write(reports.Select(r => r.Report).ToList(), format);
    }

    /// <summary>--format and --json agree or the command refuses (one line, exit 2).</summary>
    internal static string OutputFormat(string? format, bool json)
    {
        if (format is null) return json ? "json" : "text";
        var f = format.ToLowerInvariant();
        if (!VerifyRendering.Formats.Contains(f)) throw new UsageException($"--format: expected one of {string.Join(", ", VerifyRendering.Formats)}, got \"{format}\"");
        if (json && f != "json") throw new UsageException($"--json and --format {f} ask for two outputs; give one");
        return f;
    }

    /// <summary>Every option that changes verify's verdicts: shards of one sweep must agree on all of them (merge checks).</summary>
    private static object Parameters(VerifySettings s) => new
    {
        instances = s.InstancePaths,
        seed = s.Seed,
        timeout_seconds = s.Timeout,
        solver = s.SolverName,
        certificates = s.Certificates,
        report = s.Report,
        conjectures = s.Conjectures,
        claims = s.Claims,
        at = s.At,
    };

    /// <summary>--claims: the ids asked for (null: all), each one known, or a usage error naming the stranger.</summary>
    internal static HashSet<string>? SelectedClaims(string? list)
    {
        if (list is null) return null;
        var known = ClaimRegistry.All.Select(c => c.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ids = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length == 0) throw new UsageException("--claims: expected a comma-separated list of claim ids such as C1,C2");
        var canonical = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in ids)
        {
            if (!known.TryGetValue(id, out var name)) throw new UsageException($"--claims: unknown claim \"{id}\"; expected one of {ClaimRegistry.Ids}");
            canonical.Add(name);
        }
        return canonical;
    }

    private static VerifyReport VerifyOne(Instance instance, VerifySettings settings, HashSet<string>? selected, string? certificates, string? reportDir, WeightPoint? point, CancellationToken cancellationToken)
    {
        var options = new CheckOptions { Seed = settings.Seed, TimeoutSeconds = settings.Timeout, Solver = settings.SolverName, Jobs = settings.Jobs, CertificateDirectory = certificates };
        // A conjecture named in --claims runs even without --conjectures: asking for it by name is explicit enough.
        var ids = ClaimRegistry.All.Where(c => selected is null ? settings.Conjectures || !c.IsConjecture : selected.Contains(c.Id)).Select(c => c.Id).ToList();
        VerifyPoint? at = null;
        if (point is not null)
        {
            at = new VerifyPoint(settings.At!, ids.Where(PointWiseClaims.IsPointWise).ToList(),
                ids.Where(id => !PointWiseClaims.IsPointWise(id)).ToDictionary(id => id, PointWiseClaims.WhyNot));
            ids = at.PointWise.ToList();
        }
        var rows = new List<ClaimRun>();
        foreach (var id in ids)
        {
            Console.Error.WriteLine($"[verify] {id}{(point is null ? "" : " at the point")} …");
            var claim = ClaimRegistry.Find(id)!;
            // One certificate subdirectory per claim (DIR/C2/…): each check numbers its own solver queries from 0001, so a
            // shared directory would let one claim's files overwrite another's.
            var claimOptions = options.CertificateDirectory is { } certRoot ? options with { CertificateDirectory = Path.Combine(certRoot, claim.Id) } : options;
            rows.Add(point is null
                ? ProgressDisplay.Show($"verify {claim.Id}", progress => ClaimRunner.Run(claim, instance, claimOptions, progress, cancellationToken, CheckerApp.Debugging))
                : RunAt(id, instance, point, settings.At!, options, cancellationToken));
        }
        var claimVerdicts = rows.Where(r => !r.Conjecture).Select(r => r.Result.Verdict);
        int code = VerdictNames.ExitCode(claimVerdicts);

        string? reportPath = null;
        if (reportDir is not null)
        {
            Console.Error.WriteLine("[verify] writing the report (KKT points and flows) …");
            reportPath = ReportWriter.Write(reportDir, instance, rows, options, cancellationToken);
        }
        return VerifyReport.From(instance, rows, options, at, reportPath, code);
    }

    /// <summary>One point-wise claim at the user's point, with a time limit; a timeout is inconclusive.</summary>
    internal static ClaimRun RunAt(string id, Instance instance, WeightPoint point, string weightsFile, CheckOptions options, CancellationToken ct)
    {
        var outcome = ProgressDisplay.Run($"{id} at the point", TimeSpan.FromSeconds(options.TimeoutSeconds), (progress, token) =>
        {
            try { return PointWiseClaims.Check(id, instance, point, weightsFile, options, progress, token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            { return new ClaimResult(id, Verdict.Inconclusive, $"time limit of {options.TimeoutSeconds} s reached; no verdict"); }
        }, ct);
        var result = outcome.TimedOut || outcome.Result is null
            ? new ClaimResult(id, Verdict.Inconclusive, $"time limit of {options.TimeoutSeconds} s reached and the check did not stop; no verdict (use --timeout to allow more)")
            : outcome.Result;
        return new ClaimRun(ClaimRegistry.Find(id)!, result, outcome.Elapsed);
    }
}
