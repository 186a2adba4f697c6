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
}
