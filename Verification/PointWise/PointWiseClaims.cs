using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Claims;
using Checker.Verification.Contracts;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Verification.PointWise;

/// <summary>
/// `check CLAIM INSTANCE --at WEIGHTS` and `verify --at WEIGHTS`: the claims of docs/theory.md §4 that say something
/// about one given point u, checked at the user's point instead of over the instance.
/// <list type="bullet">
/// <item>C1 (Euler) is an identity at every point: uᵀ∇N(u) = ΛN(u) and ⟨W_l, ∇_{W_l}N⟩ = p^{L−l}N, exactly.</item>
/// <item>C2 and C3 are statements about KKT points (‖u‖ = 1, g = λu for a Clarke gradient g): at u they are decided
/// when u is a KKT point, and not applicable when it is provably not one.</item>
/// <item>C10 (conservation) is a statement about flows from a start: the flows start at u.</item>
/// </list>
/// The rest quantify over all KKT points, all starts or δ → 0 families of the instance; a single point cannot decide
/// them, and <see cref="NotPointWise"/> says why for each.
/// </summary>
public static class PointWiseClaims
{
    public static readonly IReadOnlyList<string> Ids = ["C1", "C2", "C3", "C10"];

    public static readonly IReadOnlyDictionary<string, string> NotPointWise = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["C4"] = "about every positive KKT point of the reduced problem and its lift, and conversely every rank-one KKT point: a statement over the instance's KKT points, not one point",
        ["C5"] = "about every rank-one KKT point of the instance (decided over the rank-one parametrisation), not one point",
        ["C6"] = "about every rank-one KKT point with non-negative factors of the instance (p ≥ 2), not one point",
        ["C7"] = "about the NCF flow from generic starts (trichotomy, blow-up time formula); to follow one flow from the point run `checker flow INSTANCE --init WEIGHTS`",
        ["C8"] = "a limit δ → 0 over a family of small starts and a certified KKT point u*, not a statement at one point",
        ["C9"] = "a scaling law of escape times as δ → 0, not a statement at one point",
        ["C11"] = "about the NCF flow from generic small starts and the certified KKT points, not one point",
        ["K1"] = "a conjecture about every positive KKT point of the instance",
        ["K2"] = "a conjecture about the NCF flow from random starts",
        ["K3"] = "a conjecture about every rank-one KKT point at essential kinks",
        ["K4"] = "a conjecture about every rank-one KKT point at essential kinks",
    };

    public static bool IsPointWise(string id) => Ids.Contains(id, StringComparer.OrdinalIgnoreCase);

    /// <summary>Why <paramref name="id"/> is not checked at a point (a generic reason for ids without an entry).</summary>
    public static string WhyNot(string id) =>
        NotPointWise.TryGetValue(id, out var why) ? why : "a statement over the whole instance, not one point";

    public static ClaimResult Check(string id, Instance instance, WeightPoint u, string weightsFile, CheckOptions options,
        IProgress<CheckProgress>? progress, CancellationToken ct) => id.ToUpperInvariant() switch
    {
        "C1" => Euler(instance, u, weightsFile),
        "C2" => Kkt(instance, u, weightsFile, layerNorms: false),
        "C3" => Kkt(instance, u, weightsFile, layerNorms: true),
        "C10" => Conservation(instance, u, weightsFile, options, progress, ct),
        _ => throw new ArgumentException($"{id} is not point-wise: {WhyNot(id)}", nameof(id)),
    };

    /// <summary>Euler's identity for the lowest and the highest Clarke choice at every kink (p = 1: σ'(0)·0 = 0 = σ(0)
    /// for every slope, so one choice stands for all; both are computed as a check of that argument).</summary>
    private static ClaimResult Euler(Instance instance, WeightPoint u, string file)
    {
        var net = instance.Network;
        var clarke = ClarkeGradients.At(instance, u);
        Rational lambdaN = clarke.Low.Ncf * net.Degree;
        foreach (var (e, side) in new[] { (clarke.Low, "lower"), (clarke.High, "upper") })
        {
            var whole = Dot(u.Flat, e.Gradient, 0, u.Flat.Length);
            if (whole != lambdaN)
                return new ClaimResult("C1", Verdict.Counterexample, $"at {file}: uᵀ∇N = {whole} but ΛN = {lambdaN} ({side} Clarke slopes)",
                    new PointWiseEulerWitness { Point = file, UDotGradient = whole.ToString(), LambdaN = lambdaN.ToString(), Slopes = side });
            for (int l = 1; l <= net.Depth; l++)
            {
                var (r, c) = net.Shape(l);
                var layer = Dot(u.Flat, e.Gradient, net.Offset(l), r * c);
                Rational want = e.Ncf * net.LayerDegree(l);
                if (layer != want)
                    return new ClaimResult("C1", Verdict.Counterexample, $"at {file}: ⟨W_{l}, ∇_W{l} N⟩ = {layer} but p^(L−l) N = {want} ({side} Clarke slopes)",
                        new PointWiseEulerWitness { Point = file, Layer = l, InnerProduct = layer.ToString(), Expected = want.ToString(), Slopes = side });
            }
        }
        var evidence = new PointWiseEulerEvidence(file, clarke.Low.Ncf.ToString(), net.Degree.ToString(), lambdaN.ToString(), clarke.Kinks.Count);
        string kinks = clarke.Kinks.Count == 0 ? "no kink at the point"
            : $"{clarke.Kinks.Count} kink(s): checked with the lower and the upper slope at every kink, and σ'(0)·0 = σ(0) makes every Clarke choice give the same sums";
        return new ClaimResult("C1", Verdict.Holds, $"at {file}: uᵀ∇N = ΛN = {lambdaN} and ⟨W_l, ∇_W_l N⟩ = p^(L−l)N for all {net.Depth} layers, exactly in rationals ({kinks})", null, evidence);
    }

    /// <summary>
    /// C2/C3 at u. Every Clarke gradient g satisfies the per-layer Euler sums ⟨W_l, g_l⟩ = p^{L−l}N (C1 at u, checked
    /// here), so if g = λu with ‖u‖ = 1 then λ = uᵀg = ΛN and λ‖W_l‖² = p^{L−l}N: the claims hold at u whenever u is a
    /// KKT point. Whether it is one is decided exactly when the gradient is unique (no kink, or every Clarke choice gives
    /// the same gradient); at a kink with several gradients the KKT question needs the Clarke subdifferential and is left open here.
    /// </summary>
    private static ClaimResult Kkt(Instance instance, WeightPoint u, string file, bool layerNorms)
    {
        string id = layerNorms ? "C3" : "C2";
        var euler = Euler(instance, u, file);
        if (euler.Verdict == Verdict.Counterexample) return euler with { Id = id, Detail = "Euler's identity fails, so the KKT argument fails: " + euler.Detail };
        var net = instance.Network;
        var clarke = ClarkeGradients.At(instance, u);
        var n = clarke.Low.Ncf;
        var norm2 = u.NormSquared();
        var lambdaN = n * net.Degree;
        var layerNormsText = Enumerable.Range(1, net.Depth).Select(l => u.LayerNormSquared(l).ToString()).ToArray();
        var evidence = new PointWiseKktEvidence
        {
            Point = file, NormSquared = norm2.ToString(), Ncf = n.ToString(), LambdaN = lambdaN.ToString(), LayerNormsSquared = layerNormsText,
            Kinks = clarke.Kinks.Count,
        };
        if (norm2 != Rational.One)
            return new ClaimResult(id, Verdict.NotApplicable, $"at {file}: not a KKT point of max N on the unit sphere: ‖u‖² = {norm2} ≠ 1 (a rational stand-in for an irrational KKT point, such as the .approx and .box-centre files of `kkt --out`, is near one, not one)", null, evidence);
        if (layerNorms && n.IsZero)
            return new ClaimResult(id, Verdict.NotApplicable, $"at {file}: N(u) = 0, and C3 is about KKT points with N ≠ 0", null, evidence);
        if (!clarke.Unique)
        {
            string conditional = layerNorms
                ? $"if u is a Clarke KKT point (g = λu for some Clarke gradient g) then λ = ΛN = {lambdaN} and ‖W_l‖_F² = p^(L−l)/Λ for every layer"
                : $"if u is a Clarke KKT point (g = λu for some Clarke gradient g) then λ = uᵀg = ΛN = {lambdaN}";
            if (layerNorms)
            {
                // Conditional on KKT, the norms are forced; say whether the point's norms are those (a quick necessary test).
                var bad = Enumerable.Range(1, net.Depth).FirstOrDefault(l => u.LayerNormSquared(l) != new Rational(net.LayerDegree(l)) / new Rational(net.Degree));
                if (bad > 0)
                    return new ClaimResult(id, Verdict.NotApplicable, $"at {file}: not a KKT point: ‖W_{bad}‖_F² = {u.LayerNormSquared(bad)} ≠ p^(L−l)/Λ, and every Clarke KKT point with N ≠ 0 has that norm (Euler's sums hold for every Clarke gradient here)", null, evidence);
            }
            return new ClaimResult(id, Verdict.Holds, $"at {file}: {clarke.Kinks.Count} kink(s) with several Clarke gradients; Euler's per-layer sums hold exactly for every Clarke choice, so {conditional}. Whether u is a Clarke KKT point is not decided by this check (it needs the Clarke subdifferential at the kinks, not one gradient)", null, evidence);
        }
        var g = clarke.Low.Gradient;
        // g = λu forces λ = uᵀg (‖u‖ = 1); then check every entry.
        var lambda = Dot(u.Flat, g, 0, g.Length);
        int off = Enumerable.Range(0, g.Length).FirstOrDefault(j => g[j] != lambda * u.Flat[j], -1);
        if (off >= 0)
            return new ClaimResult(id, Verdict.NotApplicable, $"at {file}: not a KKT point: ∇N(u) is not a multiple of u (entry {off + 1}: ∂N/∂w = {g[off]}, λu = {lambda * u.Flat[off]} with λ = uᵀ∇N = {lambda})", null, evidence);
        evidence.Lambda = lambda.ToString();
        if (lambda != lambdaN)
            return new ClaimResult(id, Verdict.Counterexample, $"at {file}: a KKT point with λ = {lambda} ≠ ΛN = {lambdaN}", new PointWiseKktWitness { Point = file, Lambda = lambda.ToString(), LambdaN = lambdaN.ToString() }, evidence);
        if (!layerNorms)
            return new ClaimResult(id, Verdict.Holds, $"at {file}: a KKT point (∇N = λu, ‖u‖ = 1, exactly), and λ = ΛN = {lambdaN}", null, evidence);
        for (int l = 1; l <= net.Depth; l++)
        {
            var want = new Rational(net.LayerDegree(l)) / new Rational(net.Degree);
            if (u.LayerNormSquared(l) != want)
                return new ClaimResult(id, Verdict.Counterexample, $"at {file}: a KKT point with N ≠ 0 where ‖W_{l}‖_F² = {u.LayerNormSquared(l)} ≠ p^(L−l)/Λ = {want}",
                    new PointWiseKktWitness { Point = file, Layer = l, NormSquared = u.LayerNormSquared(l).ToString(), Expected = want.ToString() }, evidence);
        }
        return new ClaimResult(id, Verdict.Holds, $"at {file}: a KKT point with N = {n} ≠ 0 (∇N = λu, ‖u‖ = 1, exactly), and ‖W_l‖_F² = p^(L−l)/Λ for all {net.Depth} layers ({string.Join(", ", layerNormsText)})", null, evidence);
    }

    /// <summary>C10 from the point: the training and NCF flows start at u/‖u‖ (the training flow at δ·u/‖u‖) instead of seeded random directions.</summary>
    private static ClaimResult Conservation(Instance instance, WeightPoint u, string file, CheckOptions options, IProgress<CheckProgress>? progress, CancellationToken ct)
    {
        if (u.NormSquared().IsZero) return new ClaimResult("C10", Verdict.NotApplicable, $"at {file}: u = 0, where every flow stands still; a start needs a direction");
        var start = u.ToDoubles();
        double norm = Math.Sqrt(start.Sum(v => v * v));
        for (int j = 0; j < start.Length; j++) start[j] /= norm;
        var r = ClaimRunner.Run(ClaimRegistry.Find("C10")!, instance, options with { Start = start }, progress, ct).Result;
        return r with { Detail = $"from {file} (direction u/‖u‖): " + r.Detail };
    }

    private static Rational Dot(Rational[] a, Rational[] b, int offset, int count)
    {
        var s = Rational.Zero;
        for (int j = offset; j < offset + count; j++) s += a[j] * b[j];
        return s;
    }
}
