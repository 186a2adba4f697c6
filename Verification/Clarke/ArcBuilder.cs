using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;

namespace Checker.Verification.Clarke;

/// <summary>
/// Builds arcs u + Σ ε^k v_k that realise a sign pattern of the essential kinks, layer by layer (docs/theory.md §2).
/// A kinked neuron (l, j) gets a row perturbation ε^o Δ; on a kinked sample its pre-activation is then
/// B_i(ε) + ε^o Δ·a_i(ε), where B_i comes from the layers below and a_i is the layer's input along the arc. Whichever term
/// has the lower order decides the sign: where Δ decides, the signs are a region of the central arrangement of the
/// leading input vectors (an exact LP, layer 1 exactly so); where B decides the sign is tied to the layers below; at equal
/// orders both enter one LP. Several order schemes are tried, with and without a background perturbation that wakes
/// neurons without essential kinks (a dormant neuron opens a second-order path to the layer above). A built arc is only a
/// candidate: <see cref="Proves"/> checks it exactly.
/// </summary>
internal static class ArcBuilder
{
    /// <summary>The first arc of the schemes that proves <paramref name="pattern"/>, or null.</summary>
    public static Arc? Find(KinkContext ctx, string pattern)
    {
        int L = ctx.Network.Depth;
        var schemes = new (Func<int, int> Order, int Background)[]
        {
            (l => 1, 0),
            (l => L - l, 0),
            (l => 2 * (L - 1 - l) + 1, 1),
            (l => 2 * (L - 1 - l) + 3, 1),
            (l => l, 0),
            (l => l + 1, 1),
        };
        foreach (var awake in new[] { false, true })
            foreach (var (order, background) in schemes)
            {
                if (awake && background == 0) continue;
                var arc = Sequential(ctx, pattern, order, background, awake);
                if (arc is not null && Proves(ctx, arc, pattern)) return arc;
            }
        return null;
    }

    /// <summary>Exact check: along the arc every essential kink has its sign in <paramref name="pattern"/> for small ε &gt; 0;
    /// a kink whose polynomial vanishes identically is accepted only where its side does not change g_P (the pre-activation
    /// stays 0 on the whole region, so its slope cannot matter there).</summary>
    public static bool Proves(KinkContext ctx, Arc arc, string pattern)
    {
        foreach (int i in ctx.KinkedSamples)
        {
            var z = ctx.Forward(i, arc);
            for (int k = 0; k < ctx.Essential.Count; k++)
            {
                var kink = ctx.Essential[k];
                if (kink.Sample != i) continue;
                int want = pattern[k] == '+' ? 1 : -1;
                int got = z[kink.Layer][kink.Neuron].LeadingSign;
                if (got == want) continue;
                if (got != 0) return false;
                var flipped = pattern.ToCharArray();
                flipped[k] = pattern[k] == '+' ? '-' : '+';
                if (!ctx.Gradient(pattern).AsSpan().SequenceEqual(ctx.Gradient(new string(flipped)))) return false;
            }
        }
        return true;
    }

