using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Certificates;
using Checker.Verification.FullNetwork;
using Checker.Verification.RankOne;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Verification.Claims;

/// <summary>
/// C3 (docs/theory.md#c3-layer-norm-law): at every KKT point with N ≠ 0, ‖W_l‖_F² = p^{L−l}/Λ.
/// <para>
/// General part (a proof for every KKT point of the instance): C3 follows from the per-layer Euler identity
/// ⟨W_l, ∇_{W_l}N⟩ = p^{L−l}N (docs/theory.md#c1-euler-identity). At a KKT point ∇N(u) = λu, so λ‖W_l‖² = p^{L−l}N; summing over l
/// gives λ = ΛN (C2, ‖u‖ = 1), and with N ≠ 0 (so λ ≠ 0) ‖W_l‖² = p^{L−l}N/(ΛN) = p^{L−l}/Λ. The identity is proved as
/// a polynomial identity on every pattern piece of every sample (<see cref="EulerPieceIdentities"/>). For p = 1 at a
/// kink the Clarke element with slopes θ ∈ [a₋, a₊] per neuron is multilinear in the θ's, hence a convex combination of
/// its values at the box vertices; each vertex is the gradient of one pattern piece evaluated at the point (the point
/// lies on the closure of that piece, where the piece polynomial still agrees with the network), so the identity —
/// linear in the gradient — holds for every Clarke choice too.
/// </para>
/// <para>
/// Concrete part (checked in rationals, independently of the argument above): every positive rank-one KKT point lifted
/// from the complete reduced enumerations (p = 1, L ≥ 2; <see cref="RankOneSurvey"/>), and every full-network KKT
/// point certified exactly from seeded sphere ascents (<see cref="FullNetworkKkt"/>, any p), with N ≠ 0.
/// </para>
/// </summary>
public sealed class C3LayerNormLawCheck : IClaimCheck
{


