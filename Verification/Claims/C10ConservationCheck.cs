using Checker.Verification.Contracts;
using Checker.Numeric.Flows;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Verification.Claims;

/// <summary>
/// C10 (docs/theory.md#c10-conservation-along-flows): along the training flow and the NCF flow, ‖W_l‖²/p^{L−l} − ‖W_k‖²/p^{L−k} stays constant. Checked
/// by integrating both flows from seeded random starts (NCF until the norm grows 50-fold or blows up; training from
/// δ = 0.05 until the norm grows 4-fold) and measuring the largest drift of the differences, relative to the current
/// ‖w‖² (what rounding and truncation error scale with). The law needs no smoothness beyond a.e. differentiability,
/// so it applies to ReLU too: at a pre-activation exactly 0 (a measure-zero set) the compiled double evaluator takes the
/// z ≥ 0 branch, σ'(0) = a₊ (<see cref="NcfModel"/>) — a numeric convention, not a Clarke choice
/// (docs/theory.md#c10-conservation-along-flows).
/// </summary>
public sealed class C10ConservationCheck : FlowClaimCheck
{
    public const double Tolerance = 1e-8;
    /// <summary>Far beyond integration error at rtol 1e-12: a drift this large contradicts the law.</summary>
    public const double CounterexampleThreshold = 1e-4;
    public const int Starts = 2;


    protected override ClaimResult Check(Instance instance, NcfModel model, CheckContext context)
    {
        var (id, options, progress, ct) = (context.ClaimId, context.Options, context.Progress, context.Cancellation);
        var runs = new List<C10Run>();
        double worst = 0;
        C10Witness? witness = null;
        // A given start (point-wise C10) replaces the seeded ones.
        int starts = options.Start is null ? Starts : 1;
        for (int k = 0; k < starts; k++)
        {
            int seed = options.Seed + k;
            var w0 = options.Start ?? InitialDirection.Gaussian(model.WeightCount, seed);
            foreach (var kind in new[] { FlowKind.Ncf, FlowKind.Training })
            {
                progress?.Report(new CheckProgress($"{kind} flow drift", 2 * k + (kind == FlowKind.Ncf ? 0 : 1), 2 * starts));
                var opts = kind == FlowKind.Ncf
                    ? new FlowOptions { Until = FlowStop.Escape, EscapeFactor = 50, MaxSteps = 200_000 }
                    : new FlowOptions { Delta = 0.05, Until = FlowStop.Escape, EscapeFactor = 4, MaxSteps = 200_000 };
                var r = FlowSimulator.Run(model, kind, w0, opts, null, ct);
                if (r.Outcome == FlowOutcome.Timeout)
                    return new ClaimResult(id, Verdict.Inconclusive, $"out of time ({options.TimeoutSeconds} s); a timeout is not a verdict", null,
                        new C10Evidence { Runs = runs });
                double drift = r.MaxConservationDrift;
                worst = Math.Max(worst, drift);
                runs.Add(new C10Run(options.Start is null ? seed : "given start", kind.ToString().ToLowerInvariant(), r.Outcome.ToString().ToLowerInvariant(),
                    r.FinalTime, r.Final.Norm, drift, r.Steps));
                if (drift > CounterexampleThreshold) witness ??= new C10Witness(seed, kind.ToString().ToLowerInvariant(), w0, drift);
            }
        }
        var evidence = new C10Evidence
        {
            WorstRelativeDrift = worst,
            Tolerance = $"max_l |Δ(‖W_l‖²/p^(L−l) − ‖W_L‖²)| / ‖w(t)‖² < {Tolerance:G}; integrator rtol 1e-12",
            Runs = runs,
        };
        if (witness is not null)
            return new ClaimResult(id, Verdict.Counterexample, $"conservation drift {worst:G3} exceeds {CounterexampleThreshold:G}, far beyond integration error", witness, evidence);
        if (worst > Tolerance)
            return new ClaimResult(id, Verdict.Inconclusive, $"drift {worst:G3} above the tolerance {Tolerance:G} but not clearly beyond integration error", null, evidence);
        int slid = runs.Count(r => r.Outcome == "sliding");
        return new ClaimResult(id, Verdict.HoldsNumerically,
            $"largest drift {worst:G2} relative to ‖w‖² over {runs.Count} runs (NCF and training flows, {(options.Start is null ? $"{Starts} seeded starts" : "from the given start")}), tolerance {Tolerance:G}"
            + (slid > 0 ? $"; {slid} run(s) stopped early where the trajectory slides along a kink (Filippov sliding, p = 1), measured up to there" : ""), null, evidence);
    }
}
