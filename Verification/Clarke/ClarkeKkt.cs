using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;

namespace Checker.Verification.Clarke;

/// <summary>
/// Whether a rational point is a KKT point of the constrained NCF up to a positive rescaling of each layer (docs/theory.md
/// §2): some g ∈ ∂N(u) with g_l = μ_l W_l, μ_l = p^{L−l}·N(u)/‖W_l‖², for every layer (μ = 0 when N(u) = 0). Kinks and
/// adjacency do not change under such rescaling, so the balanced unit representative (often irrational) need not be
/// formed. Membership is an exact LP whose convex weights are the certificate.
/// </summary>
public sealed record ClarkeKktResult(
    SubdifferentialMode Mode,
    bool? Kkt,
    bool? AdStationary,
    bool? ClarkeStationary,
    Rational Value,
    Rational[] Multipliers,
    Rational[] Target,
    ClarkeSubdifferential Subdifferential,
    IReadOnlyList<(string Pattern, Rational Weight)> ConvexWeights,
    string Reason)
{
    /// <summary>N at the balanced unit representative, squared: N(u)²·Π_l (p^{L−l}/(Λ‖W_l‖²))^{p^{L−l}} (0 when N = 0).</summary>
    public Rational NormalisedValueSquared { get; init; } = Rational.Zero;

    /// <summary>Stationary for the independent-slope set but not a Clarke KKT point.</summary>
    public bool AdOnly => AdStationary == true && ClarkeStationary == false;
}

public static class ClarkeKkt
{
    public static ClarkeKktResult Decide(Instance instance, WeightPoint u, SubdifferentialMode mode = SubdifferentialMode.Clarke, ClarkeOptions? options = null, CancellationToken ct = default)
    {
        var net = instance.Network;
        if (u.Flat.All(x => x.IsZero)) throw new ArgumentException("the point is 0 (no direction on the sphere)");
        var sub = ClarkeEngine.Analyse(instance, u, options, decideAdjacency: true, ct);
        var value = sub.Evaluation.Ncf;
        var mu = new Rational[net.Depth];
        var target = new Rational[net.WeightCount];
        for (int l = 1; l <= net.Depth; l++)
        {
            var norm = u.LayerNormSquared(l);
            mu[l - 1] = value.IsZero || norm.IsZero ? Rational.Zero : new Rational(net.LayerDegree(l)) * value / norm;
            int o = net.Offset(l);
            var (r, c) = net.Shape(l);
            for (int k = 0; k < r * c; k++) target[o + k] = mu[l - 1] * u.Flat[o + k];
        }
        var square = Rational.Zero;
        if (!value.IsZero)
        {
            square = value * value;
            var lambda = new Rational(net.Degree);
            for (int l = 1; l <= net.Depth; l++)
                square *= (new Rational(net.LayerDegree(l)) / (lambda * u.LayerNormSquared(l))).Pow((int)net.LayerDegree(l));
        }
        if (!sub.WithinCap)
            return new ClarkeKktResult(mode, null, null, null, value, mu, target, sub, [], sub.CapReason!) { NormalisedValueSquared = square };
        var (ad, adWeights) = Member(sub.Patterns, target);
        var proved = sub.Adjacent.ToList();
        var possible = sub.Patterns.Where(p => p.Status != Adjacency.NotAdjacent).ToList();
        var (clarkeIn, clarkeWeights) = Member(proved, target);
        bool? clarke;
        string reason;
        if (clarkeIn) { clarke = true; reason = "λu ∈ ∂N(u): convex weights on adjacent patterns"; }
        else if (possible.Count == proved.Count || !Member(possible, target).In)
        {
            clarke = false;
            reason = possible.Count == proved.Count
                ? "the target g_l = μ_l W_l is not in the hull of the adjacent g_P (exact LP infeasible)"
                : "the target is not in the hull even of the adjacent and undecided patterns";
        }
        else { clarke = null; reason = "the target is in the hull only with patterns whose adjacency is undecided"; }
        if (ad && clarke == false) reason += "; stationary for the AD set (independent slopes) but not a Clarke KKT point";
        var weights = mode == SubdifferentialMode.Clarke ? clarkeWeights : adWeights;
        return new ClarkeKktResult(mode, mode == SubdifferentialMode.Clarke ? clarke : ad, ad, clarke, value, mu, target, sub, weights,
            mode == SubdifferentialMode.Clarke ? reason : ad ? "in the hull of g_P over every sign pattern (independent slopes)" : "not in the hull of g_P over every sign pattern")
        { NormalisedValueSquared = square };
    }

    private static (bool In, List<(string, Rational)> Weights) Member(IReadOnlyList<PatternVerdict> patterns, Rational[] target)
    {
        if (patterns.Count == 0) return (false, []);
        var w = ExactLp.ConvexWeights(patterns.Select(p => p.Gradient).ToList(), target);
        if (w is null) return (false, []);
        return (true, patterns.Select((p, k) => (p.Signs, w[k])).Where(t => !t.Item2.IsZero).ToList());
    }
}
