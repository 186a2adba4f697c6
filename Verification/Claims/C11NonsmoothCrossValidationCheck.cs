using System.Globalization;
using Checker.Numeric;
using Checker.Numeric.Flows;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Verification.Claims.Witnesses;
using Checker.Verification.Contracts;
using Checker.Verification.FullNetwork;

namespace Checker.Verification.Claims;

/// <summary>
/// C11 (docs/theory.md#c11-non-smooth-cross-validation): for p = 1 nets with kinks, the Filippov NCF flow (sliding on
/// kinks included, <see cref="FilippovFlow"/>) from each of <see cref="Starts"/> seeded starts either collapses or
/// settles in direction on a Clarke KKT point with N ≥ 0 that Checker certifies exactly. Per start: the NCF flow runs to
/// its natural end; a limit direction is polished by the (Filippov) sphere flow and handed to the exact certifier
/// (<see cref="KktCertifier"/>: rational snap, kink-face solve decided by the Clarke engine); the start holds when the
/// certified point is within cosine 1 − <see cref="Epsilon"/> of the NCF flow's final direction and has N ≥ 0. A limit
/// no certified point matches is a finding (start and final direction reported): the verdict is then inconclusive, since
/// the exact side may simply have failed to certify a genuine KKT point. A certified limit with N &lt; 0 would be a
/// counterexample.
/// </summary>
public sealed class C11NonsmoothCrossValidationCheck : FlowClaimCheck
{
    public const int Starts = 4;
    public const double Epsilon = 1e-3;

    protected override ClaimResult Check(Instance instance, NcfModel model, CheckContext context)
    {
        var (id, options, progress, ct) = (context.ClaimId, context.Options, context.Progress, context.Cancellation);
        var inv = CultureInfo.InvariantCulture;
        var runs = new List<C11Run>();
        int collapsed = 0, matched = 0, findings = 0;
        C11Run? negative = null;
        List<K1ReducedPoint>? reduced = null;
        bool reducedTried = false;
        List<K1ReducedPoint>? ReducedPoints()
        {
            if (reducedTried) return reduced;
            reducedTried = true;
            if (instance.Network.Depth != 2) return null;
            var r = K1TwoLayer.ReducedPoints(instance, options.Solver, DateTime.UtcNow + context.Budget.Remaining * 0.3, options.Seed, ct);
            return reduced = r.Complete ? r.Points : null;
        }
        for (int k = 0; k < Starts; k++)
        {
            ct.ThrowIfCancellationRequested();
            progress?.Report(new CheckProgress("Filippov NCF flows", k, Starts));
            int seed = options.Seed * 101 + k;
            string stage = "the NCF flow";
            try
            {
                var run = Start(instance, model, seed, ReducedPoints, ct, ref stage);
                runs.Add(run);
                if (run.Outcome == "collapse") collapsed++;
                else if (run.Problem is not null) findings++;
                else if (run.Value!.StartsWith('-')) negative ??= run;
                else matched++;
            }
            catch (MathNet.Numerics.NonConvergenceException)
            {
                // A numeric failure of this start's integration or polish: reported as such, never as a verdict.
                findings++;
                runs.Add(new C11Run(seed, "Failed", 0, null, null, null, $"{stage} failed (a numeric linear-algebra step did not converge)"));
            }
        }
        return Verdict_(id, runs, collapsed, matched, findings, negative, options.Seed);
    }

