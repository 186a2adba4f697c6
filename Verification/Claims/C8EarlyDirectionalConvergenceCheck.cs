using Checker.Numeric;
using Checker.Verification.Contracts;
using System.Globalization;
using Checker.Numeric.Flows;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Verification.FullNetwork;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Verification.Claims;

/// <summary>
/// C8 (docs/theory.md#c8-early-directional-convergence), early directional convergence, checked numerically and cross-validated against an exact KKT point
/// where one exists (issue 5). From a seeded w₀:
/// <list type="number">
/// <item>the NCF flow from w₀ gives the limit direction u* (blow-up or rest) or collapse; u* is certified exactly when
/// it has a rational representative (<see cref="KktCertifier"/>), otherwise its numeric KKT residual is reported;</item>
/// <item>T_ε is the first NCF time with cos(u(τ), u*) ≥ 1 − ε/4, before the blow-up (a time by which the NCF flow is
/// already in the ε-cone, so the training flow, which follows it for small δ, should be too);</item>
/// <item>for each δ of a ladder the training flow from δw₀ runs to t = T_ε/δ^{Λ−2}; measured are cos(w, u*) and
/// C = max_t ‖w(t)‖/δ on that interval.</item>
/// </list>
/// Verdict: holds-numerically when the two smallest δ satisfy cos ≥ 1 − ε (or ‖w‖ ≤ εδ after a collapse), with ε, C,
/// the cosines and δ̄ (the largest δ from which on every δ of the ladder satisfies it); inconclusive when the NCF flow
/// has not converged in direction, or the smallest δ do not satisfy it (a numeric check cannot refute a limit claim).
/// </summary>
public sealed class C8EarlyDirectionalConvergenceCheck : IClaimCheck
{
    public const double Epsilon = 1e-2;
    public static readonly double[] DeltaLadder = [1e-1, 3e-2, 1e-2, 3e-3, 1e-3];
    /// <summary>The NCF limit direction counts as converged when its tangential gradient is below this (relative).</summary>
    public const double DirectionTolerance = 1e-6;
    /// <summary>Entering the ε/4-cone within this fraction of τ* before the blow-up counts as unresolved in τ: the
    /// flows are then compared at equal norm (<see cref="AtEqualNorm"/>).</summary>
    public const double UnresolvedFraction = 1e-6;
    /// <summary>Step budget of one training flow in the equal-norm comparison.</summary>
    public const long RungStepBudget = 200_000;



