using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Verification.Certificates;
using Checker.Verification.Euler;
using Checker.Verification.Solvers;

namespace Checker.Verification.Claims;

/// <summary>
/// The Euler identities of docs/theory.md#c1-euler-identity on every pattern piece y_i·H_s(x_i), proved one of two ways within a budget, with
/// the `.smt2` certificates a stock z3 re-runs (<see cref="EulerCertificates"/>). Shared by C1, C2 and C3.
/// <list type="number">
/// <item><b>polynomial expansion</b> in C# (<see cref="EulerPieceIdentities"/>), first half of the budget: milliseconds
/// on small nets; certificates are written afterwards.</item>
/// <item><b>SMT</b>, when the expansion is too large or too slow (deep polynomial nets: Λ = 40 pieces expand to huge
/// polynomials): the same piece queries that become the certificates go to the solver (--solver); unsat of every group
/// is the proof. Measured: a polyrelu:3 [2,2,2,2,1] net that the expansion does not finish in 40 s, z3 proves in ~17 s.</item>
/// </list>
/// </summary>
public static class EulerProof
{
    public sealed record Result(
        bool Proved,
        string Method,
        int PiecesChecked,
        int SamplesSkipped,
        string? Failure,
        Checker.Verification.Euler.EulerPieceFailure? Witness,
        string? NotCompleted,
        IReadOnlyList<string> Certificates);

    // Proofs already completed in this process, per instance object (verify runs C1, C2, C3 on one instance): the
    // expansion proves both identities at once, an SMT proof of Identity.Both implies the other two forms.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Instance, Result> Proved = new();

    /// <param name="proof">The time the proof may take (default: the whole context budget): when it ends the proof stops and says how far it got (the
    /// caller's context token stops it outright).</param>
    /// <param name="expand">Which route runs first: null, the polynomial expansion for its <see cref="BudgetStage"/> (by Λ, see
    /// below) then SMT; false, straight to the SMT route; true, the expansion with the whole budget (tests and benchmarks
    /// compare the two routes).</param>
    public static Result Run(Instance instance, CheckContext context, EulerCertificates.Identity identity, Budget? proof = null, bool? expand = null)
    {
        proof ??= context.Budget;
        var (options, claim, progress, ct) = (context.Options, context.ClaimId, context.Progress, context.Cancellation);
        if (expand is null && Proved.TryGetValue(instance, out var earlier) && (earlier.Method.StartsWith("polynomial") || earlier.Method.Contains("Both")
                                                              || earlier.Method.Contains(identity.ToString())))
        {
            // The certificate files state this claim's identity; each is implied by (a disjunct-subset of) the proved one.
            var files = options.CertificateDirectory is { } d ? EulerCertificates.WritePieces(instance, d, claim, identity, ct) : [];
            return earlier with { Method = earlier.Method + ", proved earlier in this run", Certificates = files };
        }
        var result = RunUncached(instance, options, claim, identity, proof, progress, ct, expand);
        if (result.Proved) Proved.AddOrUpdate(instance, result);
        return result;
    }

    /// <summary>Null when the pattern pieces of <paramref name="instance"/> are few enough to enumerate
    /// (<see cref="C1EulerCheck.MaxPieces"/>); otherwise why not.</summary>
    public static string? TooManyPieces(Instance instance)
    {
        var net = instance.Network;
        var perSample = EulerPieceIdentities.PiecesPerSample(net);
        var pieces = perSample * instance.SampleCount;
        return pieces <= C1EulerCheck.MaxPieces ? null
            : $"{pieces} pattern pieces (n = {instance.SampleCount} samples × {perSample} sign patterns of {net.HiddenNeurons} hidden neurons) exceed the limit of {C1EulerCheck.MaxPieces}";
    }

