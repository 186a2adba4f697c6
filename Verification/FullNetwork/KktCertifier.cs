using System.Numerics;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Clarke;

namespace Checker.Verification.FullNetwork;

/// <summary>The outcome of certifying one candidate: a certificate, or the reason there is none.</summary>
public sealed record CertificationOutcome(KktCertificate? Certificate, string Method, string? Reason)
{
    /// <summary>A Krawczyk proof (p ≥ 2, irrational points) instead of a rational certificate.</summary>
    public KktEnclosure? Enclosure { get; init; }
    public bool Certified => Certificate is not null || Enclosure is not null;
}

/// <summary>
/// Exact certification of full-network KKT points (docs/theory.md#kkt-points) without solving the raw KKT system, which times out
/// in SMT solvers already for a 2-2-2-1 net with n = 3. The structure used (issue 5):
/// <list type="bullet">
/// <item>Fix the activation pattern of the candidate. Inside it N is a polynomial, homogeneous of degree d_l in W_l,
/// and a KKT point is exactly a point where every layer is a fixed direction of its own gradient,
/// ∇_{W_l}N = μ_l W_l (see <see cref="KktCertificate"/> for why per-layer multipliers suffice).</item>
/// <item>Round the numeric candidate to small rationals and apply exact Gauss–Seidel sweeps W_l ← ∇_{W_l}N (scaled to a
/// primitive integer matrix) while the pattern stays fixed. For p = 1 the gradient inside a pattern is multilinear, so
/// one sweep lands a rank-one candidate exactly on its rank-one KKT point (b = g_S of docs/theory.md#reduced-problem is rational) and a
/// symmetric multi-neuron point on its balanced form; for p ≥ 2 KKT points are algebraic and the sweeps only
/// approach them, so those stay uncertified (reason given).</item>
/// <item>The final word is <see cref="Check"/>: exact rational evaluation (<see cref="ExactEvaluator"/>) of the
/// per-layer equalities; at kinks (pre-activation 0 with p = 1) the exact Clarke engine decides (<see cref="ClarkeKkt"/>).</item>
/// </list>
/// </summary>
public static class KktCertifier
{
    private static readonly long[] Denominators = [16, 1_000, 100_000];

    /// <summary>Sweeps stop when an entry needs more bits than this: the point is not converging to a rational fixed point.</summary>
    public const long MaxBits = 4096;

    /// <summary>Checks exactly whether <paramref name="v"/> certifies a KKT point; returns null and the reason if not. At a
    /// kink the decision is the Clarke engine's (<see cref="ClarkeKkt"/>, docs/theory.md §2): some element of the hull of
    /// g_P over the adjacent sign patterns equals μ_l W_l in every layer. A point that is stationary only for the
    /// independent-slope (AD) set is refused with a reason starting "ad-only".</summary>
    public static KktCertificate? Check(Instance instance, WeightPoint v, out string reason)
    {
        var net = instance.Network;
        if (v.Flat.All(x => x.IsZero)) { reason = "the point is 0 (not on the sphere)"; return null; }
        var eval = ExactEvaluator.Evaluate(instance, v);
        if (eval.Kinks.Any(k => !instance.Inputs[k.Sample].All(x => x.IsZero))) return ViaClarke(instance, v, eval, out reason);
        var ncf = eval.Ncf;
        var mu = new Rational[net.Depth];
        for (int l = 1; l <= net.Depth; l++)
        {
            var norm = v.LayerNormSquared(l);
            int o = net.Offset(l);
            var (r, c) = net.Shape(l);
            if (ncf.IsZero)
            {
                mu[l - 1] = Rational.Zero;
                for (int k = 0; k < r * c; k++)
                    if (!eval.Gradient[o + k].IsZero) { reason = $"N = 0 but ∂N/∂W_{l} ≠ 0"; return null; }
                continue;
            }
            if (norm.IsZero) { reason = $"W_{l} = 0 while N ≠ 0"; return null; }
            mu[l - 1] = new Rational(net.LayerDegree(l)) * ncf / norm;
            for (int k = 0; k < r * c; k++)
                if (eval.Gradient[o + k] != mu[l - 1] * v.Flat[o + k])
                { reason = $"∇_{{W_{l}}}N is not parallel to W_{l}"; return null; }
        }
        // N(u)² = Π|μ_l|^{d_l} N(v)² / (Λ|N(v)|)^Λ (KktCertificate).
        Rational square;
        if (ncf.IsZero) square = Rational.Zero;
        else
        {
            int lambda = (int)net.Degree;
            square = ncf * ncf / (new Rational(net.Degree) * ncf.Abs()).Pow(lambda);
            for (int l = 1; l <= net.Depth; l++) square *= mu[l - 1].Abs().Pow((int)net.LayerDegree(l));
        }
        reason = "";
        return new KktCertificate(v, ncf, mu, square, eval.Pattern, eval.Kinks.Count);
    }