    /// <summary>
    /// C8 when the NCF direction enters the ε/4-cone only after τ* is located (large Λ: within 10^{−14}·τ* of the
    /// blow-up, below the resolution of the τ clock, so T_ε/δ^{Λ−2} cannot be told from τ*/δ^{Λ−2} in doubles and an
    /// integrator in τ fails there), or within <see cref="UnresolvedFraction"/>·τ* of it (where the training flow's
    /// end time is resolved but its phase error is not small against τ* − T_ε). Both flows are integrated in polar variables (<see cref="PolarTrainingSystem"/>):
    /// the NCF flow from w₀ until cos(u, u*) ≥ 1 − ε/4, at norm C_ε = ‖u(T_ε)‖; each training flow from δw₀ until the
    /// first time t_δ with ‖w‖ = C_ε·δ — the instant at which the rescaled flow, which follows the NCF flow up to its
    /// O((δ‖z‖)^Λ) perturbation, has the NCF flow's norm at T_ε. So ‖w‖ ≤ C_εδ on [0, t_δ] by construction, the
    /// direction at t_δ is measured, and t_δ·δ^{Λ−2} is reported against T_ε (docs/theory.md#c8-early-directional-convergence).
    /// </summary>
    private static ClaimResult AtEqualNorm(string id, NcfModel model, double[] w0, double[] reference, string referenceText, C8Evidence evidence, double lambda, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        int k = model.WeightCount;
        const double rtol = 1e-12;
        var ncfSystem = new PolarTrainingSystem(model, 0);
        var cone = new Numeric.Integration.OdeEvent("cone", 1, (t, y, v) => v[0] = Vectors.Dot(ncfSystem.Direction(y), reference) - (1 - Epsilon / 4), true, +1);
        var ncf = ncfSystem.RunUntil(w0, cone, rtol, 2_000_000, ct);
        if (ncf is null)
            return new ClaimResult(id, Verdict.Inconclusive, $"{referenceText}; the NCF flow in polar variables did not enter the ε/4-cone around u* within its step budget", Evidence: evidence);
        double sEps = ncf.Value.State[k], tEps = ncf.Value.State[k + 1], cEps = Math.Exp(sEps);
        evidence.TEpsilon = tEps;
        evidence.MatchedNorm = cEps;
        var rows = new List<(double Delta, double Cos, double Tau, bool Ok)>();
        foreach (var delta in DeltaLadder)
        {
            ct.ThrowIfCancellationRequested();
            var system = new PolarTrainingSystem(model, delta);
            var norm = new Numeric.Integration.OdeEvent("norm", 1, (t, y, v) => v[0] = y[k] - sEps, true, +1);
            // A rung whose flow never reaches C_εδ (it comes to rest at a minimum of the loss below that norm, where the
            // polar field is stiff and an explicit integrator crawls) is reported as such after its budget; it only
            // lowers δ̄, since the verdict rests on the two smallest δ, which reach C_εδ in a few hundred steps.
            var run = system.RunUntil(w0, norm, rtol, RungStepBudget, ct);
            if (run is null) { rows.Add((delta, double.NaN, double.NaN, false)); continue; }
            double cos = Vectors.Dot(system.Direction(run.Value.State), reference);
            rows.Add((delta, cos, run.Value.State[k + 1], cos >= 1 - Epsilon));
        }
        evidence.Deltas = rows.Select(r => r.Delta).ToArray();
        evidence.Cosines = rows.Select(r => r.Cos).ToArray();
        evidence.RescaledTimes = rows.Select(r => r.Tau).ToArray();
        evidence.NormBoundC = cEps;
        int firstOk = rows.Count;
        while (firstOk > 0 && rows[firstOk - 1].Ok) firstOk--;
        string table = string.Join("; ", rows.Select(r => double.IsNaN(r.Cos)
            ? $"δ = {r.Delta.ToString("G2", inv)}: ‖w‖ does not reach C_εδ within {RungStepBudget} steps"
            : $"δ = {r.Delta.ToString("G2", inv)}: cos = {r.Cos.ToString("F6", inv)}, t_δ·δ^(Λ−2) = T_ε·(1 {(r.Tau >= tEps ? "+" : "−")} {Math.Abs(r.Tau / tEps - 1).ToString("G2", inv)})"));
        string how = $"ε = {Epsilon}, {referenceText}; the NCF direction enters the ε/4-cone only at ‖u‖ = C_ε = {cEps.ToString("G4", inv)}, at T_ε = {tEps.ToString("G10", inv)} (NCF clock), {Closeness(evidence.NcfBlowupTime, tEps)} of the blow-up, so the flows are compared at equal norm (both integrated in polar variables, tolerance {rtol:G1} relative): each training flow stops at the first t_δ with ‖w‖ = C_εδ, hence ‖w(t)‖ ≤ C_εδ on [0, t_δ]";
        if (firstOk <= rows.Count - 2)
        {
            evidence.DeltaBar = rows[firstOk].Delta;
            return new ClaimResult(id, Verdict.HoldsNumerically, $"{how}; at t_δ: {table}; holds for δ ≤ δ̄ = {rows[firstOk].Delta.ToString("G2", inv)} with C = C_ε", Evidence: evidence);
        }
        return new ClaimResult(id, Verdict.Inconclusive, $"{how}; the smallest δ of the ladder do not reach the ε-cone yet: {table}", Evidence: evidence);
    }

