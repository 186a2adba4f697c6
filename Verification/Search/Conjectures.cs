using Checker.Symbolic.Model;
using Checker.Verification.Claims;

namespace Checker.Verification.Search;

/// <summary>
/// Statements the paper does not claim but a reader may assume (issue 5), kept in the catalogue as
/// <see cref="ClaimKind.Conjecture"/> so `checker claims` lists them as such and `checker search` can hunt for
/// counterexamples. A counterexample to a conjecture is a finding about the conjecture, not about the theory.
/// </summary>
public static class Conjectures
{
    public const string RankOne = "K1", GlobalMaximiser = "K2";

    public static IReadOnlyList<ClaimDefinition> Definitions { get; } =
    [
        new(RankOne, "rank-one KKT points (conjecture)",
            "every positive KKT point of the full network (N > 0) is rank-one in every layer",
            "p = 1 (exact certificates), L ≥ 2",
            "exact: KKT points from seeded sphere ascents, certified in rational arithmetic; a certified positive point with a layer of rank ≥ 2 is a counterexample (docs/theory.md#c5-rank-one-necessity 'except on degenerate data' predicts them on symmetric data)",
            ClaimKind.Conjecture, RankOneApplies),
        new(GlobalMaximiser, "NCF flow finds the global maximiser (conjecture)",
            "the NCF flow from a random start reaches (in direction) a global maximiser of N on the unit sphere",
            "Λ ≥ 2",
            "numeric flow from a seeded start, its limit direction certified exactly, compared exactly with the best certified KKT point from many sphere ascents",
            ClaimKind.Conjecture, GlobalApplies),
    ];

    public static Applicability RankOneApplies(Instance instance)
    {
        var net = instance.Network;
        if (net.Depth < 2) return Applicability.No($"needs L ≥ 2 (with L = {net.Depth} the single layer is a row vector, rank one by definition)");
        if (net.Activation.Power != 1) return Applicability.No($"tested for p = 1, where KKT points have rational representatives that can be certified exactly; {net.Activation.Name} has p = {net.Activation.Power}");
        return Applicability.Yes($"p = 1, L = {net.Depth}");
    }

    public static Applicability GlobalApplies(Instance instance)
    {
        var net = instance.Network;
        if (net.Degree < 2) return Applicability.No($"needs Λ ≥ 2, the network has Λ = {net.Degree} (the NCF flow is linear)");
        return Applicability.Yes($"Λ = {net.Degree}");
    }
}
