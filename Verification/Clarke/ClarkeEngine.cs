using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.Clarke;

/// <summary>
/// The one exact Clarke engine (docs/theory.md §2): at a rational point u it finds the kinks, keeps the essential ones,
/// and for every sign pattern P of those decides adjacency — proved by an exact arc (<see cref="ArcBuilder"/>), refuted by
/// an exact argument (<see cref="AdjacencyRefuter"/>), else inconclusive — and computes g_P. Layer-1 neurons are
/// independent: their admissible sign vectors are the regions of the central arrangement of their kinked inputs, so
/// patterns outside them are refuted without an arc. Past <see cref="ClarkeOptions.MaxEssentialKinks"/> essential kinks
/// nothing is examined and the answer is inconclusive (deciding Clarke stationarity is NP-hard).
/// </summary>
public static class ClarkeEngine
{
    /// <param name="decideAdjacency">False for the AD comparison alone: every pattern is listed with its gradient and
    /// status inconclusive (the AD set does not ask).</param>
    public static ClarkeSubdifferential Analyse(Instance instance, WeightPoint u, ClarkeOptions? options = null, bool decideAdjacency = true, CancellationToken ct = default)
    {
        options ??= new ClarkeOptions();
        var ctx = new KinkContext(instance, u);
        int K = ctx.Essential.Count;
        if (ctx.TooManyKinksInOneSample || K > options.MaxEssentialKinks)
            return new ClarkeSubdifferential(instance, u, ctx.Evaluation, ctx.Kinks, ctx.Essential, [],
                $"{K} essential kinks, more than the cap of {options.MaxEssentialKinks} (2^K sign patterns; deciding Clarke stationarity is NP-hard)");
        if (K == 0)
            return new ClarkeSubdifferential(instance, u, ctx.Evaluation, ctx.Kinks, ctx.Essential,
                [new PatternVerdict("", ctx.Gradient(""), Adjacency.Adjacent, new Arc([]), ctx.Kinks.Count == 0 ? "no kink" : "every kink is inessential")], null);
        var layerOne = LayerOneRegions(ctx);
        var verdicts = new List<PatternVerdict>();
        for (int mask = 0; mask < 1 << K; mask++)
        {
            ct.ThrowIfCancellationRequested();
            var chars = new char[K];
            for (int k = 0; k < K; k++) chars[k] = ((mask >> (K - 1 - k)) & 1) == 0 ? '+' : '-';
            var pattern = new string(chars);
            var g = ctx.Gradient(pattern);
            verdicts.Add(decideAdjacency ? Decide(ctx, pattern, g, layerOne, options, ct) : new PatternVerdict(pattern, g, Adjacency.Inconclusive, null, "not asked (AD set)"));
        }
        return new ClarkeSubdifferential(instance, u, ctx.Evaluation, ctx.Kinks, ctx.Essential, verdicts, null);
    }

    private static PatternVerdict Decide(KinkContext ctx, string pattern, Rational[] g, Dictionary<int, (List<int> Kinks, HashSet<string> Regions)> layerOne, ClarkeOptions options, CancellationToken ct)
    {
        foreach (var (neuron, (kinks, regions)) in layerOne)
        {
            var sub = new string(kinks.Select(k => pattern[k]).ToArray());
            if (!regions.Contains(sub))
                return new PatternVerdict(pattern, g, Adjacency.NotAdjacent, null,
                    $"layer-1 neuron {neuron + 1} would need signs {sub} on samples {string.Join(",", kinks.Select(k => ctx.Essential[k].Sample + 1))}: z = W_1[{neuron + 1}]·x is linear and no row direction gives them (exact LP: not a region of the inputs' central arrangement)");
        }
        if (AdjacencyRefuter.Tie(ctx, pattern) is { } tie) return new PatternVerdict(pattern, g, Adjacency.NotAdjacent, null, tie);
        if (ArcBuilder.Find(ctx, pattern) is { } arc) return new PatternVerdict(pattern, g, Adjacency.Adjacent, arc, "arc");
        if (AdjacencyRefuter.Neighbourhood(ctx, pattern, options, ct) is { } why) return new PatternVerdict(pattern, g, Adjacency.NotAdjacent, null, why);
        return new PatternVerdict(pattern, g, Adjacency.Inconclusive, null,
            options.Solver is null ? "no arc found and no exact refutation (no solver for the neighbourhood query)" : "no arc found; the neighbourhood query did not refute");
    }

    /// <summary>Per layer-1 neuron with essential kinks: their pattern indices and the sign texts of the regions of the
    /// central arrangement of their inputs.</summary>
    private static Dictionary<int, (List<int>, HashSet<string>)> LayerOneRegions(KinkContext ctx)
    {
        var result = new Dictionary<int, (List<int>, HashSet<string>)>();
        foreach (var group in Enumerable.Range(0, ctx.Essential.Count).Where(k => ctx.Essential[k].Layer == 1).GroupBy(k => ctx.Essential[k].Neuron))
        {
            var kinks = group.ToList();
            var vectors = kinks.Select(k => ctx.Instance.Inputs[ctx.Essential[k].Sample]).ToList();
            var regions = SignRegions.Enumerate(vectors, ctx.Instance.Dimension).Select(r => r.Text).ToHashSet();
            result[group.Key] = (kinks, regions);
        }
        return result;
    }
}
