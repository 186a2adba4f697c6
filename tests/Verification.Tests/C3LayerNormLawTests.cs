using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Claims;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Verification.Tests;

public class C3LayerNormLawTests
{
    public static TheoryData<string, int, int, int> Cases => new()
    {
        { "relu", 2, 5, 2 }, { "leaky:1/10", 2, 5, 3 }, { "leaky:1/2", 3, 4, 2 },
        { "polyrelu:2", 2, 4, 2 }, { "signedpoly:2,1/2", 2, 4, 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void C3_holds_with_the_general_argument_and_on_concrete_points(string act, int d, int n, int depth)
    {
        var inst = TestInstances.Random(d * 100 + n * 10 + depth, d, n, Activation.TryParsePreset(act, out _)!, depth, range: 4);
        var r = ClaimRunner.Run("C3", inst, new CheckOptions { TimeoutSeconds = 20 }).Result;
        Assert.True(r.Verdict == Verdict.Holds, r.Detail);
        var evidence = Assert.IsType<C3Evidence>(r.Evidence);
        Assert.True(evidence.GeneralProof);
        Assert.True(evidence.PatternPieces > 0);
        // Not vacuous: at least one concrete KKT point with N ≠ 0 was checked exactly.
        Assert.True(evidence.RankOnePoints + evidence.FullNetworkPoints > 0, r.Detail);
    }

    [Fact]
    public void Xy_zero_data_is_not_vacuously_certified_by_points_with_N_zero()
    {
        // Linear depth-2 with Xy = 0: N ≡ 0, so every KKT point has N = 0 and lies outside the claim; the general
        // argument still holds, and no N ≠ 0 point can be counted.
        var inst = TestInstances.FromInts("xy0", [[1, 0], [1, 0]], [1, -1], Activation.TryParsePreset("linear", out _)!, 2);
        var r = ClaimRunner.Run("C3", inst, new CheckOptions { TimeoutSeconds = 10 }).Result;
        Assert.Equal(Verdict.Holds, r.Verdict);
        var evidence = Assert.IsType<C3Evidence>(r.Evidence);
        Assert.Equal(0, evidence.RankOnePoints + evidence.FullNetworkPoints);
    }
}
