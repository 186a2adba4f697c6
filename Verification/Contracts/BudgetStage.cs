namespace Checker.Verification.Contracts;

/// <summary>
/// A named part of a claim's time budget: <see cref="Parts"/> of <see cref="Of"/> of the time remaining when the stage
/// starts, less <see cref="Reserve"/>, at least <see cref="Minimum"/>, for <see cref="Purpose"/>. The stages every claim
/// uses are listed here, so the time policy of all claims reads in one place (docs/cli.md#time-limits) and no checker
/// writes a bare fraction.
/// </summary>
public sealed record BudgetStage
{
    public string Purpose { get; }
    public int Parts { get; }
    public int Of { get; }

    /// <summary>Time left for what follows the stage (assembling the result), taken off its share.</summary>
    public TimeSpan Reserve { get; init; }

    /// <summary>The stage lasts at least this long, so a stage that must start some work before it can stop usefully gets
    /// the chance on a nearly spent budget.</summary>
    public TimeSpan Minimum { get; init; }

    /// <summary>With no more than this left, the stage takes all of it (too little to split).</summary>
    public TimeSpan AllWhenUnder { get; init; }

    public BudgetStage(string purpose, int parts, int of)
    {
        if (!(parts >= 1 && parts <= of)) throw new ArgumentOutOfRangeException(nameof(parts), parts, $"a stage is k of n parts with 1 ≤ k ≤ n (n = {of})");
        (Purpose, Parts, Of) = (purpose, parts, of);
    }

    public override string ToString() => $"{Purpose} ({Parts}/{Of} of the remaining time)";

    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HalfSecond = TimeSpan.FromSeconds(0.5);

    /// <summary>C1: the symbolic proof of Euler's identity; if it cannot finish, the rest goes to random rational points,
    /// so a large instance still gets (clearly labelled, weaker) evidence.</summary>
    public static readonly BudgetStage EulerProofBeforeRandomPoints = new("the symbolic Euler proof, then random points", 3, 4);

    /// <summary>C2 and C3 on kinked nets of depth ≥ 2: the general argument (Euler on every pattern piece), then the
    /// concrete rank-one KKT points with the other half.</summary>
    public static readonly BudgetStage GeneralArgumentBeforeConcretePoints = new("the general Euler argument, then the concrete KKT points", 1, 2);

    /// <summary>C2 when no concrete part follows: the general argument, with 2 s kept for the report.</summary>
    public static readonly BudgetStage GeneralArgumentAlone = new("the general Euler argument, then the report", 1, 1) { Reserve = TimeSpan.FromSeconds(2), Minimum = OneSecond };

    /// <summary>Inside the Euler proof (docs/theory.md#c1-euler-identity): the polynomial expansion of the pieces before the
    /// SMT route, when Λ ≤ 10 (milliseconds there).</summary>
    public static readonly BudgetStage PolynomialExpansionBeforeSmt = new("the polynomial expansion, then SMT on the DAG form", 1, 2) { Minimum = HalfSecond };

    /// <summary>The same for Λ &gt; 10: the expanded pieces explode while z3 still decides the DAG form (measured on
    /// polyrelu:3 [2,2,2,2,1], Λ = 40: 34 of 128 pieces expanded in 30 s, z3 all 4 groups in 17 s).</summary>
    public static readonly BudgetStage PolynomialExpansionHighDegree = new("the polynomial expansion of a high-degree net, then SMT", 1, 5) { Minimum = HalfSecond };

    /// <summary>A route forced to take the whole budget (tests and benchmarks comparing the Euler proof's routes).</summary>
    public static readonly BudgetStage Everything = new("all of it", 1, 1) { Minimum = HalfSecond };

    /// <summary>C2's concrete part, and C3's full-network search: everything but half a second for the report.</summary>
    public static readonly BudgetStage SearchBeforeReport = new("the concrete search, then the report", 1, 1) { Reserve = HalfSecond, Minimum = OneSecond };

    /// <summary>C3: the rank-one lifts, then the full-network KKT search with the rest.</summary>
    public static readonly BudgetStage RankOneLiftsBeforeFullNetwork = new("the rank-one lifts, then the full-network points", 1, 2) { Minimum = OneSecond };

    /// <summary>C5: the rank-one case split over factor sign classes; the rest for the off-kink follow-up of a witness.</summary>
    public static readonly BudgetStage RankOneCaseSplit = new("the rank-one case split, then the off-kink follow-up", 3, 4);

    /// <summary>C5: where a case split that left cases open may take them up again (docs/theory.md#rank-one-case-split):
    /// all but a tenth of the claim's time (measured when the split starts), the tenth kept for the report and the
    /// off-kink follow-up a sat leaf needs — the split's own three quarters end before it.</summary>
    public static readonly BudgetStage RankOneCaseSplitRetry = new("the open cases of the rank-one split again, then the report", 9, 10) { Reserve = HalfSecond };

    /// <summary>C5: the longest one query of the case split may take, so no single hard case uses up the split.</summary>
    public static readonly BudgetStage CaseSplitQuery = new("one query of the case split", 1, 4);

    /// <summary>C5: the off-kink query asked of a witness on a kink, leaving a fifth for the report.</summary>
    public static readonly BudgetStage OffKinkQuery = new("the off-kink query, then the report", 4, 5);

    /// <summary>C6: every solver query; the last tenth is left for assembling the result and its certificates, since the
    /// command cancels the claim at 100 %.</summary>
    public static readonly BudgetStage SolverQueriesBeforeReport = new("the solver queries, then the report", 9, 10);

    /// <summary>K1 on two-layer nets: the exact decision (docs/theory.md#k1-on-two-layer-nets), then the ascent as a
    /// fallback; with 10 s or less the decision takes it all.</summary>
    public static readonly BudgetStage TwoLayerDecisionBeforeAscent = new("the exact two-layer decision, then the ascent", 3, 5) { AllWhenUnder = TimeSpan.FromSeconds(10) };

    /// <summary>K2: the full-network KKT search for the certified points, then the flow.</summary>
    public static readonly BudgetStage KktSearchBeforeFlow = new("the KKT search, then the NCF flow", 1, 2);
}
