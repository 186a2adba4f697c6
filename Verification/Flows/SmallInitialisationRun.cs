using Checker.Numeric;
using Checker.Numeric.Flows;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Verification.FullNetwork;

namespace Checker.Verification.Flows;

/// <summary>
/// The experiment behind C8 as a reader sees it in `verify --report` (docs/theory.md, early training): from one seeded
/// Gaussian direction w₀, the NCF flow u(τ) and the training flow from δ·w₀, the latter run to 1.25× the NCF flow's
/// blow-up (or escape) time in the NCF clock, with cosines measured to a reference u*: the KKT point the NCF flow
/// reaches, certified exactly when possible (for p = 1 the KKT points form continua, so a cosine to some other member
/// of the family would say nothing), else the NCF flow's own final direction.
/// </summary>
public static class SmallInitialisationRun
{
    public const double Delta = 1e-2;

    /// <param name="Ncf">The NCF flow, or null when it could not run.</param>
    /// <param name="Training">The training flow, or null when it could not run.</param>
    /// <param name="Reference">What the cosines are measured to, in words (exact certificate, numeric direction, or none).</param>
    /// <param name="Failure">Why the flows stopped early, or null.</param>
    /// <param name="ReferenceDirection">The unit direction both flows' cosines are taken to, or null when there is none.</param>
    /// <param name="ReferenceCertified">Whether that direction is a KKT point certified exactly (else the NCF flow's own end).</param>
    public sealed record Result(int Seed, double Delta, FlowResult? Ncf, FlowResult? Training, string Reference, string? Failure,
        double[]? ReferenceDirection = null, bool ReferenceCertified = false);

    /// <param name="seconds">Wall-clock allowance for both flows and the certification (the run is cut off there).</param>
    public static Result Run(Instance instance, int seed, double seconds, CancellationToken ct)
    {
        var model = NcfModel.Compile(instance);
        double lambda = (double)instance.Network.Degree;
        var w0 = SphereAscent.RandomDirection(model.WeightCount, seed);
        FlowResult? ncf = null, train = null;
        string referenceText = "The NCF flow did not reach a limit, so there is no reference direction and no cosine plot.";
        double[]? reference = null;
        bool certified = false;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(TimeSpan.FromSeconds(seconds));
        try
        {
            var until = lambda > 2 ? FlowStop.Natural : FlowStop.Escape;
            var ncfOptions = new FlowOptions { Until = until, EscapeFactor = 1e4, MaxSteps = 300_000, RelativeTolerance = 1e-9 };
            ncf = FlowSimulator.Run(model, FlowKind.Ncf, w0, ncfOptions, null, budget.Token);
            if (ncf.Outcome is FlowOutcome.BlowUp or FlowOutcome.Stationary or FlowOutcome.Escape)
            {
                var cert = KktCertifier.Certify(instance, ncf.FinalDirection, budget.Token);
                if (cert.Certificate is { } c && Math.Abs(Vectors.Dot(c.NormalisedDoubles(), ncf.FinalDirection)) > 0.99)
                {
                    reference = c.NormalisedDoubles();
                    certified = true;
                    var cls = KktClassification.Of(instance, c);
                    referenceText = $"The NCF flow's final direction lies at cosine {Vectors.Dot(reference, ncf.FinalDirection):F8} from a KKT point u* certified exactly ({cert.Method}): N(u*) = {cls.Value[..Math.Min(14, cls.Value.Length)]}…, layer ranks {string.Join(",", cls.LayerRanks)}. " +
                        "Cosines of both flows are to u*.";
                }
                else
                {
                    reference = ncf.FinalDirection;
                    string why = string.IsNullOrWhiteSpace(cert.Reason) ? "no exact certificate was found" : cert.Reason;
                    referenceText = $"No certified KKT point is available for this start (the NCF flow's final direction could not be certified: {why}). " +
                        "Cosines of both flows are to the NCF flow's final direction, a numeric direction; the NCF flow's own cosine therefore ends at 1 by construction and says nothing about convergence.";
                }
            }
            double tauEnd = ncf.BlowupTime ?? ncf.FinalTime;
            double scale = Math.Pow(Delta, lambda - 2);
            train = FlowSimulator.Run(model, FlowKind.Training, w0, new FlowOptions { Delta = Delta, Until = FlowStop.At(1.25 * tauEnd / scale), Reference = reference, MaxSteps = 20_000, RelativeTolerance = 1e-9 }, null, budget.Token);
            return new Result(seed, Delta, ncf, train, referenceText, null, reference, certified);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new Result(seed, Delta, ncf, train, referenceText, e.Message.Split('\n')[0], reference, certified);
        }
    }
}
