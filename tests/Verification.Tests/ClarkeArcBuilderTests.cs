using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Clarke;

namespace Checker.Verification.Tests;

/// <summary>
/// Issue 15: the arc builder's exact check and its equal-orders case (docs/theory.md §2), on one hand-built ReLU point
/// where both matter. Network 2 → 2 → 1 → 1; layer 1 has an active neuron P (row (1, 0)) and a zero row K, layer 2 one
/// neuron j = σ(z_K) (row (0, 1)), output weight 1; samples x₁ = (2, 1), x₂ = (1, −1), with z_P = 2 and 1. Every sample sits on
/// the kinks of K and j, and all four are essential: pattern index 0, 1 = K at x₁, x₂; 2, 3 = j at x₁, x₂.
/// With j on its ReLU '−' side at x₂ the slope there is 0, so K's side at x₂ does not change g_P for that pattern.
/// </summary>
public class ClarkeArcBuilderTests
{
    private static readonly Network Net = new([2, 2, 1, 1], Activation.Relu);

    private static (Instance Instance, WeightPoint Point) At()
    {
        var instance = new Instance("arc-builder", [[2, 1], [1, -1]], [1, 1], Net);
        var u = new Rational[Net.WeightCount];
        Array.Fill(u, Rational.Zero);
        u[Net.Index(1, 0, 0)] = 1;                                 // P
        u[Net.Index(2, 0, 1)] = 1;                                 // j = σ(z_K)
        u[Net.Index(3, 0, 0)] = 1;
        return (instance, new WeightPoint(Net, u));
    }

    private static KinkContext Context() { var (instance, u) = At(); return new KinkContext(instance, u); }

    /// <summary>The cap on essential kinks (2^K patterns) is inclusive: K = 4 at the cap 4 is analysed (16 patterns), at
    /// the cap 3 it is refused with the count in the reason and no pattern listed.</summary>
    [Fact]
    public void The_essential_kink_cap_admits_exactly_K_kinks()
    {
        var (instance, u) = At();
        Assert.Equal(4, Context().Essential.Count);
        var at = ClarkeEngine.Analyse(instance, u, new ClarkeOptions { MaxEssentialKinks = 4 }, decideAdjacency: false);
        Assert.True(at.WithinCap);
        Assert.Equal(16, at.Patterns.Count);
        var over = ClarkeEngine.Analyse(instance, u, new ClarkeOptions { MaxEssentialKinks = 3 }, decideAdjacency: false);
        Assert.False(over.WithinCap);
        Assert.Empty(over.Patterns);
        Assert.StartsWith("4 essential kinks, more than the cap of 3", over.CapReason);
    }

    /// <summary>An arc from (order, layer, row, column, value) terms.</summary>
    private static Arc ArcOf(params (int Order, int Layer, int Row, int Col, Rational Value)[] terms)
    {
        var dirs = new List<Rational[]>();
        foreach (var t in terms)
        {
            while (dirs.Count < t.Order) { var d = new Rational[Net.WeightCount]; Array.Fill(d, Rational.Zero); dirs.Add(d); }
            dirs[t.Order - 1][Net.Index(t.Layer, t.Row, t.Col)] += t.Value;
        }
        return new Arc(dirs);
    }

    [Fact]
    public void The_construction_has_four_essential_kinks_and_Ks_side_at_x2_is_free_when_j_is_off_there()
    {
        var ctx = Context();
        Assert.Equal([(1, 1, 0), (1, 1, 1), (2, 0, 0), (2, 0, 1)], ctx.Essential.Select(k => (k.Layer, k.Neuron, k.Sample)).ToArray());
        Assert.Equal(ctx.Gradient("+++-"), ctx.Gradient("+-+-"));
        Assert.NotEqual(ctx.Gradient("++++"), ctx.Gradient("+-++"));
    }

    [Fact]
    public void An_arc_that_gives_a_kink_the_wrong_strict_sign_proves_nothing_even_where_that_side_does_not_matter()
    {
        var ctx = Context();
        // Δ_K = (1, 2) at order 1: z_K(x₁) = 4ε > 0 but z_K(x₂) = −ε < 0, the wrong side for "+++-"; j: 4ε − 2ε² and −ε².
        var wrong = ArcOf((1, 1, 1, 0, 1), (1, 1, 1, 1, 2), (2, 2, 0, 0, -1));
        Assert.False(ArcBuilder.Proves(ctx, wrong, "+++-"));
        Assert.True(ArcBuilder.Proves(ctx, wrong, "+-+-"));      // the pattern it does realise
        // Δ_K = (2, 1): z_K = 5ε, ε; Δ_j = (−2, 0) at the same order: z_j = 5ε − 4ε = ε and ε − 2ε = −ε.
        var right = ArcOf((1, 1, 1, 0, 2), (1, 1, 1, 1, 1), (1, 2, 0, 0, -2));
        Assert.True(ArcBuilder.Proves(ctx, right, "+++-"));
        Assert.False(ArcBuilder.Proves(ctx, right, "++++"));
    }

    [Fact]
    public void A_kink_that_stays_at_zero_is_accepted_only_where_its_side_does_not_change_the_gradient()
    {
        var ctx = Context();
        // Δ_K = (1, 1) ⟂ x₂: z_K(x₂) ≡ 0 along the arc; z_K(x₁) = 3ε.
        var offAtX2 = ArcOf((1, 1, 1, 0, 1), (1, 1, 1, 1, 1), (2, 2, 0, 0, -1));   // z_j = 3ε − 2ε², −ε²
        Assert.True(ArcBuilder.Proves(ctx, offAtX2, "+++-"));     // j is off at x₂: K's side there cannot matter
        Assert.True(ArcBuilder.Proves(ctx, offAtX2, "+-+-"));
        var onAtX2 = ArcOf((1, 1, 1, 0, 1), (1, 1, 1, 1, 1), (2, 2, 0, 0, 1));     // z_j = 3ε + 2ε², ε²
        Assert.False(ArcBuilder.Proves(ctx, onAtX2, "++++"));     // j is on at x₂: K's side there changes g_P
        Assert.False(ArcBuilder.Proves(ctx, onAtX2, "+-++"));
    }

    [Fact]
    public void Equal_orders_of_the_row_and_the_layers_below_are_combined_in_one_LP()
    {
        // With K on '+' at both samples j's layer input leads with (2, 0) at x₁ and (1, 0) at x₂, so the row perturbation
        // alone gives j one sign at both, and B_i = Δ_K·x_i ε is positive at both, so the layers below alone cannot make j
        // negative: "+++-" needs 2Δ_P ∈ (−B₁, ...) and Δ_P < −B₂ at the order of B, i.e. B₁/2 > B₂, and "++-+" needs
        // B₁/2 < B₂. Only the joint LP at equal orders finds these arcs; one of the two exists for the Δ_K the builder
        // picks unless B₁ = 2B₂, i.e. Δ_K ∥ (1, 0) (the layer-1 LP returns a vertex, both margins tight: B₁ = B₂).
        var ctx = Context();
        var arcs = new[] { "+++-", "++-+" }.Select(p => (Pattern: p, Arc: ArcBuilder.Find(ctx, p))).Where(t => t.Arc is not null).ToList();
        Assert.NotEmpty(arcs);
        foreach (var (p, arc) in arcs) Assert.True(ArcBuilder.Proves(ctx, arc!, p));
        // Patterns the layers below decide alone still get arcs.
        Assert.NotNull(ArcBuilder.Find(ctx, "++++"));
        Assert.NotNull(ArcBuilder.Find(ctx, "++--"));
    }
}
