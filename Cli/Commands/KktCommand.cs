using Checker.Cli.Rendering;
using Checker.Symbolic.IO;
using Checker.Symbolic.Model;
using Checker.Verification.Certificates;
using Checker.Verification.Reduced;
using Checker.Verification.Solvers;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>
/// `checker kkt INSTANCE --reduced [--signs …]`: every KKT point of the reduced problem (docs/theory.md#reduced-problem) with a
/// completeness proof. Exit 0 when every requested enumeration is complete, 3 when any is not (timeout, unknown,
/// continuum). The full-network form (`checker kkt INSTANCE`) is a separate branch, <see cref="FullNetwork"/>.
/// </summary>
public sealed class KktCommand : Command<KktSettings>
{
    public override int Execute(CommandContext context, KktSettings settings, CancellationToken cancellationToken)
    {
        var solver = SolverFactory.TryCreate(settings.SolverName, out var solverError) ?? throw new UsageException(solverError);
        var instance = InstanceReader.Read(settings.InstancePath);
        if (settings.At is not null) return KktAtPoint.Run(instance, settings, solver);
        if (!settings.Reduced) return FullNetwork(instance, settings);
        if (!ReducedProblem.Applies(instance, out var why)) throw new UsageException("--reduced: " + why);
        var engine = settings.Engine switch
        {
            "search" => ReducedKktEngine.Search,
            "smt" => ReducedKktEngine.Smt,
            _ => throw new UsageException($"--engine: expected search or smt, got \"{settings.Engine}\""),
        };
        var signVectors = settings.Signs is null ? ReducedProblem.AllSignVectors(instance.Network.Depth).ToList() : [ParseSigns(settings.Signs, instance.Network.Depth)];
        if (settings.Certificates is { } dir) solver = new CertifyingSolver(solver, dir);
        var limit = settings.TimeLimit;
        var deadline = DateTime.UtcNow + limit;
        var written = new List<string>();
        var outcome = ProgressDisplay.Run("kkt --reduced", limit, (progress, token) =>
        {
            var shared = new SharedSlopeEnumerations();
            return signVectors.Select(s => shared.For(ReducedProblem.Create(instance, s), problem =>
            {
                var r = ReducedKktSearch.Run(problem, new ReducedKktOptions(solver) { Deadline = deadline, QueryLimit = limit, RandomSeed = settings.Seed, Engine = engine }, progress, token);
                if (settings.Certificates is { } certificateDir) written.AddRange(ReducedCertificates.WriteCompleteness(r, certificateDir));
                return r;
            })!).ToList();
        }, cancellationToken);
        if (outcome.TimedOut || outcome.Result is null)
        {
            Console.Error.WriteLine($"checker: time limit of {settings.Timeout} s reached; no complete list (use --timeout to allow more)");
            if (settings.Json) JsonOutput.Write(new { instance = instance.Name, complete = false, reason = "time limit reached", solver = solver.Name, points = Array.Empty<object>() });
            return CheckerApp.ExitInconclusive;
        }
        var all = outcome.Result;
        var certificates = solver is CertifyingSolver cs ? cs.Written.Concat(written).Distinct().ToList() : null;
        // Say which engine proved the list: the search names the solver only as its fallback for degenerate patterns.
        var label = engine == ReducedKktEngine.Search ? $"search (exact box search; {solver.Name} for degenerate patterns)" : solver.Name;
        if (settings.Json) JsonOutput.Write(KktRendering.Json(instance, all, label, settings.Seed, settings.Signs is null, certificates, outcome.Elapsed));
        else KktRendering.Write(Consoles.Stdout(), instance, all, label, settings.Seed, certificates, outcome.Elapsed);
        return all.All(r => r.Complete) ? CheckerApp.ExitHolds : CheckerApp.ExitInconclusive;
    }

    /// <summary>`checker kkt INSTANCE` without --reduced: KKT points of the full network (docs/cli.md#kkt), provided by the
    /// full-network work; until it is wired here the command says so instead of guessing.</summary>
    private static int FullNetwork(Instance instance, KktSettings settings) => KktFullNetwork.Run(instance, settings);

    internal static int[] ParseSigns(string text, int depth)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != depth)
            throw new UsageException($"--signs: expected {depth} comma-separated signs (one per layer, each +1 or -1), got \"{text}\"");
        return parts.Select(p => p switch
        {
            "1" or "+1" or "+" => 1,
            "-1" or "-" => -1,
            _ => throw new UsageException($"--signs: expected +1 or -1 for every layer, got \"{p}\" in \"{text}\""),
        }).ToArray();
    }
}
