using System.Numerics;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

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
/// per-layer equalities. Kinks (pre-activation 0 with p = 1) are accepted only where the Clarke choice provably
/// cannot matter (the neuron has no outgoing weight); other kinks are reported as the reason.</item>
/// </list>
/// </summary>
public static class KktCertifier
{
    private static readonly long[] Denominators = [16, 1_000, 100_000];

    /// <summary>Sweeps stop when an entry needs more bits than this: the point is not converging to a rational fixed point.</summary>
    public const long MaxBits = 4096;

    /// <summary>Checks exactly whether <paramref name="v"/> certifies a KKT point; returns null and the reason if not.</summary>
    public static KktCertificate? Check(Instance instance, WeightPoint v, out string reason) => Check(instance, v, null, out reason);

    /// <summary>As <see cref="Check(Instance, WeightPoint, out string)"/>, but with explicit Clarke slopes at kinks
    /// (docs/theory.md#ad-comparison-mode: a KKT point for p = 1 needs λu ∈ ∂N(u) for SOME choice of σ'(0) per sample and neuron).</summary>
    public static KktCertificate? Check(Instance instance, WeightPoint v, Func<Kink, Rational>? clarkeSlopes, out string reason)
    {
        var net = instance.Network;
        if (v.Flat.All(x => x.IsZero)) { reason = "the point is 0 (not on the sphere)"; return null; }
        var eval = ExactEvaluator.Evaluate(instance, v, clarkeSlopes);
        int irrelevant = 0;
        foreach (var sample in clarkeSlopes is not null ? [] : eval.Kinks.Select(k => k.Sample).Distinct())
        {
            var kinks = eval.Kinks.Where(k => k.Sample == sample).ToList();
            if (!ClarkeChoiceIrrelevant(instance, v, sample, kinks, out reason)) return null;
            irrelevant += kinks.Count;
        }
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
        return new KktCertificate(v, ncf, mu, square, eval.Pattern, irrelevant);
    }

    public const int MaxKinksPerSample = 12;

    /// <summary>
    /// Whether sample i's contribution to ∇N is the same for every Clarke choice at its kinks. That contribution is
    /// multilinear in the kink slopes (each enters one factor of the chain rule), and a multilinear function on a box
    /// is the interpolation of its vertex values, so it is constant iff it is equal at all 2^k vertices.
    /// </summary>
    private static bool ClarkeChoiceIrrelevant(Instance instance, WeightPoint v, int sample, IReadOnlyList<Kink> kinks, out string reason)
    {
        reason = "";
        var k0 = kinks[0];
        if (kinks.Count > MaxKinksPerSample)
        {
            reason = $"sample x_{sample + 1} has {kinks.Count} pre-activations at a kink (more than {MaxKinksPerSample} to enumerate Clarke choices)";
            return false;
        }
        if (k0.Low == k0.High) return true;
        var single = new Instance(instance.Name, [instance.Inputs[sample]], [instance.Labels[sample]], instance.Network);
        Rational[]? first = null;
        for (int mask = 0; mask < 1 << kinks.Count; mask++)
        {
            int index = 0;
            var g = ExactEvaluator.Evaluate(single, v, k => ((mask >> index++) & 1) == 0 ? k.Low : k.High).Gradient;
            if (first is null) first = g;
            else if (!first.AsSpan().SequenceEqual(g))
            {
                reason = $"pre-activation z[{k0.Layer},{k0.Neuron}](x_{sample + 1}) = 0 is a kink where the Clarke choice of σ'(0) changes ∇N";
                return false;
            }
        }
        return true;
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
        if (net.Activation.Power == 1 && net.Depth >= 2)
        {
            var viaKinks = RankOneKinkCertifier.Certify(instance, candidate, out var kinkReason);
            if (viaKinks is not null) return new CertificationOutcome(viaKinks, "rank-one reduced point with Clarke slopes at kinks", null);
            last += "; rank-one/kink route: " + kinkReason;
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
    /// weight (both sides, so the neuron is disconnected and its kinks cannot matter).</summary>
    private static double[] Snap(Network net, double[] w, double tolerance)
    {
        var s = (double[])w.Clone();
        if (tolerance <= 0) return s;
        double max = w.Max(Math.Abs);
        for (int l = 1; l < net.Depth; l++)
            for (int r = 0; r < net.Widths[l]; r++)
            {
                double inMax = 0, outMax = 0;
                for (int c = 0; c < net.Widths[l - 1]; c++) inMax = Math.Max(inMax, Math.Abs(w[net.Index(l, r, c)]));
                for (int q = 0; q < net.Widths[l + 1]; q++) outMax = Math.Max(outMax, Math.Abs(w[net.Index(l + 1, q, r)]));
                if (inMax >= tolerance * max && outMax >= tolerance * max) continue;
                for (int c = 0; c < net.Widths[l - 1]; c++) s[net.Index(l, r, c)] = 0;
                for (int q = 0; q < net.Widths[l + 1]; q++) s[net.Index(l + 1, q, r)] = 0;
            }
        return s;
    }

    /// <summary>Signs of pre-activations of a double point; 0 where |z| is tiny relative to the layer's scale.</summary>
    internal static sbyte[] NumericPattern(Instance instance, double[] w)
    {
        var net = instance.Network;
        int n = instance.SampleCount;
        var signs = new sbyte[net.HiddenNeurons * n];
        var x = instance.Inputs.Select(r => r.Select(q => q.ToDouble()).ToArray()).ToArray();
        int off = 0;
        var offsets = new int[net.Depth + 1];
        for (int l = 1; l < net.Depth; l++) { offsets[l] = off; off += net.Widths[l] * n; }
        var act = net.Activation;
        for (int i = 0; i < n; i++)
        {
            var a = x[i];
            for (int l = 1; l < net.Depth; l++)
            {
                var (rows, cols) = net.Shape(l);
                var z = new double[rows];
                double scale = 0;
                for (int r = 0; r < rows; r++)
                {
                    double s = 0, m = 0;
                    for (int cc = 0; cc < cols; cc++) { s += w[net.Index(l, r, cc)] * a[cc]; m += Math.Abs(w[net.Index(l, r, cc)] * a[cc]); }
                    z[r] = s;
                    scale = Math.Max(scale, m);
                }
                for (int r = 0; r < rows; r++)
                    signs[offsets[l] + r * n + i] = (sbyte)(Math.Abs(z[r]) <= 1e-3 * Math.Max(scale, 1e-300) ? 0 : Math.Sign(z[r]));
                a = z.Select(act.ApplyDouble).ToArray();
            }
        }
        return signs;
    }

    /// <summary>The exact pattern agrees with the numeric one wherever the numeric sign is clear.</summary>
    private static bool Compatible(ActivationPattern exact, sbyte[] numeric)
    {
        var s = exact.Signs;
        for (int k = 0; k < s.Length; k++) if (numeric[k] != 0 && s[k] != numeric[k]) return false;
        return true;
    }
}
