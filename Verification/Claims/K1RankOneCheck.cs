using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Verification.FullNetwork;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Verification.Claims;

/// <summary>
/// Conjecture K1 (<see cref="Conjectures"/>): every positive KKT point is rank-one. Looks for a certified positive KKT
/// point with a layer of exact rank ≥ 2. The witness is re-checked from scratch (a second exact evaluation and exact
/// rank) before it is reported. Finding none is inconclusive: the starts sample KKT points, they do not enumerate them.
/// </summary>
public sealed class K1RankOneCheck : IClaimCheck
{


    public ClaimResult Check(Instance instance, CheckContext context)
    {
        var (id, options, progress, cancellationToken) = (context.ClaimId, context.Options, context.Progress, context.Cancellation);
        var kkt = FullNetworkKkt.Find(instance, new FullNetworkKktOptions { Starts = 16, Seed = options.Seed, TimeoutSeconds = context.Budget.Remaining.TotalSeconds, Solver = options.Solver }, progress, cancellationToken);
        var positive = kkt.Points.Where(p => p.Certificate is not null && p.Classification!.Positive).ToList();
        foreach (var p in positive.Where(p => !p.Classification!.RankOne))
        {
            var recheck = KktCertifier.Check(instance, p.Certificate!.Point, out _);
            if (recheck is null || recheck.Sign <= 0) continue;
            var cls = KktClassification.Of(instance, recheck);
            if (cls.RankOne) continue;
            return new ClaimResult(id, Verdict.Counterexample,
                $"a positive KKT point with layer ranks ({string.Join(", ", cls.LayerRanks)}) and N(u) = {cls.Value[..Math.Min(16, cls.Value.Length)]}…, certified exactly (∇_(W_l)N = μ_l W_l in rational arithmetic, re-checked)",
                Witness: new K1Witness(
                    Weights: recheck.Point.ToLayers(),
                    LayerScalesSquared: Enumerable.Range(1, instance.Network.Depth).Select(l => recheck.LayerScaleSquared(l).ToString()).ToArray(),
                    Value: cls.Value,
                    ValueSquared: recheck.ValueSquared.ToString(),
                    LayerRanks: cls.LayerRanks),
                Evidence: Evidence(kkt, positive.Count));
        }
        return new ClaimResult(id, Verdict.Inconclusive,
            $"no counterexample: {positive.Count} certified positive KKT point(s) or families found from {kkt.Starts} starts are all rank-one ({kkt.Points.Count(p => !p.Certified)} uncertified); sampling, not a proof",
            Evidence: Evidence(kkt, positive.Count));
    }

    private static K1Evidence Evidence(FullNetworkKktResult kkt, int positive) => new()
    {
        Starts = kkt.Starts,
        Points = kkt.Points.Count,
        CertifiedPositive = positive,
        Uncertified = kkt.Points.Count(p => !p.Certified),
        TimedOut = kkt.TimedOut,
    };
}
