using Checker.Numeric;
using Checker.Verification.Contracts;
using Checker.Numeric.Flows;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Verification.FullNetwork;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Verification.Claims;

/// <summary>
/// Conjecture K2 (<see cref="Conjectures"/>): the NCF flow from a random start reaches a global maximiser. The flow's
/// limit direction is certified exactly; a counterexample is a certified KKT point with a strictly larger value
/// (compared exactly through N(u)², both positive) or a flow that ends with N ≤ 0 while a positive KKT point exists.
/// The "reaches" part is numeric (the flow's final direction is within the stated cosine of the certified point).
/// </summary>
public sealed class K2GlobalMaximiserCheck : IClaimCheck
{
    public const double CosineTolerance = 1e-6;



    public ClaimResult Check(Instance instance, CheckContext context)
    {
        var (id, options, progress, cancellationToken) = (context.ClaimId, context.Options, context.Progress, context.Cancellation);
        var model = NcfModel.Compile(instance);
        var w0 = SphereAscent.RandomDirection(model.WeightCount, options.Seed);
        progress?.Report(new CheckProgress("NCF flow", 0, 2));
        var flow = FlowSimulator.Run(model, FlowKind.Ncf, w0,
            // Natural stop for every Λ: blow-up (Λ > 2), or the direction at rest (Λ ≤ 2, where the norm grows for ever and
            // a stop at a fixed escape factor leaves the direction short of its limit). On nets with kinks the flow is
            // the Filippov one, sliding along kinks, so a limit on a kink is reached rather than chattered at.
            new FlowOptions { Until = FlowStop.Natural, MaxSteps = 200_000 }, null, cancellationToken);
        var kkt = FullNetworkKkt.Find(instance, new FullNetworkKktOptions { Starts = 16, Seed = options.Seed, TimeoutSeconds = context.Budget.Length(BudgetStage.KktSearchBeforeFlow).TotalSeconds, Solver = options.Solver }, null, cancellationToken);
        progress?.Report(new CheckProgress("certification", 1, 2));
        var best = kkt.Points.Where(p => p.Certificate is not null && p.Classification!.Positive).OrderByDescending(p => p.Certificate!.ValueSquared).FirstOrDefault();
        var evidence = new K2Evidence { Seed = options.Seed, FlowOutcome = flow.Outcome.ToString(), Starts = kkt.Starts };
        if (flow.Outcome is FlowOutcome.Timeout or FlowOutcome.StepLimit or FlowOutcome.Failed)
            return new ClaimResult(id, Verdict.Inconclusive, $"the NCF flow did not finish ({flow.Outcome}: {flow.Reason})", Evidence: evidence);
        if (flow.Outcome == FlowOutcome.Collapse || flow.Final.Ncf <= 0)
        {
            if (best is null) return new ClaimResult(id, Verdict.Inconclusive, $"the flow ended with {flow.Outcome} (N ≤ 0) and no positive KKT point was certified", Evidence: evidence);
            return new ClaimResult(id, Verdict.Counterexample,
                $"from the seeded start the NCF flow ends with {flow.Outcome} (N = {flow.Final.Ncf:G6} ≤ 0), while a certified KKT point has N = {best.Classification!.Value[..Math.Min(14, best.Classification.Value.Length)]}… > 0",
                Witness: new K2Witness { Seed = options.Seed, Start = w0, BetterPoint = best.Certificate!.Point.ToLayers(), BetterValue = best.Classification.Value }, Evidence: evidence);
        }
        var reached = KktCertifier.Certify(instance, flow.FinalDirection, cancellationToken);
        if (reached.Certificate is not { } cert)
            return new ClaimResult(id, Verdict.Inconclusive, $"the flow's limit direction could not be certified: {reached.Reason}", Evidence: evidence);
        double cos = Vectors.Dot(cert.NormalisedDoubles(), flow.FinalDirection);
        evidence.CosineToCertified = cos;
        if (1 - cos > CosineTolerance)
            return new ClaimResult(id, Verdict.Inconclusive, $"the certified point is at cosine {cos:F9} from the flow's direction (tolerance 1 − {CosineTolerance:G2}); the flow has not converged in direction", Evidence: evidence);
        var value = KktClassification.Of(instance, cert).Value;
        evidence.ReachedValue = value;
        if (best is not null && best.Certificate!.ValueSquared > cert.ValueSquared && cert.Sign > 0)
            return new ClaimResult(id, Verdict.Counterexample,
                $"the NCF flow from seed {options.Seed} reaches a KKT point with N = {value[..Math.Min(14, value.Length)]}… (cosine {cos:F9}), but another certified KKT point has N = {best.Classification!.Value[..Math.Min(14, best.Classification.Value.Length)]}… (values compared exactly through N²)",
                Witness: new K2Witness
                {
                    Seed = options.Seed, Start = w0, ReachedPoint = cert.Point.ToLayers(), ReachedValue = value,
                    BetterPoint = best.Certificate.Point.ToLayers(), BetterValue = best.Classification.Value,
                },
                Evidence: evidence);
        return new ClaimResult(id, Verdict.Inconclusive,
            $"no counterexample: the NCF flow reaches a certified KKT point with N = {value[..Math.Min(14, value.Length)]}…, the best of the {kkt.CertifiedCount} certified points from {kkt.Starts} starts; the global maximum itself is not proven",
            Evidence: evidence);
    }
}