    public ClaimResult Check(Instance instance, CheckContext context)
    {
        var (id, options, progress, cancellationToken) = (context.ClaimId, context.Options, context.Progress, context.Cancellation);
        var net = instance.Network;
        var lambda = new Rational(net.Degree);
        double Remaining() => context.Budget.Remaining.TotalSeconds;

        // 1. The general argument: per-layer Euler on every pattern piece (its stage of the budget at most).
        EulerProof.Result euler;
        using (var proof = context.Budget.For(BudgetStage.GeneralArgumentBeforeConcretePoints)) euler = EulerProof.Run(instance, context, EulerCertificates.Identity.PerLayer, proof);
        bool proved = euler.Proved;
        string generalText = proved
            ? $"proved for every KKT point with N ≠ 0: the per-layer Euler identity ⟨W_l, ∇_(W_l)N⟩ = p^(L−l)N holds as a polynomial identity on all {euler.PiecesChecked} pattern pieces (proof: {euler.Method}; all samples; every Clarke choice at kinks is a convex combination of pieces), and ∇N = λu, λ = ΛN ≠ 0 give ‖W_l‖² = p^(L−l)/Λ"
            : euler.Failure is not null ? $"the per-layer Euler identity FAILS ({euler.Failure}), so the general argument is unavailable"
            : $"the general argument was not completed ({euler.NotCompleted})";

        // Certificates of the general argument: per-layer Euler on every piece (unsat per file) and the algebraic step.
        var certificates = new List<string>(euler.Certificates);
        if (proved && options.CertificateDirectory is { } certDir) certificates.AddRange(EulerCertificates.WriteNormLawStep(instance, certDir, id));

        // 2. Concrete exact KKT points.
        int rankOne = 0, full = 0, enclosed = 0, skippedZero = 0;
        string? concreteNote = null;
        var want = Enumerable.Range(1, net.Depth).Select(l => new Rational(net.LayerDegree(l)) / lambda).ToArray();
        if (net.Activation.Power == 1 && net.Depth >= 2)
        {
            var survey = RankOneSurvey.Run(instance, options with { TimeoutSeconds = context.Budget.Length(BudgetStage.RankOneLiftsBeforeFullNetwork).TotalSeconds }, progress, cancellationToken, randomProbes: 0);
            certificates.AddRange(survey.Certificates);
            if (!survey.Complete) concreteNote = $"rank-one lifts not all available ({survey.Reason})";
            foreach (var e in survey.Entries.Where(e => e.Decision.Kkt))
            {
                if (e.Decision.Ncf.IsZero) { skippedZero++; continue; }
                var lift = RankOneLift.Build(instance, e.Signs, e.B, e.Factors, RankOneLift.FactorChoices().First(f => f.Name == e.Factors).Make)!;
                // Balanced point v = (W₁, c W₂⁰, …, c W_L⁰) with c² = q (RankOneLift): every ‖W_l(v)‖² is rational.
                var norms = Enumerable.Range(1, net.Depth).Select(l => (l == 1 ? Rational.One : lift.Q) * lift.Rational.LayerNormSquared(l)).ToArray();
                var total = norms.Aggregate(Rational.Zero, (x, y) => x + y);
                for (int l = 1; l <= net.Depth; l++)
                    if (norms[l - 1] / total != want[l - 1])
                    {
                        string where = $"the rank-one KKT point from b = {RankOneSurvey.Vec(e.B)} (signs {string.Join(",", e.Signs)}, a_l = {e.Factors})";
                        if (options.CertificateDirectory is { } d)
                            certificates.Add(EulerCertificates.WriteNormShareWitness(instance, d, id, lift.Rational.Flat.ToArray(),
                                Enumerable.Range(1, net.Depth).Select(k => k == 1 ? Rational.One : lift.Q).ToArray(), l, where));
                        return Violation(id, where, l, norms[l - 1] / total, want[l - 1], certificates);
                    }
                rankOne++;
            }
        }
        if (Remaining() > 1)
        {
            var found = FullNetworkKkt.Find(instance, new FullNetworkKktOptions { Starts = 8, Seed = options.Seed, TimeoutSeconds = context.Budget.Length(BudgetStage.SearchBeforeReport).TotalSeconds, Solver = options.Solver }, progress, cancellationToken);
            foreach (var pt in found.Points)
            {
                if (pt.Enclosure is { } box)
                {
                    // p ≥ 2: the KKT point is algebraic, proved unique in a Krawczyk box; ‖W_l‖² is enclosed by intervals
                    // (outward rounded), so an interval that excludes p^(L−l)/Λ would prove a violation.
                    if (box.Sign == 0) { skippedZero++; continue; }
                    for (int l = 1; l <= net.Depth; l++)
                        if (!box.LayerNormSquared[l - 1].Contains(want[l - 1]))
                        {
                            if (options.CertificateDirectory is { } d)
                                certificates.Add(KktPointCertificate.Write(d, $"{id}-counterexample-kkt-point.smt2", instance, box,
                                    $"{id} counterexample: the KKT point below (proved by the Krawczyk test) has ||W_{l}||^2 in {box.LayerNormSquared[l - 1]}, which excludes {want[l - 1]}"));
                            return new ClaimResult(id, Verdict.Counterexample,
                                $"at the Krawczyk-certified KKT point {pt.Key} ‖W_{l}‖² lies in {box.LayerNormSquared[l - 1]}, which excludes p^(L−l)/Λ = {want[l - 1]}",
                                Witness: new C3EnclosureWitness(pt.Key, l, box.LayerNormSquared[l - 1].ToString(), want[l - 1].ToString()), Certificates: certificates);
                        }
                    full++;
                    enclosed++;
                    continue;
                }
                if (pt.Certificate is not { } c) continue;
                if (c.Sign == 0) { skippedZero++; continue; }
                for (int l = 1; l <= net.Depth; l++)
                    if (c.LayerNormShare(l) != want[l - 1])
                    {
                        if (options.CertificateDirectory is { } d)
                            certificates.Add(EulerCertificates.WriteNormShareWitness(instance, d, id, c.Point.Flat.ToArray(),
                                Enumerable.Range(1, net.Depth).Select(c.LayerScaleSquared).ToArray(), l, $"the certified full-network KKT point {pt.Key}"));
                        return Violation(id, $"the certified full-network KKT point {pt.Key}", l, c.LayerNormShare(l), want[l - 1], certificates);
                    }
                full++;
            }
        }
        var scope = $"checked exactly at {rankOne} rank-one KKT points (lifts of the complete reduced enumerations) and {full} certified full-network KKT points from {8} seeded sphere ascents (seed {options.Seed}{(enclosed > 0 ? $"; {enclosed} of them algebraic, proved by Krawczyk boxes whose outward-rounded ‖W_l‖² intervals contain p^(L−l)/Λ" : "")}), all with N ≠ 0" +
                    (skippedZero > 0 ? $"; {skippedZero} KKT points with N = 0 are outside the claim" : "") + (concreteNote is not null ? $"; {concreteNote}" : "");
        var evidence = new C3Evidence
        {
            GeneralProof = proved, PatternPieces = euler.PiecesChecked, RankOnePoints = rankOne, FullNetworkPoints = full,
            FullNetworkEnclosures = enclosed, Seed = options.Seed,
        };
        if (proved) return new ClaimResult(id, Verdict.Holds, $"{generalText}; {scope}", Evidence: evidence, Certificates: certificates);
        return new ClaimResult(id, Verdict.Inconclusive, $"{generalText}; only the concrete points were checked: {scope}", Evidence: evidence, Certificates: certificates);
    }

    private static ClaimResult Violation(string id, string where, int layer, Rational got, Rational want, IReadOnlyList<string> certificates) =>
        new(id, Verdict.Counterexample, $"at {where} ‖W_{layer}‖² = {got} at the normalised point, C3 says {want}",
            Witness: new C3NormWitness(where, layer, got.ToString(), want.ToString()), Certificates: certificates);
}
