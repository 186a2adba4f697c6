using Checker.Symbolic.Model;
using Checker.Verification.Clarke;
using Checker.Verification.Contracts;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Verification.Claims;

/// <summary>
/// Conjectures K3 (C4's converse at essential kinks) and K4 (C5 at essential kinks), docs/theory.md#conjectures: a
/// candidate search over rank-one points with b on a kink (<see cref="KinkConjectureSearch"/>), each decided by the exact
/// Clarke engine. A witness is a Clarke KKT point with N &gt; 0 at an essential kink (adjacency proved by arcs, membership
/// by exact convex weights) that violates the conclusion; it is reported with its patterns, arcs, weights and value.
/// Finding none is inconclusive: the candidates are a sample, not an enumeration.
/// </summary>
public sealed class KinkConjectureCheck(bool necessity) : IClaimCheck
{
    public ClaimResult Check(Instance instance, CheckContext context)
    {
        var id = context.ClaimId;
        var deadline = DateTime.UtcNow + context.Budget.Remaining;
        var options = new ClarkeOptions();
        var witness = necessity
            ? KinkConjectureSearch.K4(instance, options, deadline, context.Cancellation, out int tried)
            : KinkConjectureSearch.K3(instance, options, deadline, context.Cancellation, out tried);
        var evidence = new KinkConjectureEvidence(tried);
        if (witness is null)
            return new ClaimResult(id, Verdict.Inconclusive,
                $"no witness among {tried} rank-one candidates with b on a kink (a sample of candidates, not a proof)", Evidence: evidence);
        var r = witness.Decision;
        var net = instance.Network;
        return new ClaimResult(id, Verdict.Counterexample,
            $"a rank-one Clarke KKT point with N = {r.Value} > 0 (unnormalised; {SqrtDescription(r)} at the balanced unit point) at an essential kink: {witness.Violation}; adjacency proved by exact arcs, membership by exact convex weights",
            Witness: new KinkConjectureWitness(
                Signs: witness.Signs,
                B: witness.B.Select(v => v.ToString()).ToArray(),
                Factors: witness.Factors.Select(a => a.Select(v => v.ToString()).ToArray()).ToArray(),
                Weights: witness.Point.ToLayers(),
                Value: r.Value.ToString(),
                ValueNormalised: Exact.SqrtDecimal.Exact(r.NormalisedValueSquared, r.Value.Sign),
                Multipliers: r.Multipliers.Select(m => m.ToString()).ToArray(),
                Kinks: r.Subdifferential.Essential.Select(k => new KinkPosition(k.Layer, k.Neuron + 1, k.Sample + 1)).ToArray(),
                AdjacentPatterns: r.Subdifferential.Patterns.Select(p => new AdjacentPatternWitness(
                    p.Signs,
                    p.Status.ToString().ToLowerInvariant(),
                    p.Arc?.Terms().Select(t => new ArcTermWitness(t.Order, t.Index, t.Value.ToString())).ToArray(),
                    p.Status == Adjacency.Adjacent ? null : p.Reason)).ToArray(),
                ConvexWeights: r.ConvexWeights.Select(w => new ConvexWeightWitness(w.Pattern, w.Weight.ToString())).ToArray(),
                Violation: witness.Violation),
            Evidence: evidence);
    }

    private static string SqrtDescription(ClarkeKktResult r) => "N = " + Exact.SqrtDecimal.Exact(r.NormalisedValueSquared, r.Value.Sign);
}