    private static Result RunUncached(Instance instance, CheckOptions options, string claim, EulerCertificates.Identity identity, Budget proof,
        IProgress<CheckProgress>? progress, CancellationToken ct, bool? expand)
    {
        // Both routes enumerate every piece (2^h sign patterns per sample), so beyond the limit neither can finish; say
        // so instead of starting (a [10,64,64,1] net has 2^128 patterns per sample, which no counter can even hold).
        if (TooManyPieces(instance) is { } tooMany)
            return new Result(false, "none", 0, instance.Labels.Count(y => y.IsZero), null, null, tooMany, []);
        // Expansion first: milliseconds for small Λ. For large Λ (deep polynomial nets) the expanded pieces explode while
        // z3 still decides the DAG form, so the expansion's stage is smaller there (BudgetStage.PolynomialExpansionHighDegree).
        using var expansion = expand switch
        {
            null => proof.For(instance.Network.Degree <= 10 ? BudgetStage.PolynomialExpansionBeforeSmt : BudgetStage.PolynomialExpansionHighDegree),
            false => proof.Slice(TimeSpan.Zero),
            true => proof.For(BudgetStage.Everything),
        };
        var o = EulerPieceIdentities.Check(instance, C1EulerCheck.MaxTermsPerPiece, progress, expansion.Token);
        if (o.Failure is not null)
            return new Result(false, "polynomial expansion", o.PiecesChecked, o.SamplesSkipped, o.Failure, o.Witness, null, []);
        if (o.Completed)
        {
            var files = options.CertificateDirectory is { } dir ? EulerCertificates.WritePieces(instance, dir, claim, identity, ct) : [];
            return new Result(true, "polynomial expansion", o.PiecesChecked, o.SamplesSkipped, null, null, null, files);
        }
        string expansionStop = o.TooBig is not null ? $"pieces too large to expand ({o.TooBig})" : $"expansion reached its share of the budget after {o.PiecesChecked} pieces";
        // The check's own time is up: the proof is not completed, which the claims report as such (never as a pass);
        // saying how far it got is more use to the reader than an exception.
        if (ct.IsCancellationRequested)
            return new Result(false, "polynomial expansion", o.PiecesChecked, o.SamplesSkipped, null, null, $"{expansionStop}; the check's time limit was reached", []);

        // The SMT route on the rest of the budget.
        var deadline = proof.Deadline;
        string error = "";
        var solver = options.Backend ?? SolverFactory.TryCreate(options.Solver, out error);
        if (solver is null) return new Result(false, "SMT", 0, o.SamplesSkipped, null, null, $"{expansionStop}; no solver ({error})", []);
        int groups = EulerCertificates.GroupCount(instance), done = 0, pieces = 0;
        var written = new List<string>();
        string? stop = null;
        var gate = new object();
        // Groups are independent queries; the solver layer is thread-safe (a context or process per call).
        try
        {
            Parallel.ForEach(EulerCertificates.PieceGroups(instance, claim, identity),
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, (g, state) =>
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    lock (gate) stop ??= $"the solver proved {Volatile.Read(ref done)} of {groups} piece groups before the time budget ran out";
                    state.Stop();
                    return;
                }
                var answer = solver.Solve(g.Query, left, ct);
                if (answer.Status != SmtStatus.Unsat)
                {
                    // A sat answer is not believed without an exact re-check: the caller's exact route (random/kink points) decides.
                    lock (gate) stop ??= answer.Status == SmtStatus.Sat
                        ? $"{answer.Solver} reports a violation in {g.FileName} (sat), not re-checked here"
                        : $"{answer.Solver} did not decide {g.FileName} ({answer.Reason})";
                    state.Stop();
                    return;
                }
                string? path = options.CertificateDirectory is { } dir ? EulerCertificates.Write(dir, g) : null;
                lock (gate)
                {
                    if (path is not null) written.Add(path);
                    pieces += g.Pieces;
                    done++;
                }
                progress?.Report(new CheckProgress($"{claim} Euler pieces by SMT", Volatile.Read(ref done), groups));
            });
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            stop ??= $"the check's time limit was reached after {Volatile.Read(ref done)} of {groups} piece groups";
        }
        written.Sort(StringComparer.Ordinal);
        if (stop is not null || done < groups)
            return new Result(false, "SMT", pieces, o.SamplesSkipped, null, null, $"{expansionStop}; {stop ?? "not all piece groups were decided"}", written);
        progress?.Report(new CheckProgress($"{claim} Euler pieces by SMT", done, groups));
        return new Result(true, $"SMT ({solver.Name}: unsat of all {groups} piece groups, identity {identity}; {expansionStop})", pieces, o.SamplesSkipped, null, null, null, written);
    }
}
