using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Clarke;

namespace Checker.Verification.Tests;

/// <summary>
/// The multipliers of <see cref="ClarkeKkt"/> on a polynomial network (p = 2), where the layer degrees p^(L−l) differ
/// from 1 (on p = 1 networks every layer degree is 1, so a dropped degree is invisible there): μ_l = p^(L−l)·N/‖W_l‖²
/// (docs/theory.md §2), the KKT answer at a symmetric point that is stationary and at one that is not, and the
/// normalised value N² at the balanced unit representative, which a per-layer positive rescaling must not change.
/// </summary>
public class ClarkeKktMultiplierTests
{
    private static readonly Activation Square = new(1, new Rational(1, 2), 2, "poly:1,1/2,2");

    /// <summary>[2,3,1] with p = 2 (Λ = 3) at W_1 = W_2 = all 1/3: ‖W_1‖² = 2/3 = p/Λ and ‖W_2‖² = 1/3 = 1/Λ, the
    /// balanced unit point. Samples mirrored in the diagonal make every gradient row a multiple of (1, 1).</summary>
    private static (Instance, WeightPoint) Balanced(bool symmetric)
    {
        var inputs = new List<Rational[]> { new Rational[] { 1, 2 }, new Rational[] { 2, 1 }, new Rational[] { -1, -2 }, new Rational[] { -2, -1 } };
        if (!symmetric) inputs[1] = [2, 0];
        var labels = new List<Rational> { 1, 1, -1, -1 };
        var net = new Network([2, 3, 1], Square);
        var w = Enumerable.Repeat(new Rational(1, 3), net.WeightCount).ToArray();
        return (new Instance(symmetric ? "mirrored" : "skewed", inputs, labels, net), new WeightPoint(net, w));
    }

    private static WeightPoint Rescaled(WeightPoint u, Rational c1, Rational c2)
    {
        var net = u.Network;
        var w = (Rational[])u.Flat.Clone();
        for (int k = 0; k < w.Length; k++) w[k] *= k < net.Offset(2) ? c1 : c2;
        return new WeightPoint(net, w);
    }

    /// <summary>"ad-only" (reported by `kkt-at` and the certifier) is exactly: stationary for the independent-slope set
    /// and refuted as a Clarke KKT point — not when Clarke is proved or undecided, nor when AD is refuted or undecided.
    /// And at a point with a zero layer (N = 0, ‖W_2‖² = 0) every μ_l is 0 rather than a division by the zero norm.</summary>
    [Fact]
    public void Ad_only_is_AD_stationary_and_Clarke_refuted_and_a_zero_layer_has_zero_multipliers()
    {
        var (instance, u) = Balanced(symmetric: true);
        var r = ClarkeKkt.Decide(instance, u);
        Assert.True((r with { AdStationary = true, ClarkeStationary = false }).AdOnly);
        Assert.False((r with { AdStationary = true, ClarkeStationary = true }).AdOnly);
        Assert.False((r with { AdStationary = true, ClarkeStationary = null }).AdOnly);
        Assert.False((r with { AdStationary = false, ClarkeStationary = false }).AdOnly);
        Assert.False((r with { AdStationary = null, ClarkeStationary = false }).AdOnly);
        var net = u.Network;
        var w = (Rational[])u.Flat.Clone();
        for (int k = net.Offset(2); k < w.Length; k++) w[k] = Rational.Zero;
        var z = ClarkeKkt.Decide(instance, new WeightPoint(net, w));
        Assert.True(z.Value.IsZero);
        Assert.All(z.Multipliers, m => Assert.True(m.IsZero));
        Assert.All(z.Target, t => Assert.True(t.IsZero));
        Assert.True(z.NormalisedValueSquared.IsZero);
    }

    [Fact]
    public void Multipliers_carry_the_layer_degrees()
    {
        var (instance, u) = Balanced(symmetric: true);
        var r = ClarkeKkt.Decide(instance, u);
        // N = 2·(3·(1/3)·1²) − 2·(3·(1/3)·(1/2)·1²) = 1.
        Assert.Equal(Rational.One, r.Value);
        Assert.Equal(new Rational(1), ExactEvaluator.Evaluate(instance, u).Ncf);
        // μ_1 = 2·N/(2/3) = 3, μ_2 = 1·N/(1/3) = 3: equal at the balanced point (both are Λ·N), and the target is 3u.
        Assert.Equal(new Rational[] { 3, 3 }, r.Multipliers);
        Assert.Equal(u.Flat.Select(x => 3 * x).ToArray(), r.Target);
        Assert.Empty(r.Subdifferential.Essential);
        Assert.True(r.Kkt);
        Assert.True(r.ClarkeStationary);
        Assert.True(r.AdStationary);
        // Smooth point: the gradient itself is the target (one pattern, weight 1).
        Assert.Equal(ExactEvaluator.Evaluate(instance, u).Gradient, r.Target);
    }

    [Fact]
    public void Per_layer_rescaling_keeps_the_answer_and_the_normalised_value()
    {
        var (instance, u) = Balanced(symmetric: true);
        var at = ClarkeKkt.Decide(instance, u);
        // At the balanced unit point the normalised value is N² itself.
        Assert.Equal(at.Value * at.Value, at.NormalisedValueSquared);
        var v = Rescaled(u, 2, new Rational(1, 3));
        var r = ClarkeKkt.Decide(instance, v);
        // N is homogeneous of degree p = 2 in W_1 and 1 in W_2: N(v) = 4·(1/3)·N(u).
        Assert.Equal(new Rational(4, 3), r.Value);
        Assert.True(r.Kkt);
        // μ_1 = 2·(4/3)/(8/3) = 1, μ_2 = (4/3)/(1/27) = 36: target = μ_l·W_l = ∇N(v).
        Assert.Equal(new Rational[] { 1, 36 }, r.Multipliers);
        Assert.Equal(ExactEvaluator.Evaluate(instance, v).Gradient, r.Target);
        Assert.Equal(at.NormalisedValueSquared, r.NormalisedValueSquared);
        Assert.Equal(at.NormalisedValueSquared, ClarkeKkt.Decide(instance, Rescaled(u, new Rational(1, 5), 7)).NormalisedValueSquared);
    }

    [Fact]
    public void A_point_whose_gradient_is_not_along_the_weights_is_not_KKT()
    {
        var (instance, u) = Balanced(symmetric: false);
        var r = ClarkeKkt.Decide(instance, u);
        var g = ExactEvaluator.Evaluate(instance, u).Gradient;
        Assert.NotEqual(g, r.Target);
        Assert.False(r.Kkt);
        Assert.False(r.ClarkeStationary);
        Assert.False(r.AdStationary);
        Assert.Empty(r.ConvexWeights);
    }
}
