namespace Checker.Verification.Reduced;

/// <summary>
/// Every KKT point of one reduced problem. <see cref="Complete"/> is true only when the final "another KKT point" query
/// was UNSAT and no continuum was found; <see cref="Reason"/> says otherwise why not. <see cref="Degeneracies"/> lists
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
    TimeSpan Elapsed);
