using Checker.Verification.Contracts;
using Checker.Numeric.Flows;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Verification.Claims;

/// <summary>
/// C7 (docs/theory.md#c7-ncf-flow-trichotomy), numerically: from several seeded random starts the NCF flow must end in one of the three
/// branches — finite-time blow-up with a positive limit direction, convergence to a non-zero rest point with N = 0, or
/// collapse — and for every blow-up, the flow restarted on the limit ray (refined to a KKT direction by the sphere flow)
/// must blow up at τ* = 1/(Λ(Λ−2)N(u*)) and follow ‖u(τ)‖ = (1 − Λ(Λ−2)N(u*)τ)^{−1/(Λ−2)}.
/// The flows run in the polar variables of <see cref="PolarNcfSystem"/>, which bound the remaining time rigorously; the
/// formula comparison is therefore limited by how exactly the limit direction is KKT (its tangential gradient is
/// reported), not by the blow-up itself. A run that ends in none of the branches within the budget is inconclusive.
/// </summary>
public sealed class C7FlowTrichotomyCheck : FlowClaimCheck
{
    public const int Starts = 6;
    /// <summary>Relative tolerance on τ* against the closed form at the refined limit direction.</summary>
    public const double FormulaTolerance = 1e-6;
    /// <summary>A mismatch this large cannot be integration error (the integrator runs at rtol 1e-12).</summary>
    public const double CounterexampleThreshold = 1e-3;


    protected override ClaimResult Check(Instance instance, NcfModel model, CheckContext context)
    {
        var (id, options, progress, ct) = (context.ClaimId, context.Options, context.Progress, context.Cancellation);
        double lambda = model.Degree;
        var runs = new List<C7Run>();
        var counts = new C7Branches();
        double worstFormula = 0, worstLaw = 0;
        string? inconclusive = null;
        C7Witness? witness = null;
        for (int k = 0; k < Starts; k++)
        {
            progress?.Report(new CheckProgress("NCF flows from random starts", k, Starts));
            int seed = options.Seed + k;
            var w0 = InitialDirection.Gaussian(model.WeightCount, seed);
            var run = FlowSimulator.Run(model, FlowKind.Ncf, w0, new FlowOptions { MaxSteps = 200_000 }, null, ct);
            var entry = new C7Run { Seed = seed, Outcome = run.Outcome.ToString().ToLowerInvariant(), Steps = run.Steps };
            runs.Add(entry);
            switch (run.Outcome)
            {
                case FlowOutcome.BlowUp:
                {
                    counts.Blowup++;
                    entry.BlowupTime = run.BlowupTime!.Value;
                    // Refine the limit direction to a KKT point, then restart on that ray.
                    var sphere = FlowSimulator.Run(model, FlowKind.Sphere, run.FinalDirection, new FlowOptions { StationaryTolerance = 1e-11, MaxSteps = 50_000 }, null, ct);
                    if (sphere.Outcome == FlowOutcome.Timeout) { inconclusive = "out of time"; break; }
                    var theta = sphere.FinalDirection;
                    double n = model.Ncf(theta);
                    double residual = FlowSimulator.TangentialResidual(model, theta);
                    entry.LimitNcf = n;
                    entry.LimitTangentialGradient = residual;
                    entry.LimitCosine = TrajectoryMetrics.Cosine(theta, run.FinalDirection);
                    if (!(n > 0))
                    {
                        witness ??= new C7Witness { Seed = seed, Start = w0, LimitDirection = theta, LimitNcf = n };
                        entry.Problem = "blow-up with a non-positive limit value";
                        break;
                    }
                    var onRay = FlowSimulator.Run(model, FlowKind.Ncf, theta, new FlowOptions(), null, ct);
                    if (onRay.Outcome != FlowOutcome.BlowUp) { inconclusive ??= $"restart on the limit ray (seed {seed}) ended in {onRay.Outcome}"; break; }
                    double formula = 1 / (lambda * (lambda - 2) * n);
                    double err = Math.Abs(onRay.BlowupTime!.Value - formula) / formula;
                    entry.RestartBlowupTime = onRay.BlowupTime.Value;
                    entry.FormulaBlowupTime = formula;
                    entry.FormulaRelativeError = err;
                    worstFormula = Math.Max(worstFormula, err);
                    foreach (var s in onRay.Samples)
                    {
                        double tauLaw = (1 - Math.Pow(s.Norm, -(lambda - 2))) / (lambda * (lambda - 2) * n);
                        worstLaw = Math.Max(worstLaw, Math.Abs(s.Time - tauLaw) / formula);
                    }
                    if (err > CounterexampleThreshold)
                        witness ??= new C7Witness { Seed = seed, LimitDirection = theta, LimitNcf = n, BlowupTime = onRay.BlowupTime.Value, Formula = formula };
                    break;
                }
                case FlowOutcome.Stationary:
                    counts.RestPoint++;
                    entry.FinalNcf = run.Final.Ncf;
                    entry.FinalNorm = run.Final.Norm;
                    break;
                case FlowOutcome.Collapse:
                    counts.Collapse++;
                    entry.DirectionNcf = model.Ncf(run.FinalDirection);
                    break;
                case FlowOutcome.Timeout:
                    inconclusive ??= $"out of time ({options.TimeoutSeconds} s) during the run from seed {seed}";
                    break;
                default:
                    inconclusive ??= $"the run from seed {seed} ended in none of the three branches ({run.Outcome}: {run.Reason})";
                    break;
            }
            if (inconclusive is not null && ct.IsCancellationRequested) break;
        }
        progress?.Report(new CheckProgress("NCF flows from random starts", Starts, Starts));
        var evidence = new C7Evidence
        {
            Starts = Starts,
            Seed = options.Seed,
            Branches = counts,
            WorstFormulaRelativeError = worstFormula,
            WorstNormLawErrorRelativeToTauStar = worstLaw,
            Tolerance = $"τ* within {FormulaTolerance:G} relative of 1/(Λ(Λ−2)N(u*)) at the refined limit direction; integrator rtol 1e-12 in polar variables (θ, log‖u‖, τ)",
            Runs = runs,
        };
        if (witness is not null)
            return new ClaimResult(id, Verdict.Counterexample,
                $"a blow-up whose restart on the limit ray misses τ* = 1/(Λ(Λ−2)N) by more than {CounterexampleThreshold:G} relative, or has a non-positive limit value", witness, evidence);
        if (inconclusive is not null)
            return new ClaimResult(id, Verdict.Inconclusive, inconclusive, null, evidence);
        if (worstFormula > FormulaTolerance)
            return new ClaimResult(id, Verdict.Inconclusive,
                $"blow-up times agree with the formula only to {worstFormula:G3} relative (tolerance {FormulaTolerance:G}); the limit direction may not be refined enough", null, evidence);
        return new ClaimResult(id, Verdict.HoldsNumerically,
            $"{Starts} seeded starts: {counts.Blowup} blow-up, {counts.RestPoint} rest point with N = 0, {counts.Collapse} collapse; on each limit ray τ* matches 1/(Λ(Λ−2)N(u*)) to {worstFormula:G2} relative (tolerance {FormulaTolerance:G})",
            null, evidence);
    }
}
