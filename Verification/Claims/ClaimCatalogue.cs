using System.Numerics;
using Checker.Symbolic.Model;

namespace Checker.Verification.Claims;

/// <summary>
/// The claims of docs/theory.md#claims as data (`checker claims` lists them). Statements follow that page's table word for word where
/// possible; when the theory changes, change the text here and there. Conjectures (<see cref="ClaimKind.Conjecture"/>) are added
/// through <see cref="Add"/> by the code that checks them, and are always listed as conjectures, never as claims.
/// </summary>
public static class ClaimCatalogue
{
    private static readonly List<ClaimDefinition> Entries = [.. BuiltIn(), .. Search.Conjectures.Definitions];
    private static readonly object Gate = new();

    /// <summary>Every entry: the built-in claims C1–C10 in order, then conjectures in the order they were added.</summary>
    public static IReadOnlyList<ClaimDefinition> All { get { lock (Gate) return Entries.ToArray(); } }

    /// <summary>The catalogue's applicability rule for <paramref name="id"/>: the one place a check's hypotheses live.</summary>
    public static bool AppliesTo(string id, Instance instance, out string reason)
    {
        var a = (Find(id) ?? throw new ArgumentException($"no claim {id} in the catalogue")).Applies(instance);
        reason = a.Reason;
        return a.Holds;
    }

