using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Claims;
using Checker.Verification.RankOne;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Verification.Tests;

public class RankOneClaimTests
{
    public static TheoryData<string, int, int, int> Cases => new()
    {
        // Depth 3 moved to C4ConverseTests: the converse query there is slow (s = (+,+,+) undecided in 15 s) or finds a
        // chain-rule Clarke counterexample at a kink.
        { "relu", 2, 5, 2 }, { "relu", 2, 4, 2 },
        { "leaky:1/10", 2, 5, 2 }, { "leaky:1/2", 2, 5, 2 },
    };

    private static Instance Make(string act, int d, int n, int depth, int seed) =>
        TestInstances.Random(seed, d, n, Activation.TryParsePreset(act, out _)!, depth, range: 5);

    [Theory]
    [MemberData(nameof(Cases))]
    public void C4_and_C2_hold_exactly(string act, int d, int n, int depth)
    {
        var inst = Make(act, d, n, depth, seed: d * 100 + n * 10 + depth);
        var options = new CheckOptions { TimeoutSeconds = 60 };
        Assert.True(ClaimRegistry.Find("C4")!.Applies(inst).Holds);
        var r = ClaimRunner.Run("C4", inst, options).Result;
        Assert.True(r.Verdict == Verdict.Holds, r.Detail);
        Assert.True(Assert.IsType<C4Evidence>(r.Evidence).PositivePoints > 0, "instance has no positive reduced KKT point: the test would be vacuous");
        var c2 = ClaimRunner.Run("C2", inst, options).Result;
        Assert.True(c2.Verdict == Verdict.Holds, c2.Detail);
    }

    [Fact]
    public void Layer_slopes_realise_every_reduced_kink_slope()
    {
        foreach (var act in new[] { Activation.Relu, TestInstances.Leaky(1, 10) })
            foreach (var s in Reduced.ReducedProblem.AllSignVectors(3))
            {
                var inst = TestInstances.FromInts("x", [[1, 0]], [1], act, 3);
                var p = Reduced.ReducedProblem.Create(inst, s);
                for (int k = 0; k <= 4; k++)
                {
                    var target = p.Low + (p.High - p.Low) * new Rational(k, 4);
                    var th = RankOneLift.LayerSlopes(act, s, target);
                    Assert.NotNull(th);
                    Assert.All(th!, t => Assert.True(t >= act.Neg && t <= act.Pos));
                    Assert.Equal(target, th!.Aggregate((Rational)s.Aggregate(1, (x, y) => x * y), (x, y) => x * y));
                }
            }
    }

    [Fact]
    public void A_wrong_lift_is_rejected()
    {
        // b not a reduced KKT point: its lift must not certify (exact decision, no tolerance).
        var inst = Make("leaky:1/10", 2, 5, 2, 11);
        var lift = RankOneLift.Build(inst, [1, 1], [1, 1], "e1", RankOneLift.FactorChoices().First().Make)!;
        var p = Reduced.ReducedProblem.Create(inst, [1, 1]);
        var pattern = p.PatternOf([1, 1]);
        var slopes = pattern.Select(c => c == '+' ? p.SlopePos : p.SlopeNeg).ToArray();
        var g = p.Gradient(slopes);
        Assert.NotEqual(g[0], g[1]); // ∂f(b) is not parallel to b = (1, 1): b is not a reduced KKT point
        var dec = RankOneLift.Decide(inst, [1, 1], lift, pattern, slopes);
        Assert.False(dec.Kkt);
        Assert.NotEmpty(dec.Reason);
    }
}