    private static C11Run Start(Instance instance, NcfModel model, int seed, Func<List<K1ReducedPoint>?> reducedPoints, CancellationToken ct, ref string stage)
    {
        {
            var w0 = SphereAscent.RandomDirection(model.WeightCount, seed);
            var ncf = FlowSimulator.Run(model, FlowKind.Ncf, w0, new FlowOptions { Until = FlowStop.Natural, MaxSteps = 200_000 }, null, ct);
            if (ncf.Outcome == FlowOutcome.Collapse)
                return new C11Run(seed, "collapse", ncf.SlidingSegments, null, null, null, null);
            var final = ncf.FinalDirection;
            string reached = ncf.Outcome.ToString();
            stage = "the sphere-flow polish";
            var sphere = FlowSimulator.Run(model, FlowKind.Sphere, final, new FlowOptions { Until = FlowStop.Natural, MaxSteps = 100_000 }, null, ct);
            if (ncf.Outcome is not (FlowOutcome.BlowUp or FlowOutcome.Stationary))
            {
                // The integrator stopped early (step-size underflow while chattering next to a kink, or its step budget).
                // For a homogeneous N the NCF flow's direction runs along the sphere flow's trajectory on another clock, and
                // its norm cannot reach 0 while N stays positive (docs/theory.md#c11-non-smooth-cross-validation): the
                // sphere flow continues the direction from where the integrator stopped. In the sphere flow's clock τ the
                // norm is r(τ) = r₀·exp(Λ∫N dτ): a rest point with N < 0 means the norm goes to 0 (a collapse); one with
                // N ≥ 0 stands in for the NCF flow's limit and is certified below; anything else stays a finding.
                if (sphere.Outcome != FlowOutcome.Stationary)
                    return new C11Run(seed, reached, ncf.SlidingSegments, null, null, null,
                        $"the flow did not reach a limit ({ncf.Outcome}{(ncf.Reason is null ? "" : ": " + ncf.Reason)}), and the sphere flow from its last direction did not settle either ({sphere.Outcome})") { FinalDirection = final };
                if (sphere.Final.Ncf < -1e-9)
                    return new C11Run(seed, "collapse", ncf.SlidingSegments, null, null, null, null);
                final = sphere.FinalDirection;
                reached = $"{ncf.Outcome}, direction continued by the sphere flow";
            }
            string? why = null;
            KktCertificate? certificate = null;
            KktEnclosure? enclosure = null;
            stage = "the exact certification";
            foreach (var candidate in new[] { sphere.FinalDirection, final })
            {
                var outcome = KktCertifier.Certify(instance, candidate, ct);
                if (outcome.Certificate is { } c && Vectors.Dot(c.NormalisedDoubles(), final) >= 1 - Epsilon) { certificate = c; break; }
                // An algebraic point on a kink face, proved by the Krawczyk test with the Clarke conditions on the box.
                if (outcome.Enclosure is { } e && Vectors.Dot(e.NormalisedDoubles(), final) >= 1 - Epsilon) { enclosure = e; break; }
                why ??= !outcome.Certified ? outcome.Reason ?? "no certificate" : "the certified point is farther than the tolerance from the flow's direction";
            }
            // The certifier's earlier routes may certify another point (its sweeps can move off the limit's face): the
            // limit's own face is then tried directly.
            if (certificate is null && enclosure is null && KinkFaceSolver.Applies(instance))
                foreach (var candidate in new[] { sphere.FinalDirection, final })
                    if (KinkFaceKrawczyk.Certify(instance, candidate, ct).Enclosure is { } e && Vectors.Dot(e.NormalisedDoubles(), final) >= 1 - Epsilon) { enclosure = e; break; }
            if (enclosure is not null)
                return new C11Run(seed, reached, ncf.SlidingSegments, Vectors.Dot(enclosure.NormalisedDoubles(), final),
                    enclosure.ValueDecimal,
                    "Krawczyk interval proof on the kink face (slopes in [a₋, a₊], every kink pattern adjacent)", null)
                { Proof = enclosure.Proof };
            if (certificate is null && (SnapAndDecide(instance, final, ct) ?? ReducedSnap(instance, final, reducedPoints(), ct)) is { } snapped)
            {
                var (point, decision, cosine) = snapped;
                var value = Exact.SqrtDecimal.Exact(decision.NormalisedValueSquared, decision.Value.Sign);
                return new C11Run(seed, reached, ncf.SlidingSegments, cosine, value,
                    "Clarke engine at the flow's direction snapped to exact kinks or to the reduced KKT points", null)
                { Point = point.ToLayers() };
            }
            if (certificate is null)
                return new C11Run(seed, reached, ncf.SlidingSegments, null, null, null, why) { FinalDirection = final };
            var cls = KktClassification.Of(instance, certificate);
            return new C11Run(seed, reached, ncf.SlidingSegments, Vectors.Dot(certificate.NormalisedDoubles(), final),
                certificate.Sign < 0 && !cls.Value.StartsWith('-') ? "-" + cls.Value : cls.Value,
                certificate.Clarke is null ? "exact rational KKT certificate" : "Clarke engine (adjacency by arcs, exact convex weights)", null)
            { Point = certificate.Point.ToLayers() };
        }
    }