    public static ClaimDefinition? Find(string id)
    {
        lock (Gate) return Entries.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Adds a conjecture (or a claim defined elsewhere). Ids must be unique.</summary>
    public static void Add(ClaimDefinition definition)
    {
        lock (Gate)
        {
            if (Entries.Any(e => string.Equals(e.Id, definition.Id, StringComparison.OrdinalIgnoreCase)))
                throw new InvalidOperationException($"claim id {definition.Id} is already in the catalogue");
            Entries.Add(definition);
        }
    }

    // ---- hypotheses, each returning the reason in the user's terms ----

    private static Applicability Any(Instance _) => Applicability.Yes("no hypotheses beyond a valid instance");

    /// <summary>C4/C5: p = 1, a₊ = 1 > a₋ ≥ 0 (Leaky-ReLU type, ReLU included), L ≥ 2.</summary>
    public static Applicability LeakyRankOne(Instance instance)
    {
        var net = instance.Network;
        var a = net.Activation;
        if (a.Power != 1) return Applicability.No($"needs p = 1, the activation {a.Name} has p = {a.Power}");
        if (!(a.Pos == 1 && a.Neg < 1 && a.Neg.Sign >= 0)) return Applicability.No($"needs a₊ = 1 > a₋ ≥ 0, the activation {a.Name} has a₊ = {a.Pos}, a₋ = {a.Neg}");
        if (net.Depth < 2) return Applicability.No($"needs depth L ≥ 2, the network has L = {net.Depth}");
        return Applicability.Yes($"p = 1, a₊ = 1 > a₋ = {a.Neg} ≥ 0, L = {net.Depth} ≥ 2");
    }

    /// <summary>C6: p ≥ 2 (and L ≥ 2: with L = 1 the activation is never applied and the network is linear).</summary>
    public static Applicability PolynomialRankOne(Instance instance)
    {
        var net = instance.Network;
        if (net.Activation.Power < 2) return Applicability.No($"needs p ≥ 2, the activation {net.Activation.Name} has p = {net.Activation.Power}");
        if (net.Depth < 2) return Applicability.No("needs depth L ≥ 2: with L = 1 the network W_1 x never applies σ");
        return Applicability.Yes($"p = {net.Activation.Power} ≥ 2, L = {net.Depth}");
    }

    /// <summary>C7: Λ > 2 and p ≥ 2.</summary>
    public static Applicability FlowTrichotomy(Instance instance)
    {
        var net = instance.Network;
        if (net.Degree <= 2) return Applicability.No($"needs Λ > 2, the network has Λ = {net.Degree}{(net.Degree == 2 ? " (Λ = 2: no finite-time blow-up; the NCF flow grows exponentially)" : "")}");
        if (net.Activation.Power < 2) return Applicability.No($"needs p ≥ 2, the activation {net.Activation.Name} has p = {net.Activation.Power}");
        return Applicability.Yes($"Λ = {net.Degree} > 2, p = {net.Activation.Power} ≥ 2");
    }

    /// <summary>C8/C9: Λ > 2 and ∇H locally Lipschitz (p ≥ 2 or a₊ = a₋).</summary>
    public static Applicability EarlyConvergence(Instance instance)
    {
        var net = instance.Network;
        var a = net.Activation;
        if (net.Degree <= 2) return Applicability.No($"needs Λ > 2, the network has Λ = {net.Degree}{(net.Degree == 2 ? " (Λ = 2: no time rescaling, escape takes O(log 1/δ))" : "")}");
        if (!a.LocallyLipschitzGradient) return Applicability.No($"needs a locally Lipschitz ∇H (p ≥ 2 or a₊ = a₋), the activation {a.Name} has p = 1 and a₊ = {a.Pos} ≠ a₋ = {a.Neg}");
        return Applicability.Yes($"Λ = {net.Degree} > 2 and ∇H is locally Lipschitz ({(a.Power >= 2 ? $"p = {a.Power} ≥ 2" : "a₊ = a₋")})");
    }

    private static List<ClaimDefinition> BuiltIn() =>
    [
        new("C1", "Euler identity",
            "u·∇N(u) = Λ N(u), and per layer ⟨W_l, ∇_{W_l} N⟩ = p^{L−l} N(u)",
            "any instance",
            "exact: a polynomial identity in every activation pattern when there are few enough pattern pieces, otherwise at seeded random rational points in realised patterns (and at kinks, for every Clarke choice)",
            ClaimKind.Claim, Any),
        new("C2", "KKT multiplier",
            "at every KKT point of max N(u) s.t. ‖u‖ = 1 (∇N(u) = λu, Clarke for p = 1), λ = Λ N(u)",
            "any instance",
            "exact",
            ClaimKind.Claim, Any),
        new("C3", "layer-norm law",
            "at every KKT point with N ≠ 0: ‖W_l‖_F² = p^{L−l}/Λ for every layer l",
            "any instance",
            "exact (SMT: no KKT point violates it)",
            ClaimKind.Claim, Any),
        new("C4", "rank-one sufficiency (p = 1)",
            "W_1 = s₁ L^{−½} a₁bᵀ, W_l = s_l L^{−½} a_l a_{l−1}ᵀ, W_L = s_L L^{−½} a_{L−1}ᵀ with unit a_l ≥ 0 and signs s_l is a KKT point with N > 0 iff b is a KKT point with positive value of the reduced problem max_{‖b‖=1} Σ_i y_i φ_s(x_iᵀb), φ_s(t) = s_L σ(s_{L−1} σ(… s_2 σ(s_1 t)))",
            "p = 1, a₊ = 1 > a₋ ≥ 0, L ≥ 2",
            "exact",
            ClaimKind.Claim, LeakyRankOne),
        new("C5", "rank-one necessity (p = 1)",
            "in a rank-one KKT point with N > 0, consecutive factors align (b_{l+1} ∥ a_l), layers are balanced, and every a_l is sign-definite, except on degenerate data",
            "p = 1, a₊ = 1 > a₋ ≥ 0, L ≥ 2",
            "exact on an instance (SMT over the rank-one parametrisation); degenerate cases reported as such",
            ClaimKind.Claim, LeakyRankOne),
        new("C6", "polynomial rank-one (p ≥ 2)",
            "with non-negative factors: KKT with N > 0 iff each a_l has equal-magnitude non-zero entries, factors align, norms follow C3, and b is a positive KKT point of the reduced problem; the value falls as supports grow, ∝ Π_l |S_l|^{−(p−1)p^{L−1−l}/2}",
            "p ≥ 2 (and L ≥ 2)",
            "exact on an instance (SMT, one query per closed cell of x_iᵀb = 0): necessity over every non-negative rank-one point (alignment not assumed), sufficiency and the value law per support-size choice with square roots as constrained variables; SAT models re-checked in rationals, undecided queries inconclusive",
            ClaimKind.Claim, PolynomialRankOne),
        new("C7", "NCF-flow trichotomy",
            "the NCF flow du/dτ = ∇N(u) either blows up at a finite τ* with u/‖u‖ tending to a positive KKT point, or tends to a non-zero KKT point with N = 0, or collapses to 0; started at a positive KKT point u*, ‖u(τ)‖ = (1 − Λ(Λ−2)N(u*)τ)^{−1/(Λ−2)} and τ* = 1/(Λ(Λ−2)N(u*))",
            "Λ > 2, p ≥ 2",
            "numeric",
            ClaimKind.Claim, FlowTrichotomy),
        new("C8", "early directional convergence",
            "for every ε there are T_ε, δ̄, C such that for δ < δ̄, ‖w(t)‖ ≤ Cδ on [0, T_ε/δ^{Λ−2}], and at T_ε/δ^{Λ−2} either ‖w‖ ≤ εδ or cos(w, u*) ≥ 1 − ε for a non-negative KKT point u*",
            "Λ > 2, ∇H locally Lipschitz",
            "numeric, cross-validated against exact KKT points",
            ClaimKind.Claim, EarlyConvergence),
        new("C9", "escape-time scaling",
            "the time at which ‖w‖ first reaches a fixed multiple of δ behaves like τ*/δ^{Λ−2} as δ → 0",
            "Λ > 2, ∇H locally Lipschitz",
            "numeric fit of the exponent",
            ClaimKind.Claim, EarlyConvergence),
        new("C10", "conservation law",
            "along the training flow and the NCF flow, ‖W_l‖²/p^{L−l} − ‖W_k‖²/p^{L−k} is constant for every pair l, k",
            "any instance",
            "numeric, drift reported",
            ClaimKind.Claim, Any),
    ];

    /// <summary>Facts about an instance that bear on every claim without changing applicability (docs/theory.md#boundary-cases
    /// cases), so `checker claims` can warn: N ≡ 0 for Xy = 0 at depth 1, Λ = 2, ReLU dead neurons.</summary>
    public static IReadOnlyList<string> BoundaryNotes(Instance instance)
    {
        var notes = new List<string>();
        var net = instance.Network;
        if (instance.CorrelationVector().All(v => v.IsZero))
            notes.Add(net.Depth == 1 ? "Xy = 0: N ≡ 0 on this instance" : "Xy = 0: the data's label correlation vanishes (N ≡ 0 for linear networks)");
        if (net.Degree == BigInteger.Parse("2")) notes.Add("Λ = 2: no time rescaling; escape from small initialisation takes O(log 1/δ)");
        if (net.Activation.Power == 1 && net.Activation.Neg.IsZero && net.Activation.Pos.Sign > 0) notes.Add("ReLU (a₋ = 0): dead neurons possible, ∂σ(0) = [0, 1]");
        if (instance.Inputs.Any(x => x.All(v => v.IsZero))) notes.Add("a zero input sample: it contributes nothing to N");
        return notes;
    }
}
