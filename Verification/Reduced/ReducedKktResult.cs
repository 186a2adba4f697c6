namespace Checker.Verification.Reduced;

/// <summary>
/// Every KKT point of one reduced problem. <see cref="Complete"/> is true only when the final "another KKT point" queries
/// were UNSAT: the isolated points plus the continua in <see cref="Families"/> are then all the KKT points there are.
/// <see cref="Continuum"/> flags that some KKT points are not isolated (degenerate data); <see cref="Reason"/> says why
/// the list is not complete, or describes the continuum. <see cref="Degeneracies"/> lists
/// degenerate features of the data (zero or parallel inputs, Xy = 0, f ≡ 0).
/// </summary>
public sealed record ReducedKktResult(
    ReducedProblem Problem,
    IReadOnlyList<ReducedKktPoint> Points,
    IReadOnlyList<ReducedKktFamily> Families,
    bool Complete,
    string Reason,
    string Solver,
    int Queries,
    IReadOnlyList<string> Degeneracies,
    TimeSpan Elapsed)
{
    public bool Continuum => Families.Count > 0;
    /// <summary>Completeness statements for a stock solver, one per value sign (complete box search only).</summary>
    public IReadOnlyList<CompletenessStatement> Completeness { get; init; } = [];
    /// <summary>Work done by the engine, for the user (cones visited, candidates, solver fallbacks).</summary>
    public string Statistics { get; init; } = "";
    /// <summary>Points and continua of the independent-slope outer bound that are not Clarke KKT points (dropped).</summary>
    public int DroppedByClarke { get; init; }
}