    private static ClaimResult Verdict_(string id, List<C11Run> runs, int collapsed, int matched, int findings, C11Run? negative, int seed0)
    {
        var inv = CultureInfo.InvariantCulture;
        var evidence = new C11Evidence { Seed = seed0, Epsilon = Epsilon, Starts = Starts, Collapsed = collapsed, Matched = matched, Findings = findings, Runs = runs };
        string summary = $"{Starts} seeded Filippov NCF flows (sliding on kinks included): {collapsed} collapse, {matched} settle in direction on an exactly certified Clarke KKT point with N ≥ 0 (cosine ≥ 1 − ε, ε = {Epsilon.ToString("G", inv)})";
        if (negative is not null)
            return new ClaimResult(id, Verdict.Counterexample,
                $"{summary}; the flow from seed {negative.Seed} settles on a certified KKT point with N = {negative.Value} < 0", Evidence: evidence, Witness: null);
        if (findings > 0)
            return new ClaimResult(id, Verdict.Inconclusive,
                $"{summary}; {findings} limit(s) match no certified point (a finding, listed with start and final direction in the evidence: "
                + string.Join("; ", runs.Where(r => r.Problem is not null).Select(r => $"seed {r.Seed}: {r.Problem}")) + ")",
                Evidence: evidence);
        return new ClaimResult(id, Verdict.HoldsNumerically, summary, Evidence: evidence);
    }

    /// <summary>
    /// Two-layer nets (docs/theory.md#k1-on-two-layer-nets): every active neuron of a KKT point sits on a positive reduced
    /// KKT point of s_j·F, all of one value. Each neuron of the flow's direction is snapped to the nearest reduced point of
    /// its output sign (w_j = c_j·g, v_j = s_j·c_j with c_j ≈ |v_j| rational; neurons below 10⁻⁴ dropped), and the
    /// result decided by the Clarke engine and compared as in <see cref="SnapAndDecide"/>. This is what certifies limits
    /// inside a continuum (several neurons on one reduced point, split in any proportion).
    /// </summary>
    private static (Symbolic.Model.WeightPoint Point, Clarke.ClarkeKktResult Decision, double Cosine)? ReducedSnap(Instance instance, double[] u, List<K1ReducedPoint>? points, CancellationToken ct)
    {
        if (points is null || points.Count == 0) return null;
        var net = instance.Network;
        int d = net.Widths[0], k = net.Widths[1];
        var flat = Enumerable.Repeat(Symbolic.Numbers.Rational.Zero, net.WeightCount).ToArray();
        for (int j = 0; j < k; j++)
        {
            var row = Enumerable.Range(0, d).Select(c => u[net.Index(1, j, c)]).ToArray();
            double v = u[net.Index(2, 0, j)], rn = Math.Sqrt(row.Sum(x => x * x));
            if (Math.Abs(v) < 1e-4 && rn < 1e-4) continue;
            int s = v >= 0 ? 1 : -1;
            K1ReducedPoint? best = null;
            double bestCos = -2;
            foreach (var p in points.Where(p => p.Sign == s))
            {
                var g = p.G.Select(x => x.ToDouble()).ToArray();
                double cos = Vectors.Dot(g, row) / (Math.Sqrt(Vectors.Dot(g, g)) * Math.Max(rn, 1e-300));
                if (cos > bestCos) (bestCos, best) = (cos, p);
            }
            if (best is null) return null;
            var c = RationalRounding.Nearest(Math.Abs(v), 1_000_000);
            if (c.IsZero) continue;
            for (int col = 0; col < d; col++) flat[net.Index(1, j, col)] = c * best.G[col];
            flat[net.Index(2, 0, j)] = s * c;
        }
        return Decided(instance, flat, u, ct);
    }