    /// <summary>How close T_ε is to τ*: below the resolution of τ (the large-Λ case) or the measured fraction of τ*.</summary>
    private static string Closeness(double? tStar, double tEps)
    {
        if (tStar is not { } t || !(t > 0)) return $"within {UnresolvedFraction:G1}·τ*";
        double fraction = (t - tEps) / t;
        return fraction <= 1e-14 ? "within 1e-14·τ*" : $"{fraction.ToString("G2", CultureInfo.InvariantCulture)}·τ* before τ* (within {UnresolvedFraction:G1}·τ*, unresolved by a training flow in τ)";
    }

    public ClaimResult Check(Instance instance, CheckContext context)
    {
        var (id, options, progress, cancellationToken) = (context.ClaimId, context.Options, context.Progress, context.Cancellation);
        var inv = CultureInfo.InvariantCulture;
        if (instance.FirstEntryOutsideDoubleRange() is { } field)
            return new ClaimResult(id, Verdict.Inconclusive, $"{field} does not fit in a double, so the numeric flows cannot run on this data (nothing was checked)");
        var model = NcfModel.Compile(instance);
        double lambda = (double)instance.Network.Degree;
        var w0 = SphereAscent.RandomDirection(model.WeightCount, options.Seed);
        progress?.Report(new CheckProgress("NCF flow", 0, DeltaLadder.Length + 1));
        var ncf = FlowSimulator.Run(model, FlowKind.Ncf, w0, new FlowOptions { Until = FlowStop.Natural, MaxSteps = 500_000 }, null, cancellationToken);
        var evidence = new C8Evidence { Seed = options.Seed, Epsilon = Epsilon, NcfOutcome = ncf.Outcome.ToString() };
        bool collapse = ncf.Outcome == FlowOutcome.Collapse;
        if (!collapse && ncf.Outcome is not (FlowOutcome.BlowUp or FlowOutcome.Stationary))
            return new ClaimResult(id, Verdict.Inconclusive, $"the NCF flow from the seeded start did not reach a limit ({ncf.Outcome}{(ncf.Reason is null ? "" : ": " + ncf.Reason)}); no reference direction", Evidence: evidence);

        double[]? reference = null;
        string referenceText = "";
        double T;
        if (!collapse)
        {
            // The direction converges only as τ → τ*, and the run stops once τ* is located. In the polar variables the
            // NCF direction obeys exactly the sphere flow in σ (docs/theory.md#ncf-flow), which runs on past τ*: so the
            // sphere flow from the NCF flow's last direction continues that same direction to its limit u*, a KKT point
            // when its tangential gradient vanishes. (Integration error could only matter next to a saddle; the polar
            // re-run of the NCF flow below confirms that it does enter the ε/4-cone around u*.)
            double[] limit;
            double residual, gap;
            if (ncf.Outcome == FlowOutcome.Stationary)
            {
                // A rest point u∞ with N = 0 (docs/theory.md#ncf-flow): the flow itself has converged (its tangential
                // gradient and N below 1e-9 of the start's gradient), and u* is its direction. The sphere flow must not
                // continue it: at N = 0 the rest direction is typically a saddle of N on the sphere, and the sphere flow
                // started on it drifts to another KKT point (census depth3-02: to one with N = 6.75, 1 − cos = 0.53).
                // At such a point ∇N itself vanishes, so its residual is measured against ‖∇N(w₀)‖, the flow's own scale.
                limit = ncf.FinalDirection;
                var g0 = new double[model.WeightCount];
                model.NcfAndGradient(w0, g0);
                residual = FlowSimulator.TangentialResidual(model, limit) / Math.Max(1e-300, Math.Sqrt(Vectors.Dot(g0, g0)));
                gap = 0;
            }
            else
            {
                var sphere = FlowSimulator.Run(model, FlowKind.Sphere, ncf.FinalDirection, new FlowOptions { Until = FlowStop.Natural, MaxSteps = 200_000 }, null, cancellationToken);
                limit = sphere.FinalDirection;
                var g = new double[model.WeightCount];
                model.NcfAndGradient(limit, g);
                residual = FlowSimulator.TangentialResidual(model, limit) / Math.Max(1e-300, Math.Sqrt(Vectors.Dot(g, g)));
                gap = 1 - Vectors.Dot(limit, ncf.FinalDirection);
            }
            evidence.NcfDirectionResidual = residual;
            evidence.NcfToLimitCosineGap = gap;
            if (residual > DirectionTolerance)
                return new ClaimResult(id, Verdict.Inconclusive, ncf.Outcome == FlowOutcome.Stationary
                    ? $"the NCF flow's rest direction has tangential gradient {residual:G3} relative to ‖∇N(w₀)‖ (need ≤ {DirectionTolerance:G2})"
                    : $"the NCF flow's direction, continued by the sphere flow, has not settled: its relative tangential gradient is {residual:G3} (need ≤ {DirectionTolerance:G2}; the NCF flow's last direction is at 1 − cos = {gap:G3} from it, {ncf.Outcome})", Evidence: evidence);
            var cert = KktCertifier.Certify(instance, limit, cancellationToken);
            if (cert.Certificate is { } c && Vectors.Dot(c.NormalisedDoubles(), limit) > 1 - 1e-9)
            {
                reference = c.NormalisedDoubles();
                var cls = KktClassification.Of(instance, c);
                referenceText = $"u* certified exactly as a KKT point (N(u*) = {cls.Value[..Math.Min(14, cls.Value.Length)]}…, ranks {string.Join(",", cls.LayerRanks)})";
                evidence.UStarCertified = true;
                evidence.UStarValue = cls.Value;
            }
            else if (cert.Enclosure is { } box && Vectors.Dot(box.NormalisedDoubles(), limit) > 1 - 1e-9)
            {
                // p ≥ 2: the KKT point is algebraic; the Krawczyk test proves exactly one in a small box around u*.
                reference = box.NormalisedDoubles();
                referenceText = $"u* proved by the Krawczyk test to lie in a box of radius {box.Radius.ToDouble():G2} holding exactly one KKT point (N(u*) = {box.ValueDecimal[..Math.Min(14, box.ValueDecimal.Length)]}…)";
                evidence.UStarCertified = true;
                evidence.UStarValue = box.ValueDecimal;
            }
            else
            {
                reference = limit;
                referenceText = ncf.Outcome == FlowOutcome.Stationary
                    ? $"u* = the direction of the NCF flow's rest point (N = 0), a numeric KKT point (tangential gradient {residual:G2} of ‖∇N(w₀)‖; not certified exactly: {cert.Reason ?? "no certificate"})"
                    : $"u* = the NCF limit direction polished by the sphere flow, a numeric KKT point (relative residual {residual:G2}; not certified exactly: {cert.Reason ?? "no certificate"})";
                evidence.UStarCertified = false;
            }
            // Re-run with the reference so the samples carry cos(u(τ), u*); T_ε = first τ in the ε/4-cone.
            var withRef = FlowSimulator.Run(model, FlowKind.Ncf, w0, new FlowOptions { Until = FlowStop.Natural, MaxSteps = 500_000, Reference = reference }, null, cancellationToken);
            var entry = withRef.Samples.FirstOrDefault(s => s.Cosine >= 1 - Epsilon / 4);
            if (withRef.BlowupTime is { } blowup) evidence.NcfBlowupTime = blowup;
            // Equal norm also when the cone is entered so close to τ* that a training flow integrated in τ cannot
            // place its end on the right side of the turn: near the blow-up the direction turns by O(1) within
            // τ* − τ, and a phase error of the integration (rtol 1e-12, amplified along the way) of that size gives
            // any cosine at all (census depth3-14 of seed 21, Λ = 7: τ* − T_ε = 1.4e-12·τ*, cosines 0.977 at every δ).
            if (withRef.Outcome == FlowOutcome.BlowUp && withRef.BlowupTime is { } tStar
                && (entry is null || tStar - entry.Time < UnresolvedFraction * tStar))
                return AtEqualNorm(id, model, w0, reference, referenceText, evidence, lambda, cancellationToken);
            if (entry is null) return new ClaimResult(id, Verdict.Inconclusive, "the NCF flow's recorded samples never enter the ε/4-cone around u*", Evidence: evidence);
            T = entry.Time;
            if (withRef.BlowupTime is { } tb) evidence.NcfBlowupTime = tb;
        }
        else
        {
            T = ncf.FinalTime;
            referenceText = "the NCF flow collapses, so the claim asks for ‖w‖ ≤ εδ";
        }
        evidence.TEpsilon = T;

        var rows = new List<(double Delta, double Cos, double C, double NormRatio, bool Ok)>();
        int k = 0;
        foreach (var delta in DeltaLadder)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new CheckProgress($"training flow δ = {delta}", ++k, DeltaLadder.Length + 1));
            double tEnd = T / Math.Pow(delta, lambda - 2);
            var tr = FlowSimulator.Run(model, FlowKind.Training, w0, new FlowOptions { Delta = delta, Until = FlowStop.At(tEnd), Reference = reference, MaxSteps = 500_000 }, null, cancellationToken);
            if (tr.Outcome is FlowOutcome.Timeout or FlowOutcome.Failed or FlowOutcome.StepLimit)
                return new ClaimResult(id, Verdict.Inconclusive, $"the training flow with δ = {delta} did not reach T_ε/δ^(Λ−2) ({tr.Outcome}{(tr.Reason is null ? "" : ": " + tr.Reason)})", Evidence: evidence);
            double cMax = tr.Samples.Max(s => s.Norm) / delta;
            double ratio = tr.Final.Norm / delta;
            double cos = collapse ? double.NaN : tr.Final.Cosine;
            bool ok = collapse ? ratio <= Epsilon : cos >= 1 - Epsilon;
            rows.Add((delta, cos, cMax, ratio, ok));
        }
        double C = rows.Max(r => r.C);
        evidence.NormBoundC = C;
        evidence.Deltas = rows.Select(r => r.Delta).ToArray();
        if (collapse) evidence.NormOverDelta = rows.Select(r => r.NormRatio).ToArray();
        else evidence.Cosines = rows.Select(r => r.Cos).ToArray();
        int firstOk = rows.Count;
        while (firstOk > 0 && rows[firstOk - 1].Ok) firstOk--;
        string table = string.Join("; ", rows.Select(r => collapse
            ? $"δ = {r.Delta.ToString("G2", inv)}: ‖w‖/δ = {r.NormRatio.ToString("G3", inv)}"
            : $"δ = {r.Delta.ToString("G2", inv)}: cos = {r.Cos.ToString("F6", inv)}"));
        if (firstOk <= rows.Count - 2)
        {
            evidence.DeltaBar = rows[firstOk].Delta;
            return new ClaimResult(id, Verdict.HoldsNumerically,
                $"ε = {Epsilon}, T_ε = {T.ToString("G4", inv)} (NCF clock), {referenceText}; at t = T_ε/δ^(Λ−2): {table}; holds for δ ≤ δ̄ = {rows[firstOk].Delta.ToString("G2", inv)}; ‖w(t)‖ ≤ Cδ on [0, T_ε/δ^(Λ−2)] with C = {C.ToString("F4", inv)} (integrator tolerance 1e-12 relative)",
                Evidence: evidence);
        }
        return new ClaimResult(id, Verdict.Inconclusive,
            $"ε = {Epsilon}, T_ε = {T.ToString("G4", inv)}, {referenceText}; the smallest δ of the ladder do not reach the ε-cone yet: {table}; C = {C.ToString("F4", inv)}",
            Evidence: evidence);
    }
}
