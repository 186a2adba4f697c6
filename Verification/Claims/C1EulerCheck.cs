using Checker.Verification.Contracts;
using System.Numerics;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Certificates;
using Checker.Verification.Euler;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Verification.Claims;

/// <summary>
/// C1 (docs/theory.md#c1-euler-identity): Euler's identity uᵀ∇N(u) = ΛN(u) and, per layer, ⟨W_l, ∇_{W_l}N⟩ = p^{L−l}N(u).
///
/// Two ways, and the result says which it used:
/// <list type="bullet">
/// <item><b>exact identity</b>: N = Σ_i y_i H(x_i) is linear in the per-sample outputs, so the identity for every joint
/// activation pattern follows from the identity for every piece y_i·H_s(x_i), s one of the 2^h sign patterns of the
/// h hidden neurons on sample i. When there are at most <see cref="MaxPieces"/> pieces, each is expanded to a
/// polynomial in w and the identities are checked as polynomial identities (see <see cref="PatternExpansion"/>). Kinks
/// are covered too: a Clarke choice c ∈ [a₋, a₊] at z = 0 gives the piece with σ(z) = c·z, and the identity is
/// multilinear in these slopes, so holding for the a₋ and a₊ pieces gives it for every choice.</item>
/// <item><b>random points</b>: otherwise, at seeded random rational points (and at constructed kink points, for every
/// vertex of the box of Clarke choices), in exact arithmetic. This is evidence, not a proof for the patterns it did not
/// visit, so the verdict is holds-numerically with tolerance 0, never holds.</item>
/// </list>
/// Any failure is re-checked by an independent evaluation before it is reported as a counterexample.
/// </summary>
public sealed class C1EulerCheck : IClaimCheck
{
    public const int MaxPieces = 4096;
    public const int RandomPoints = 64;
    public const int KinkPoints = 16;
    /// <summary>Size guard for one expanded piece (terms of any intermediate polynomial).</summary>
    public const long MaxTermsPerPiece = 200_000;



    public ClaimResult Check(Instance instance, CheckContext context)
    {
        var (id, options, progress, cancellationToken) = (context.ClaimId, context.Options, context.Progress, context.Cancellation);
        var net = instance.Network;
        var perSample = EulerPieceIdentities.PiecesPerSample(net);
        var joint = BigInteger.Pow(perSample, instance.SampleCount);
        string why = EulerProof.TooManyPieces(instance) ?? "";
        if (why.Length == 0)
        {
            // The proof (polynomial expansion, then SMT on the same piece queries) gets most of the time budget; if it
            // cannot finish, the rest goes to random points, so a large instance still gets (clearly labelled, weaker)
            // evidence rather than nothing.
            EulerProof.Result o;
            using (var proof = context.Budget.For(BudgetStage.EulerProofBeforeRandomPoints)) o = EulerProof.Run(instance, context, EulerCertificates.Identity.Both, proof);
            var evidence = new C1SymbolicEvidence
            {
                ProofRoute = o.Method,
                PiecesChecked = o.PiecesChecked,
                PiecesPerSample = (long)perSample,
                SamplesWithZeroLabel = o.SamplesSkipped,
                JointPatternsCovered = joint.ToString(),
            };
            if (o.Failure is not null)
            {
                // Independent re-check: a polynomial that is not zero must be non-zero somewhere; find such a point
                // inside the failing piece's region with the evaluator before calling it a counterexample.
                var point = RandomPointCheck(id, instance, options, null, cancellationToken, "re-check of a symbolic failure");
                if (point.Verdict == Verdict.Counterexample) return point;
                return new ClaimResult(id, Verdict.Inconclusive,
                    $"the symbolic identity failed ({o.Failure}) but no rational point reproduces it; an engine inconsistency to report, not a finding",
                    Witness: o.Witness, Evidence: evidence);
            }
            if (o.Proved)
            {
                // Certificates restate each piece's identities from the DAG for a stock solver (expected: unsat).
                if (options.CertificateDirectory is not null)
                {
                    evidence = evidence with
                    {
                        CertificateFiles = o.Certificates.Count,
                        CertificateGrouping = $"one file per sample with y_i ≠ 0 and block of ≤ {EulerCertificates.PiecesPerFile} sign patterns",
                    };
                }
                return new ClaimResult(id, Verdict.Holds,
                    $"proved ({o.Method}): uᵀ∇N = ΛN and ⟨W_l, ∇_(W_l)N⟩ = p^(L−l)N hold as polynomial identities in each of the {o.PiecesChecked} pattern pieces y_i·H_s(x_i) " +
                    $"({perSample} sign pattern(s) of the hidden neurons per sample{(o.SamplesSkipped > 0 ? $", {o.SamplesSkipped} sample(s) with y_i = 0 contribute nothing" : "")}), " +
                    $"hence in all {joint} joint activation patterns{(net.Activation.HasKink ? ", and for every Clarke choice at kinks (the identities are multilinear in the slopes, which the a₋ and a₊ pieces bound)" : "")}",
                    Evidence: evidence, Certificates: options.CertificateDirectory is null ? null : o.Certificates);
            }
            why = $"the symbolic proof did not complete: {o.NotCompleted}";
        }
        return RandomPointCheck(id, instance, options, progress, cancellationToken, why);
    }