    /// <summary>The kink case of <see cref="Check"/>: the exact Clarke decision, no solver (adjacency by arcs and the exact
    /// rules; a pattern they leave undecided makes the answer undecided unless the hull decides without it).</summary>
    private static KktCertificate? ViaClarke(Instance instance, WeightPoint v, ExactEvaluation eval, out string reason)
    {
        var r = ClarkeKkt.Decide(instance, v);
        if (r.Kkt == true)
        {
            reason = "";
            var s = r.Subdifferential;
            return new KktCertificate(v, r.Value, r.Multipliers, r.NormalisedValueSquared, eval.Pattern, s.Kinks.Count - s.Essential.Count) { Clarke = r };
        }
        reason = r.AdOnly ? "ad-only: stationary for the independent-slope (AD) set but not a Clarke KKT point (" + r.Reason + ")"
            : r.Kkt == false ? "not a Clarke KKT point: " + r.Reason
            : "Clarke KKT undecided: " + r.Reason;
        return null;
    }

    /// <summary>Rounds a numeric candidate and refines it exactly inside its activation pattern (see the type's summary).</summary>
    public static CertificationOutcome Certify(Instance instance, double[] candidate, CancellationToken ct = default)
    {
        var net = instance.Network;
        int sweeps = net.Depth + 2;
        string last = "no rounding kept the activation pattern";
        double max = candidate.Max(Math.Abs);
        if (max == 0) return new CertificationOutcome(null, "exact-sweeps", "the candidate is 0");
        var numericPattern = NumericPattern(instance, candidate);
        string? krawczykReason = null;
        if (net.Activation.Power >= 2)
        {
            // p ≥ 2: KKT points are algebraic; prove them in a box (Krawczyk) rather than round them. The rational route
            // below still catches the rational ones (e.g. N = 0 points with ∇N = 0, where the Jacobian is singular).
            var enclosed = IntervalKktCertifier.Certify(instance, candidate, ct);
            if (enclosed.Enclosure is not null) return new CertificationOutcome(null, "Krawczyk interval-Newton test", null) { Enclosure = enclosed.Enclosure };
            krawczykReason = enclosed.Reason;
        }
        // A candidate ON a kink face (the end of a nonsmooth ascent: pre-activations below 1e-6 of their layer's scale)
        // goes to the face solve first: rounding + sweeps inside an open pattern drift off the face, and every failed
        // try there costs a Clarke decision.
        bool faceFirst = KinkFaceSolver.Applies(instance) && KinkFaceSolver.FacePattern(instance, candidate, 1e-6).Any(x => x == 0);
        string? faceReason = null;
        if (faceFirst)
        {
            var face = KinkFaceSolver.Certify(instance, candidate, ct);
            if (face.Certified) return face;
            faceReason = face.Reason;
        }
        foreach (var den in Denominators)
        foreach (var snap in new[] { 1e-3, 0.0 })
        {
            ct.ThrowIfCancellationRequested();
            var flat = Snap(net, candidate, snap).Select(x => RationalRounding.Nearest(x / max, den)).ToArray();
            var v = new WeightPoint(net, flat);
            var pattern = ExactEvaluator.Evaluate(instance, v).Pattern;
            if (!Compatible(pattern, numericPattern)) { last = $"rounding to denominators ≤ {den} changes the activation pattern"; continue; }
            for (int s = 0; s <= sweeps; s++)
            {
                var cert = Check(instance, v, out var why);
                if (cert is not null) return new CertificationOutcome(cert, s == 0 ? "rounding" : $"rounding + {s} exact sweep(s)", null);
                last = why;
                if (s == sweeps) break;
                v = Sweep(instance, v, out var sweepReason);
                if (v is null) { last = sweepReason; break; }
            }
        }
        if (faceReason is not null) last += "; kink-face route: " + faceReason;
        else if (KinkFaceSolver.Applies(instance))
        {
            // p = 1 with kinks: a candidate that stalled next to a face is solved ON it and decided by the Clarke engine.
            var face = KinkFaceSolver.Certify(instance, candidate, ct);
            if (face.Certified) return face;
            last += "; kink-face route: " + face.Reason;
        }
        if (net.Activation.Power == 1 && net.Depth >= 2)
        {
            var viaKinks = RankOneKinkCertifier.Certify(instance, candidate, out var kinkReason);
            if (viaKinks is not null) return new CertificationOutcome(viaKinks, "rank-one reduced point with Clarke slopes at kinks", null);
            last += "; rank-one/kink route: " + kinkReason;
        }
        if (KinkFaceSolver.Applies(instance))
        {
            // p = 1 with kinks: the KKT points of most faces are algebraic (the rational routes above cannot reach them):
            // an interval proof on the face, slopes as unknowns.
            var onFace = KinkFaceKrawczyk.Certify(instance, candidate, ct);
            if (onFace.Enclosure is not null) return new CertificationOutcome(null, "Krawczyk interval-Newton test on the kink face", null) { Enclosure = onFace.Enclosure };
            last += "; face Krawczyk: " + onFace.Reason;
        }
        if (krawczykReason is not null) last = "Krawczyk: " + krawczykReason + "; rational route: " + last;
        return new CertificationOutcome(null, "exact-sweeps", last);
    }

