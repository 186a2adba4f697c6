using Checker.Symbolic.Model;
using Checker.Verification.Clarke;
using Checker.Verification.Contracts;

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
        var evidence = new Dictionary<string, object> { ["candidates"] = tried };
        if (witness is null)
            return new ClaimResult(id, Verdict.Inconclusive,
                $"no witness among {tried} rank-one candidates with b on a kink (a sample of candidates, not a proof)", Evidence: evidence);
        var r = witness.Decision;
        var net = instance.Network;
        return new ClaimResult(id, Verdict.Counterexample,
            $"a rank-one Clarke KKT point with N = {r.Value} > 0 (unnormalised; {SqrtDescription(r)} at the balanced unit point) at an essential kink: {witness.Violation}; adjacency proved by exact arcs, membership by exact convex weights",
            Witness: new
            {
                signs = witness.Signs,
                b = witness.B.Select(v => v.ToString()).ToArray(),
                factors = witness.Factors.Select(a => a.Select(v => v.ToString()).ToArray()).ToArray(),
                weights = witness.Point.ToLayers(),
                value = r.Value.ToString(),
                value_normalised = Exact.SqrtDecimal.Exact(r.NormalisedValueSquared, r.Value.Sign),
                multipliers = r.Multipliers.Select(m => m.ToString()).ToArray(),
                kinks = r.Subdifferential.Essential.Select(k => new { layer = k.Layer, neuron = k.Neuron + 1, sample = k.Sample + 1 }).ToArray(),
                adjacent_patterns = r.Subdifferential.Patterns.Select(p => new
                {
                    signs = p.Signs,
                    status = p.Status.ToString().ToLowerInvariant(),
                    arc = p.Arc?.Terms().Select(t => new { order = t.Order, index = t.Index, value = t.Value.ToString() }).ToArray(),
                    reason = p.Status == Adjacency.Adjacent ? null : p.Reason,
                }).ToArray(),
                convex_weights = r.ConvexWeights.Select(w => new { signs = w.Pattern, weight = w.Weight.ToString() }).ToArray(),
                violation = witness.Violation,
                note = "arc terms: ε^order·value added to flat weight index (layers stacked row by row, docs/cli.md#weight-files)",
            },
            Evidence: evidence);
    }

    private static string SqrtDescription(ClarkeKktResult r) => "N = " + Exact.SqrtDecimal.Exact(r.NormalisedValueSquared, r.Value.Sign);
}
