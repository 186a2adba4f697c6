using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Verification.Claims;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Verification.Tests;

/// <summary>C8's reference point u* on p ≥ 2 nets: the NCF limit direction is an algebraic KKT point, proved by the
/// Krawczyk test to lie in a tiny box (the rational route cannot certify it); the verdict text says so instead of an
/// empty "not certified" reason.</summary>
public class C8ReferencePointTests
{
    [Theory]
    [InlineData("polyrelu:2", 2)]
    [InlineData("polyrelu:2", 3)]
    public void Polynomial_limit_direction_is_proved_by_krawczyk(string act, int depth)
    {
        var inst = TestInstances.FromInts($"c8-{depth}", [[1, 0], [0, 1], [1, 2]], [1, -1, 2], Activation.TryParsePreset(act, out _)!, depth);
        var r = ClaimRunner.Run("C8", inst, new CheckOptions { TimeoutSeconds = 60 }).Result;
        Assert.True(r.Verdict == Verdict.HoldsNumerically, r.Detail);
        Assert.True(Assert.IsType<C8Evidence>(r.Evidence).UStarCertified);
        Assert.Contains("Krawczyk", r.Detail);
        Assert.DoesNotContain("not certified exactly: )", r.Detail);
    }

    /// <summary>
    /// examples/basics/general-activation.json (Λ = 13): the NCF direction enters the ε/4-cone only within 10⁻¹⁴·τ* of
    /// the blow-up, so the flows are compared at equal norm in polar variables. The training flows then meet the cone at
    /// the NCF flow's norm C_ε, at rescaled times that agree with T_ε, and u* is the Krawczyk-certified KKT point.
    /// </summary>
    [Fact]
    public void Large_degree_compares_the_flows_at_equal_norm()
    {
        var inst = Symbolic.IO.InstanceReader.Parse("""
            {"name": "general-activation", "inputs": [["1", "-2"], ["3/2", "1"], ["-1", "-1"]], "labels": ["1", "-1/2", "1"],
             "network": {"widths": [2, 2, 2, 1], "activation": {"pos": "2", "neg": "-1/3", "power": 3}}}
            """, "general-activation");
        var r = ClaimRunner.Run("C8", inst, new CheckOptions { TimeoutSeconds = 120 }).Result;
        Assert.True(r.Verdict == Verdict.HoldsNumerically, r.Detail);
        var e = Assert.IsType<C8Evidence>(r.Evidence);
        Assert.True(e.UStarCertified);
        Assert.NotNull(e.MatchedNorm);
        Assert.Equal(e.MatchedNorm, e.NormBoundC);
        var last = e.Cosines!.Count - 1;
        foreach (int k in new[] { last - 1, last })
        {
            Assert.True(e.Cosines[k] >= 1 - C8EarlyDirectionalConvergenceCheck.Epsilon, $"δ = {e.Deltas![k]}: cos {e.Cosines[k]}");
            Assert.Equal(e.TEpsilon!.Value, e.RescaledTimes![k], 1e-9 * e.TEpsilon.Value);
        }
    }
}