    /// <summary>One Gauss–Seidel sweep W_l ← primitive integer direction of ∇_{W_l}N, keeping the pattern.</summary>
    private static WeightPoint? Sweep(Instance instance, WeightPoint v, out string reason)
    {
        var net = instance.Network;
        var flat = (Rational[])v.Flat.Clone();
        for (int l = 1; l <= net.Depth; l++)
        {
            var eval = ExactEvaluator.Evaluate(instance, new WeightPoint(net, flat));
            int o = net.Offset(l);
            var (r, c) = net.Shape(l);
            var g = eval.Gradient.AsSpan(o, r * c).ToArray();
            var inner = Rational.Zero;
            for (int k = 0; k < g.Length; k++) inner += g[k] * flat[o + k];
            if (g.All(x => x.IsZero)) { reason = $"∇_{{W_{l}}}N = 0 at a non-critical point of the sweep"; return null; }
            int sign = inner.Sign < 0 ? -1 : 1;
            var prim = Primitive(g);
            for (int k = 0; k < g.Length; k++) flat[o + k] = sign * prim[k];
            if (prim.Any(x => x.Numerator.GetBitLength() > MaxBits))
            { reason = $"exact sweeps do not settle on a rational fixed point (entries of W_{l} exceed {MaxBits} bits)"; return null; }
        }
        // The pattern may change during sweeps (a near-kink candidate); the exact check afterwards decides, and the
        // cosine to the candidate is reported, so no pattern test is needed here.
        reason = "";
        return new WeightPoint(net, flat);
    }

    /// <summary>The positive multiple of <paramref name="g"/> that is an integer vector with coprime entries.</summary>
    public static Rational[] Primitive(Rational[] g)
    {
        BigInteger lcm = 1, gcd = 0;
        foreach (var x in g) if (!x.IsZero) lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, x.Denominator) * x.Denominator;
        var ints = g.Select(x => x.Numerator * (lcm / x.Denominator)).ToArray();
        foreach (var x in ints) gcd = BigInteger.GreatestCommonDivisor(gcd, x);
        if (gcd.IsZero) return g.ToArray();
        return ints.Select(x => new Rational(x / gcd)).ToArray();
    }

    /// <summary>Zeroes hidden neurons whose in- or out-weights are below <paramref name="tolerance"/> times the largest
    /// weight (both sides, so the neuron is disconnected and its kinks cannot matter); each neuron judged on the weights
    /// given. A tolerance ≤ 0 keeps every neuron.</summary>
    private static double[] Snap(Network net, double[] w, double tolerance) =>
        tolerance <= 0 ? (double[])w.Clone() : KinkFaceSolver.SnapDormant(net, w, tolerance, cascade: false);

    /// <summary>Signs of pre-activations of a double point; 0 where |z| is tiny relative to the layer's scale (1e-3).</summary>
    internal static sbyte[] NumericPattern(Instance instance, double[] w) =>
        KinkFaceSolver.FacePattern(instance, w, 1e-3, onFace: false);

    /// <summary>The exact pattern agrees with the numeric one wherever the numeric sign is clear.</summary>
    private static bool Compatible(ActivationPattern exact, sbyte[] numeric)
    {
        var s = exact.Signs;
        for (int k = 0; k < s.Length; k++) if (numeric[k] != 0 && s[k] != numeric[k]) return false;
        return true;
    }
}
