using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
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
        var net = instance.Network;
        if (!Hypotheses.HasRankTwoLayer(net))
            return new ClaimResult(id, Verdict.Holds, "every weight matrix has a single row or column, so every point is rank-one in every layer",
                Evidence: new K1Evidence { Starts = 0, Points = 0, CertifiedPositive = 0, Uncertified = 0, TimedOut = false, Method = "shape" });
        string? twoLayerNote = null;
        if (K1TwoLayer.Applies(instance))
        {
            // The exact decision first (docs/theory.md#k1-on-two-layer-nets); the ascent below only when it cannot finish.
            var deadline = DateTime.UtcNow + context.Budget.Length(BudgetStage.TwoLayerDecisionBeforeAscent);
            var exact = K1TwoLayer.Decide(instance, options.Solver, new Clarke.ClarkeOptions(), deadline, options.Seed, cancellationToken);
            if (exact.Complete) return TwoLayerResult(id, instance, exact);
            twoLayerNote = exact.Reason;
        }
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
                Evidence: Evidence(kkt, positive.Count, twoLayerNote));
        }
        return new ClaimResult(id, Verdict.Inconclusive,
            $"no counterexample: {positive.Count} certified positive KKT point(s) or families found from {kkt.Starts} starts are all rank-one ({kkt.Points.Count(p => !p.Certified)} uncertified); sampling, not a proof"
            + (twoLayerNote is null ? "" : $" (the exact two-layer decision did not finish: {twoLayerNote})"),
            Evidence: Evidence(kkt, positive.Count, twoLayerNote));
    }

    private static K1Evidence Evidence(FullNetworkKktResult kkt, int positive, string? twoLayerNote) => new()
    {
        Starts = kkt.Starts,
        Points = kkt.Points.Count,
        CertifiedPositive = positive,
        Uncertified = kkt.Points.Count(p => !p.Certified),
        TimedOut = kkt.TimedOut,
        Method = "ascent",
        WhyNotExact = twoLayerNote,
    };

    private static ClaimResult TwoLayerResult(string id, Instance instance, K1TwoLayerResult r)
    {
        var evidence = new K1Evidence
        {
            Starts = 0,
            Points = r.Points.Count,
            CertifiedPositive = r.Witness is null ? 0 : 1,
            Uncertified = 0,
            TimedOut = false,
            Method = "two-layer-exact",
            ReducedPositivePoints = r.Points.Count,
            PairsDecided = r.PairsTried,
        };
        if (r.Witness is not { } u || r.Decision is not { } dec)
            return new ClaimResult(id, Verdict.Holds,
                $"proved for this instance: {r.Points.Count} positive reduced KKT point(s) of ±F, all listed (complete enumerations for s = (+1,±1)); {r.Reason}; "
                + "a two-layer positive KKT point has every active neuron on a reduced KKT point of the same value, so every one is rank-one (docs/theory.md#k1-on-two-layer-nets)",
                Evidence: evidence);
        var net = instance.Network;
        var ranks = Enumerable.Range(1, net.Depth).Select(l =>
        {
            var (rows, cols) = net.Shape(l);
            return Exact.RationalLinearAlgebra.Rank(Enumerable.Range(0, rows).Select(i => Enumerable.Range(0, cols).Select(c => u[l, i, c]).ToArray()).ToArray(), cols);
        }).ToArray();
        var value = Exact.SqrtDecimal.Format(dec.NormalisedValueSquared, 1);
        var (a, b) = r.Pair!.Value;
        return new ClaimResult(id, Verdict.Counterexample,
            $"a positive Clarke KKT point with layer ranks ({string.Join(", ", ranks)}) and N(u) = {value[..Math.Min(16, value.Length)]}…: two neurons on the non-parallel reduced KKT points {a.Pattern} (s = {a.Sign:+0;-0}) and {b.Pattern} (s = {b.Sign:+0;-0}) of equal value; "
            + $"decided by the exact Clarke engine ({dec.Subdifferential.Essential.Count} essential kink(s), adjacency by arcs, membership by exact convex weights)",
            Witness: new K1Witness(
                Weights: u.ToLayers(),
                LayerScalesSquared: Enumerable.Range(1, net.Depth).Select(l => (new Rational(net.LayerDegree(l)) / (new Rational(net.Degree) * u.LayerNormSquared(l))).ToString()).ToArray(),
                Value: value,
                ValueSquared: dec.NormalisedValueSquared.ToString(),
                LayerRanks: ranks)
            {
                Kinks = dec.Subdifferential.Essential.Select(k => new KinkPosition(k.Layer, k.Neuron + 1, k.Sample + 1)).ToArray(),
                ConvexWeights = dec.ConvexWeights.Select(w => new ConvexWeightWitness(w.Pattern, w.Weight.ToString())).ToArray(),
            },
            Evidence: evidence);
    }
}
