namespace Checker.Verification.Contracts;

/// <summary>
/// A named part of a claim's time budget: <see cref="Parts"/> of <see cref="Of"/> of the time remaining when the stage
/// starts, for <see cref="Purpose"/>. The stages every claim uses are listed here, so the time policy of all claims reads
/// in one place (docs/cli.md#time-limits) and no checker writes a bare fraction.
/// </summary>
public sealed record BudgetStage
{
    public string Purpose { get; }
    public int Parts { get; }
    public int Of { get; }

    /// <summary>The stage lasts at least this long (still ending no later than its parent), so a stage that must start
    /// some work before it can stop usefully gets the chance on a nearly spent budget.</summary>
    public TimeSpan Minimum { get; init; }

    public BudgetStage(string purpose, int parts, int of)
    {
        if (!(parts >= 1 && parts <= of)) throw new ArgumentOutOfRangeException(nameof(parts), parts, $"a stage is k of n parts with 1 ≤ k ≤ n (n = {of})");
        (Purpose, Parts, Of) = (purpose, parts, of);
    }

    public override string ToString() => $"{Purpose} ({Parts}/{Of} of the remaining time)";

    /// <summary>C1: the symbolic proof of Euler's identity; if it cannot finish, the rest goes to random rational points,
    /// so a large instance still gets (clearly labelled, weaker) evidence.</summary>
    public static readonly BudgetStage EulerProofBeforeRandomPoints = new("the symbolic Euler proof, then random points", 3, 4);

    /// <summary>C2 and C3 on kinked nets of depth ≥ 2: the general argument (Euler on every pattern piece), then the
    /// concrete rank-one KKT points with the other half.</summary>
    public static readonly BudgetStage GeneralArgumentBeforeConcretePoints = new("the general Euler argument, then the concrete KKT points", 1, 2);

    /// <summary>Inside the Euler proof (docs/theory.md#c1-euler-identity): the polynomial expansion of the pieces before the
    /// SMT route, when Λ ≤ 10 (milliseconds there).</summary>
    public static readonly BudgetStage PolynomialExpansionBeforeSmt = new("the polynomial expansion, then SMT on the DAG form", 1, 2) { Minimum = TimeSpan.FromSeconds(0.5) };

    /// <summary>The same for Λ &gt; 10: the expanded pieces explode while z3 still decides the DAG form (measured on
    /// polyrelu:3 [2,2,2,2,1], Λ = 40: 34 of 128 pieces expanded in 30 s, z3 all 4 groups in 17 s).</summary>
    public static readonly BudgetStage PolynomialExpansionHighDegree = new("the polynomial expansion of a high-degree net, then SMT", 1, 5) { Minimum = TimeSpan.FromSeconds(0.5) };

    /// <summary>C5: the rank-one case split over factor sign classes; the rest for the off-kink follow-up of a witness.</summary>
    public static readonly BudgetStage RankOneCaseSplit = new("the rank-one case split, then the off-kink follow-up", 3, 4);

    /// <summary>C5: the longest one query of the case split may take, as 1/n of the claim's remaining budget.</summary>
    public const int CaseSplitQueryLimitOf = 4;

    /// <summary>C6: every solver query; the last tenth is left for assembling the result and its certificates, since the
    /// command cancels the claim at 100 %.</summary>
    public static readonly BudgetStage SolverQueriesBeforeReport = new("the solver queries, then the report", 9, 10);
}
