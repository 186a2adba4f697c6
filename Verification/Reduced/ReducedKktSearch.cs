using Checker.Verification.Contracts;

namespace Checker.Verification.Reduced;

/// <summary>
/// Every KKT point of a reduced problem (docs/theory.md#reduced-problem) by exact branch and bound over cones of directions
/// (<see cref="DirectionBoxSearch"/>), for the value signs +, −, 0 in turn. The search is exhaustive by construction, so
/// <c>Complete</c> means proved; the SMT enumeration (<see cref="ReducedKktEnumerator"/>) stays as the independent
/// cross-check, and a complete search returns, per value sign, the SMT-LIB2 statement "a KKT point whose pattern is
/// none of those listed" that a stock solver must answer unsat (written by Certificates.ReducedCertificates).
/// </summary>
public static class ReducedKktSearch
{
    /// <summary>Runs the engine that <see cref="ReducedKktOptions.Engine"/> selects.</summary>
    /// <summary>Runs the engine that <see cref="ReducedKktOptions.Engine"/> selects; both solve the independent-slope outer
    /// bound, and <see cref="ReducedClarke.Filter"/> keeps the Clarke KKT points (docs/theory.md §5).</summary>
    public static ReducedKktResult Run(ReducedProblem problem, ReducedKktOptions options, IProgress<CheckProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ReducedClarke.Filter(options.Engine == ReducedKktEngine.Smt
            ? ReducedKktEnumerator.Enumerate(problem, options, progress, cancellationToken)
            : Enumerate(problem, options, progress, cancellationToken));

    public static ReducedKktResult Enumerate(ReducedProblem problem, ReducedKktOptions options, IProgress<CheckProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var scaled = ScaledData.Create(problem);
        // f ≡ 0 is one continuum, reported as the SMT engine reports it; data too large for the 128-bit hot path go to the
        // SMT enumeration rather than to a slower, untested arbitrary-precision variant.
        if (ReducedKktEnumerator.IdenticallyZero(problem) || scaled is null)
        {
            var r = ReducedKktEnumerator.Enumerate(problem, options, progress, cancellationToken);
            return scaled is null ? r with { Statistics = "data entries too large for the integer search; SMT enumeration used" } : r;
        }
        var search = new DirectionBoxSearch(problem, scaled, options, progress, cancellationToken);
        foreach (int eps in new[] { 1, -1, 0 })
        {
            search.Run(eps);
            if (!search.Complete) break;
        }
        var points = search.Points.OrderByDescending(p => p.ValueSign).ThenByDescending(p => p.ValueSign * p.ValueSquared)
            .ThenBy(p => p.Pattern, StringComparer.Ordinal).ThenBy(p => string.Join(",", p.Direction), StringComparer.Ordinal).ToList();
        string reason = search.Reason;
        if (search.Complete && search.Families.Count > 0)
            reason = $"continuum: {search.Families.Count} famil{(search.Families.Count == 1 ? "y" : "ies")} of KKT points (degenerate data); the points and families listed are all there are";
        // Per value sign, "a KKT point whose pattern is none of those found": unsat when the list is complete.
        var completeness = search.Complete
            ? new[] { 1, -1, 0 }.Select(eps => new CompletenessStatement(eps, search.PatternsBySign[eps].Count,
                new Solvers.SmtQuery($"reduced-{string.Concat(problem.Signs.Select(s => s > 0 ? 'p' : 'm'))}-{DirectionBoxSearch.SignName(eps)}-completeness",
                    search.CompletenessStatement(eps, search.PatternsBySign[eps]), []))).ToList()
            : [];
        string solver = search.Queries > 0 ? $"search+{options.Solver.Name}" : "search";
        return new ReducedKktResult(problem, points, search.Families, search.Complete, reason, solver, search.Queries,
            ReducedKktEnumerator.Degeneracies(problem), sw.Elapsed)
        {
            Completeness = completeness,
            Statistics = $"{search.Boxes} cones, {search.Leaves} enumerated, {search.Candidates} candidate patterns, {search.JointPruned} of {search.JointTried} joint tests pruned, {search.SolverCones} cones and {search.Queries} queries to the solver",
        };
    }
}