    /// <param name="awake">The background of a neuron that is 0 on a kinked sample is chosen (exact LP, as for a kinked
    /// neuron) to make it positive there, so that a ReLU passes the woken path on (a negative pre-activation would close it
    /// again: σ = 0); neurons non-zero on every kinked sample are left alone. Otherwise fixed small integers.</param>
    private static Arc? Sequential(KinkContext ctx, string pattern, Func<int, int> essentialOrder, int backgroundOrder, bool awake = false)
    {
        var net = ctx.Network;
        int L = net.Depth, w = net.WeightCount, maxOrder = 2 * L + 3;
        var dirs = new List<Rational[]>();
        void Add(int order, int index, Rational value)
        {
            while (dirs.Count < order) dirs.Add(Enumerable.Repeat(Rational.Zero, w).ToArray());
            dirs[order - 1][index] += value;
        }
        var kinkedNeurons = ctx.Essential.Select(k => (k.Layer, k.Neuron)).ToHashSet();
        if (backgroundOrder > 0 && !awake)
        {
            // Fixed small integers (a deterministic pseudo-random sequence): the arc is checked exactly, so any choice
            // is sound; varied signs make it unlikely that a woken neuron lands on a kink again.
            int seed = 7;
            for (int l = 1; l < L; l++)
                for (int m = 0; m < net.Widths[l]; m++)
                {
                    if (kinkedNeurons.Contains((l, m))) continue;
                    for (int c = 0; c < net.Widths[l - 1]; c++)
                    {
                        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
                        int v = seed % 5 - 2;
                        Add(backgroundOrder, net.Index(l, m, c), v == 0 ? 3 : v);
                    }
                }
        }
        for (int l = 1; l < L; l++)
        {
            if (backgroundOrder > 0 && awake)
                for (int m = 0; m < net.Widths[l]; m++)
                {
                    if (kinkedNeurons.Contains((l, m))) continue;
                    var arc = new Arc(dirs.ToList());
                    var rows = ctx.KinkedSamples.Select(i => (Sample: i, Z: ctx.Forward(i, arc)))
                        .Where(t => t.Z[l][m].IsZero)
                        .Select(t => (Sign: 1, B: t.Z[l][m], A: ctx.LayerInput(t.Sample, l, t.Z))).ToList();
                    if (rows.Count == 0) continue;
                    var delta = RowPerturbation(rows, backgroundOrder, net.Widths[l - 1]);
                    if (delta is null) continue;
                    for (int c = 0; c < delta.Length; c++) if (!delta[c].IsZero) Add(backgroundOrder, net.Index(l, m, c), delta[c]);
                }
            for (int j = 0; j < net.Widths[l]; j++)
            {
                var group = Enumerable.Range(0, ctx.Essential.Count).Where(k => ctx.Essential[k].Layer == l && ctx.Essential[k].Neuron == j).ToList();
                if (group.Count == 0) continue;
                var arc = new Arc(dirs.ToList());
                var rows = group.Select(k =>
                {
                    int i = ctx.Essential[k].Sample;
                    var z = ctx.Forward(i, arc);
                    return (Sign: pattern[k] == '+' ? 1 : -1, B: z[l][j], A: ctx.LayerInput(i, l, z));
                }).ToList();
                var orders = new[] { essentialOrder(l) }.Concat(Enumerable.Range(1, maxOrder)).Distinct();
                bool placed = false;
                foreach (int o in orders)
                {
                    var delta = RowPerturbation(rows, o, net.Widths[l - 1]);
                    if (delta is null) continue;
                    for (int c = 0; c < delta.Length; c++) if (!delta[c].IsZero) Add(o, net.Index(l, j, c), delta[c]);
                    placed = true;
                    break;
                }
                if (!placed) return null;
            }
        }
        return new Arc(dirs);
    }

    /// <summary>Δ such that B_i(ε) + ε^o Δ·a_i(ε) has the wanted sign for every kinked sample of the neuron, found by one
    /// exact LP over (Δ, τ) with the homogenised strict rows; null when this order cannot work.</summary>
    private static Rational[]? RowPerturbation(List<(int Sign, EpsilonPolynomial B, EpsilonPolynomial[] A)> rows, int o, int n)
    {
        var strict = new List<Rational[]>();
        foreach (var (s, b, a) in rows)
        {
            int beta = b.Order;
            int rho = a.Select(p => p.Order).Where(x => x >= 0).DefaultIfEmpty(-1).Min();
            // Identically 0 whatever this row does (every input is 0 along the arc): no Δ can sign it, and none need —
            // the pre-activation stays 0 on the whole piece, which Proves accepts exactly when its slope cannot change g_P
            // (a dead ReLU path, docs/theory.md#adjacency).
            if (beta < 0 && rho < 0) continue;
            int dOrder = rho < 0 ? int.MaxValue : o + rho;
            int bOrder = beta < 0 ? int.MaxValue : beta;
            if (dOrder > bOrder)
            {
                if (b.LeadingSign != s) return null;
                continue;
            }
            var row = new Rational[n + 1];
            for (int c = 0; c < n; c++) row[c] = s * a[c][rho];
            row[n] = dOrder == bOrder ? s * b[beta] : Rational.Zero;
            if (row.Take(n).All(x => x.IsZero) && row[n].Sign <= 0) return null;
            strict.Add(row);
        }
        if (strict.Count == 0) return new Rational[n].Select(_ => Rational.Zero).ToArray();
        var tau = new Rational[n + 1];
        for (int c = 0; c < n; c++) tau[c] = Rational.Zero;
        tau[n] = Rational.One;
        strict.Add(tau);
        var sol = ExactLp.StrictSolution(strict, n + 1);
        if (sol is null) return null;
        return sol.Take(n).Select(x => x / sol[n]).ToArray();
    }
}