    private static ClaimResult RandomPointCheck(string id, Instance instance, CheckOptions options, IProgress<CheckProgress>? progress, CancellationToken ct, string why)
    {
        var net = instance.Network;
        var rng = new Random(options.Seed);
        var patterns = new HashSet<ActivationPattern>();
        int points = 0, kinkPoints = 0, clarkeChoices = 0;
        int total = RandomPoints + (net.Activation.HasKink && net.Depth >= 2 ? KinkPoints : 0);
        for (int t = 0; t < total; t++)
        {
            if (ct.IsCancellationRequested)
                return new ClaimResult(id, Verdict.Inconclusive,
                    $"stopped by the time limit after {points} random and {kinkPoints} kink points, all satisfying the identity exactly; not enough to report a result",
                    Evidence: Evidence(options.Seed, points, kinkPoints, clarkeChoices, patterns.Count, why));
            progress?.Report(new CheckProgress("C1 random points", t, total));
            bool atKink = t >= RandomPoints;
            var w = RandomPoint(net, rng);
            if (atKink && !PlaceOnKink(instance, w, rng)) continue;
            var first = ExactEvaluator.Evaluate(instance, new WeightPoint(net, w));
            int kinks = first.Kinks.Count;
            int vertices = kinks == 0 ? 1 : (kinks <= 6 ? 1 << kinks : 2);
            for (int v = 0; v < vertices; v++)
            {
                int k = 0, vertex = v;
                Func<Kink, Rational> choice = kinks <= 6 ? kink => ((vertex >> k++) & 1) == 0 ? kink.Low : kink.High
                                                        : kink => vertex == 0 ? kink.Low : kink.High;
                var e = ExactEvaluator.Evaluate(instance, new WeightPoint(net, w), choice);
                var failure = Violation(net, w, e);
                if (failure is not null)
                {
                    // Re-check with an independent evaluation (forward values recomputed from scratch, gradient by the
                    // per-layer sums again) before calling it a counterexample.
                    var again = ExactEvaluator.Evaluate(instance, new WeightPoint(net, (Rational[])w.Clone()), choice);
                    if (Violation(net, w, again) is null)
                        return new ClaimResult(id, Verdict.Inconclusive, $"an evaluation disagreed with its own re-run at a random point ({failure}); internal inconsistency, not a finding");
                    IReadOnlyList<string>? certificates = options.CertificateDirectory is { } dir
                        ? [EulerCertificates.WriteViolationWitness(instance, dir, id, w, e.Pattern, e.Kinks, e.ChosenSlopes, failure)]
                        : null;
                    return new ClaimResult(id, Verdict.Counterexample, $"Euler identity fails at a rational point: {failure}",
                        Witness: new C1PointWitness(w.Select(x => x.ToString()).ToArray(), e.ChosenSlopes.Select(x => x.ToString()).ToArray()),
                        Certificates: certificates,
                        Evidence: Evidence(options.Seed, points, kinkPoints, clarkeChoices, patterns.Count, why));
                }
                if (kinks > 0) clarkeChoices++;
            }
            patterns.Add(first.Pattern);
            if (atKink) kinkPoints++; else points++;
        }
        progress?.Report(new CheckProgress("C1 random points", total, total));
        string kinkText = kinkPoints > 0 ? $" and at {kinkPoints} points on kinks ({clarkeChoices} Clarke choices, the vertices of each box of slopes)" : "";
        return new ClaimResult(id, Verdict.HoldsNumerically,
            $"checked in exact arithmetic (tolerance 0) at {points} seeded random rational points{kinkText}, in {patterns.Count} distinct realised activation patterns; not a symbolic proof: {why}",
            Evidence: Evidence(options.Seed, points, kinkPoints, clarkeChoices, patterns.Count, why));
    }

    private static C1RandomPointEvidence Evidence(int seed, int points, int kinkPoints, int clarke, int patterns, string why) => new()
    {
        Seed = seed,
        RandomPoints = points,
        KinkPoints = kinkPoints,
        ClarkeChoicesChecked = clarke,
        DistinctPatterns = patterns,
        WhyNotSymbolic = why,
    };

    /// <summary>Null when uᵀ∇N = ΛN and every per-layer identity hold exactly; otherwise which one fails and by how much.</summary>
    public static string? Violation(Network net, Rational[] w, ExactEvaluation e)
    {
        var total = Rational.Zero;
        for (int l = 1; l <= net.Depth; l++)
        {
            var (r, c) = net.Shape(l);
            var s = Rational.Zero;
            int o = net.Offset(l);
            for (int j = 0; j < r * c; j++) s += w[o + j] * e.Gradient[o + j];
            var want = new Rational(net.LayerDegree(l)) * e.Ncf;
            if (s != want) return $"layer {l}: ⟨W_{l}, ∇_(W_{l}) N⟩ = {s} but p^(L−l)·N = {want}";
            total += s;
        }
        var lambdaN = new Rational(net.Degree) * e.Ncf;
        return total == lambdaN ? null : $"uᵀ∇N = {total} but ΛN = {lambdaN}";
    }

    private static Rational[] RandomPoint(Network net, Random rng)
    {
        var w = new Rational[net.WeightCount];
        for (int j = 0; j < w.Length; j++) w[j] = new Rational(rng.Next(-9, 10), rng.Next(1, 8));
        return w;
    }

    /// <summary>Moves one first-layer weight so that a chosen neuron's pre-activation on a chosen sample is exactly 0.</summary>
    private static bool PlaceOnKink(Instance instance, Rational[] w, Random rng)
    {
        var net = instance.Network;
        int i = rng.Next(instance.SampleCount), r = rng.Next(net.Widths[1]);
        var x = instance.Inputs[i];
        int jx = Array.FindIndex(x, v => !v.IsZero);
        if (jx < 0) return false; // a zero sample is on every kink already; nothing to place
        var s = Rational.Zero;
        for (int c = 0; c < x.Length; c++) if (c != jx) s += w[net.Index(1, r, c)] * x[c];
        w[net.Index(1, r, jx)] = -s / x[jx];
        return true;
    }
}