    /// <summary>
    /// The flow's own direction as an exact point: rounded to rationals, each first-layer row projected exactly onto
    /// the kinks its near-zero pre-activations are on (a rest point with N = 0, or a limit on a kink face, sits exactly
    /// there), then decided by the Clarke engine up to a positive rescaling of each layer. Accepted when it is a Clarke
    /// KKT point whose balanced representative is within cosine 1 − ε of the flow's direction.
    /// </summary>
    private static (Symbolic.Model.WeightPoint Point, Clarke.ClarkeKktResult Decision, double Cosine)? SnapAndDecide(Instance instance, double[] u, CancellationToken ct)
    {
        var net = instance.Network;
        var flat = u.Select(x => RationalRounding.Nearest(x, 1_000_000)).ToArray();
        int d = net.Widths[0];
        for (int j = 0; j < net.Widths[1]; j++)
        {
            var row = Enumerable.Range(0, d).Select(c => u[net.Index(1, j, c)]).ToArray();
            double rowNorm = Math.Sqrt(row.Sum(v => v * v));
            if (rowNorm == 0) continue;
            var kinked = instance.Inputs.Where(x =>
            {
                var xd = x.Select(v => v.ToDouble()).ToArray();
                double xn = Math.Sqrt(xd.Sum(v => v * v));
                return xn > 0 && Math.Abs(Vectors.Dot(xd, row)) <= 1e-6 * xn * rowNorm;
            }).ToArray();
            if (kinked.Length == 0) continue;
            var w = Enumerable.Range(0, d).Select(c => flat[net.Index(1, j, c)]).ToArray();
            var gram = kinked.Select(a => kinked.Select(b => Exact.RationalLinearAlgebra.Dot(a, b)).ToArray()).ToArray();
            var alpha = Exact.RationalLinearAlgebra.Solve(gram, kinked.Select(a => Exact.RationalLinearAlgebra.Dot(a, w)).ToArray(), kinked.Length)?.Particular;
            if (alpha is null) return null;
            for (int t = 0; t < kinked.Length; t++)
                for (int c = 0; c < d; c++) w[c] -= alpha[t] * kinked[t][c];
            for (int c = 0; c < d; c++) flat[net.Index(1, j, c)] = w[c];
        }
        return Decided(instance, flat, u, ct);
    }

    private static (Symbolic.Model.WeightPoint Point, Clarke.ClarkeKktResult Decision, double Cosine)? Decided(Instance instance, Symbolic.Numbers.Rational[] flat, double[] u, CancellationToken ct)
    {
        var net = instance.Network;
        if (flat.All(v => v.IsZero)) return null;
        var point = new Symbolic.Model.WeightPoint(net, flat);
        Clarke.ClarkeKktResult decision;
        try { decision = Clarke.ClarkeKkt.Decide(instance, point, Clarke.SubdifferentialMode.Clarke, new Clarke.ClarkeOptions(), ct); }
        catch (ArgumentException) { return null; }
        if (decision.Kkt != true) return null;
        // The balanced representative ‖c_l W_l‖² = p^{L−l}/Λ when N ≠ 0 (any scaling is KKT when N = 0).
        var v = new double[net.WeightCount];
        for (int l = 1; l <= net.Depth; l++)
        {
            int o = net.Offset(l);
            var (r, c) = net.Shape(l);
            double norm = Math.Sqrt(Enumerable.Range(o, r * c).Sum(k => flat[k].ToDouble() * flat[k].ToDouble()));
            double scale = decision.Value.IsZero || norm == 0 ? 1 : Math.Sqrt((double)net.LayerDegree(l) / (double)net.Degree) / norm;
            for (int k = o; k < o + r * c; k++) v[k] = flat[k].ToDouble() * scale;
        }
        double vn = Math.Sqrt(v.Sum(x => x * x)), un = Math.Sqrt(u.Sum(x => x * x));
        double cosine = Vectors.Dot(v, u) / (vn * un);
        return cosine >= 1 - Epsilon ? (point, decision, cosine) : null;
    }
}
