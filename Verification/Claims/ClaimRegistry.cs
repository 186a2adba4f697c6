namespace Checker.Verification.Claims;

/// <summary>
/// Every claim (C1–C11) and conjecture (K…) of docs/theory.md, one entry each: its statement and hypotheses as text a
/// reader can correct without touching code, the rule that decides the hypotheses on an instance
/// (<see cref="Hypotheses"/>), and its checker. `checker claims` lists this, `verify` runs its claims in this order
/// (and its conjectures with --conjectures), `check` and `search` look ids up here. Adding a claim is one entry here
/// and one <see cref="IClaimCheck"/> class.
/// </summary>
public static class ClaimRegistry
{
    /// <summary>Every entry: the claims C1–C11 in order, then the conjectures.</summary>
    public static IReadOnlyList<ClaimDefinition> All { get; } =
    [
        new("C1", "Euler identity",
            "u·∇N(u) = Λ N(u), and per layer ⟨W_l, ∇_{W_l} N⟩ = p^{L−l} N(u)",
            "any instance",
            "exact: a polynomial identity in every activation pattern when there are few enough pattern pieces, otherwise at seeded random rational points in realised patterns (and at kinks, for every Clarke choice)",
            ClaimKind.Claim, Hypotheses.Any, new C1EulerCheck()),
        new("C2", "KKT multiplier",
            "at every KKT point of max N(u) s.t. ‖u‖ = 1 (∇N(u) = λu, Clarke for p = 1), λ = Λ N(u)",
            "any instance",
            "exact",
            ClaimKind.Claim, Hypotheses.Any, new C2KktMultiplierCheck()),
        new("C3", "layer-norm law",
            "at every KKT point with N ≠ 0: ‖W_l‖_F² = p^{L−l}/Λ for every layer l",
            "any instance",
            "exact (SMT: no KKT point violates it)",
            ClaimKind.Claim, Hypotheses.Any, new C3LayerNormLawCheck()),
        new("C4", "rank-one sufficiency (p = 1)",
            "W_1 = s₁ L^{−½} a₁bᵀ, W_l = s_l L^{−½} a_l a_{l−1}ᵀ, W_L = s_L L^{−½} a_{L−1}ᵀ with unit a_l ≥ 0 and signs s_l is a KKT point with N > 0 iff b is a KKT point with positive value of the reduced problem max_{‖b‖=1} Σ_i y_i φ_s(x_iᵀb), φ_s(t) = s_L σ(s_{L−1} σ(… s_2 σ(s_1 t)))",
            "p = 1, a₊ = 1 > a₋ ≥ 0, L ≥ 2",
            "exact",
            ClaimKind.Claim, Hypotheses.LeakyRankOne, new C4RankOneSufficiencyCheck()),
        new("C5", "rank-one necessity (p = 1)",
            "in a rank-one KKT point with N > 0, consecutive factors align (b_{l+1} ∥ a_l), layers are balanced, and every a_l is sign-definite, except on degenerate data",
            "p = 1, a₊ = 1 > a₋ ≥ 0, L ≥ 2",
            "exact on an instance (SMT over the rank-one parametrisation); degenerate cases reported as such",
            ClaimKind.Claim, Hypotheses.LeakyRankOne, new C5RankOneNecessityCheck()),
        new("C6", "polynomial rank-one (p ≥ 2)",
            "with non-negative factors: KKT with N > 0 iff each a_l has equal-magnitude non-zero entries, factors align, norms follow C3, and b is a positive KKT point of the reduced problem; the value falls as supports grow, ∝ Π_l |S_l|^{−(p−1)p^{L−1−l}/2}",
            "p ≥ 2 (and L ≥ 2)",
            "exact on an instance (SMT, one query per closed cell of x_iᵀb = 0): necessity over every non-negative rank-one point (alignment not assumed), sufficiency and the value law per support-size choice with square roots as constrained variables; SAT models re-checked in rationals, undecided queries inconclusive",
            ClaimKind.Claim, Hypotheses.PolynomialRankOne, new C6PolynomialRankOneCheck()),
        new("C7", "NCF-flow trichotomy",
            "the NCF flow du/dτ = ∇N(u) either blows up at a finite τ* with u/‖u‖ tending to a positive KKT point, or tends to a non-zero KKT point with N = 0, or collapses to 0; started at a positive KKT point u*, ‖u(τ)‖ = (1 − Λ(Λ−2)N(u*)τ)^{−1/(Λ−2)} and τ* = 1/(Λ(Λ−2)N(u*))",
            "Λ > 2, p ≥ 2",
            "numeric",
            ClaimKind.Claim, Hypotheses.FlowTrichotomy, new C7FlowTrichotomyCheck()),
        new("C8", "early directional convergence",
            "for every ε there are T_ε, δ̄, C such that for δ < δ̄, ‖w(t)‖ ≤ Cδ on [0, T_ε/δ^{Λ−2}], and at T_ε/δ^{Λ−2} either ‖w‖ ≤ εδ or cos(w, u*) ≥ 1 − ε for a non-negative KKT point u*",
            "Λ > 2, ∇H locally Lipschitz",
            "numeric, cross-validated against exact KKT points",
            ClaimKind.Claim, Hypotheses.EarlyConvergence, new C8EarlyDirectionalConvergenceCheck()),
        new("C9", "escape-time scaling",
            "the time at which ‖w‖ first reaches a fixed multiple of δ behaves like τ*/δ^{Λ−2} as δ → 0",
            "Λ > 2, ∇H locally Lipschitz",
            "numeric fit of the exponent",
            ClaimKind.Claim, Hypotheses.EarlyConvergence, new C9EscapeScalingCheck()),
        new("C10", "conservation law",
            "along the training flow and the NCF flow, ‖W_l‖²/p^{L−l} − ‖W_k‖²/p^{L−k} is constant for every pair l, k",
            "any instance",
            "numeric, drift reported",
            ClaimKind.Claim, Hypotheses.Any, new C10ConservationCheck()),
        new("C11", "non-smooth cross-validation",
            "from seeded small starts the NCF flow (Filippov solutions, sliding on kinks included) either collapses or converges in direction to a non-negative Clarke KKT point of the constrained NCF, and that point is one Checker certifies exactly",
            "p = 1, a₊ ≠ a₋, L ≥ 2",
            "numeric flows cross-validated against exactly certified Clarke KKT points (cosine ≥ 1 − 10⁻³); a limit that matches no certified point is a finding (inconclusive, start and direction reported)",
            ClaimKind.Claim, Hypotheses.KinkConjecture, new C11NonsmoothCrossValidationCheck()),
        new("K1", "rank-one KKT points (conjecture)",
            "every positive KKT point of the full network (N > 0) is rank-one in every layer",
            "p = 1 (exact certificates), L ≥ 2",
            "exact: on two-layer nets decided exactly from the complete reduced enumerations of ±F (docs/theory.md#k1-on-two-layer-nets); deeper nets: KKT points from seeded sphere ascents, certified in rational arithmetic or on their kink face; a certified positive point with a layer of rank ≥ 2 is a counterexample (docs/theory.md#c5-rank-one-necessity 'except on degenerate data' predicts them on symmetric data)",
            ClaimKind.Conjecture, Hypotheses.RankOneConjecture, new K1RankOneCheck()),
        new("K2", "NCF flow finds the global maximiser (conjecture)",
            "the NCF flow from a random start reaches (in direction) a global maximiser of N on the unit sphere",
            "Λ ≥ 2",
            "numeric flow from a seeded start, its limit direction certified exactly, compared exactly with the best certified KKT point from many sphere ascents",
            ClaimKind.Conjecture, Hypotheses.GlobalMaximiserConjecture, new K2GlobalMaximiserCheck()),
        new("K3", "C4's converse at essential kinks (conjecture)",
            "every rank-one Clarke KKT point with N > 0, also where N is not differentiable (an essential kink), is the lift of a positive KKT point of the reduced problem",
            "p = 1, a₊ ≠ a₋, L ≥ 2",
            "exact: rank-one candidates with b on a kink decided by the Clarke engine (adjacency by arcs, membership by exact LP); a Clarke KKT point whose b is no positive reduced KKT point is a counterexample (docs/theory.md#k3-c4s-converse-at-essential-kinks)",
            ClaimKind.Conjecture, Hypotheses.KinkConjecture, new KinkConjectureCheck(necessity: false)),
        new("K4", "C5 at essential kinks (conjecture)",
            "in a rank-one Clarke KKT point with N > 0, also at an essential kink, every a_l is sign-definite and consecutive factors align",
            "p = 1, a₊ ≠ a₋, L ≥ 2",
            "exact: rank-one candidates with b on a kink and a mixed-sign first factor, decided by the Clarke engine; a Clarke KKT point is a counterexample (docs/theory.md#k4-c5-at-essential-kinks)",
            ClaimKind.Conjecture, Hypotheses.KinkConjecture, new KinkConjectureCheck(necessity: true)),
    ];

    public static IEnumerable<ClaimDefinition> Claims => All.Where(c => c.Kind == ClaimKind.Claim);

    public static IEnumerable<ClaimDefinition> Conjectures => All.Where(c => c.Kind == ClaimKind.Conjecture);

    public static ClaimDefinition? Find(string id) => All.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The ids, for messages that list what a command accepts.</summary>
    public static string Ids => string.Join(", ", All.Select(c => c.Id));
}
