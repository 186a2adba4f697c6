using Checker.Symbolic.Numbers;
using Checker.Verification.Claims;
using Checker.Verification.Clarke;
using Checker.Verification.Reduced;

namespace Checker.Verification.Tests;

/// <summary>The witnesses against K3 (leaky-deep, F1) and K4 (the [2,2,1] instance F2), found by the candidate search and
/// confirmed by an independent exact check: the convex weights times the adjacent g_P give μ_l W_l, and every pattern
/// carrying weight has an arc that the exact ε-polynomial check accepts.</summary>
public class KinkConjectureSearchTests
{
    [Fact]
    public void K3IsRefutedOnLeakyDeepByARankOneClarkeKktPointWhoseBIsNoReducedKktPoint()
    {
        var (instance, _, _, _) = ClarkeCases.Get("F1");
        var w = KinkConjectureSearch.K3(instance, new ClarkeOptions(), DateTime.UtcNow.AddMinutes(5), default, out int tried);
        Assert.NotNull(w);
        Assert.True(tried > 0);
        Confirm(w);
        Assert.False(ReducedClarke.IsKktPoint(ReducedProblem.Create(instance, w.Signs), w.B, 1));
    }

    [Fact]
    public void K4IsRefutedOnTheMixedSignInstanceByAClarkeKktPointWithAMixedFactor()
    {
        var (instance, _, _, _) = ClarkeCases.Get("F2");
        var w = KinkConjectureSearch.K4(instance, new ClarkeOptions(), DateTime.UtcNow.AddMinutes(5), default, out _);
        Assert.NotNull(w);
        Confirm(w);
        Assert.Contains(w.Factors[0], v => v.Sign > 0);
        Assert.Contains(w.Factors[0], v => v.Sign < 0);
    }

    [Fact]
    public void NoK3WitnessWhereTheReducedPointIsGenuine()
    {
        // On a 2-layer net every rank-one Clarke KKT point's b is a reduced KKT point (C4's converse holds for L = 2 at
        // kinks too, docs/theory.md §4: K3 is false only for L ≥ 3).
        var (instance, _, _, _) = ClarkeCases.Get("F2");
        Assert.Null(KinkConjectureSearch.K3(instance, new ClarkeOptions(), DateTime.UtcNow.AddMinutes(5), default, out _));
    }

    private static void Confirm(KinkWitness w)
    {
        var r = w.Decision;
        Assert.True(r.Kkt);
        Assert.True(r.Value.Sign > 0);
        Assert.Equal(false, r.Subdifferential.Differentiable);
        // Independent re-check: a fresh engine run on the same point gives the same answer, and the weighted sum is exact.
        var again = ClarkeKkt.Decide(r.Subdifferential.Instance, w.Point);
        Assert.True(again.Kkt);
        var sum = Enumerable.Repeat(Rational.Zero, w.Point.Flat.Length).ToArray();
        foreach (var (pattern, weight) in r.ConvexWeights)
        {
            var p = r.Subdifferential.Patterns.Single(q => q.Signs == pattern);
            Assert.Equal(Adjacency.Adjacent, p.Status);
            for (int j = 0; j < sum.Length; j++) sum[j] += weight * p.Gradient[j];
        }
        Assert.Equal(r.Target, sum);
    }
}
