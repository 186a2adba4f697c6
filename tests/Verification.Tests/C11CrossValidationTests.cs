using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Claims;
using Checker.Verification.Claims.Witnesses;
using Checker.Verification.Clarke;
using Checker.Verification.Contracts;

namespace Checker.Verification.Tests;

/// <summary>C11: Filippov NCF flows of relu and leaky nets end on exactly certified Clarke KKT points (docs/theory.md#c11-non-smooth-cross-validation).</summary>
public class C11CrossValidationTests
{
    private static readonly Activation Relu = new(1, 0, 1, "relu");

    private static ClaimResult Check(Instance instance, int seed = 1) =>
        ClaimRunner.Run(ClaimRegistry.Find("C11")!, instance, new CheckOptions { TimeoutSeconds = 120, Seed = seed }).Result;

    public static TheoryData<string, int[][], int[], string, int, int> Cases => new()
    {
        // relu, each neuron on a kink of the other sample (the K1 example of issue 12)
        { "relu kinks", [[0, 1], [-1, 0]], [-1, 1], "relu", 2, 2 },
        // relu symmetric data: some starts end with every neuron dead (a rest point with N = 0)
        { "relu dead", [[2, -1], [-1, 2]], [1, 1], "relu", 2, 2 },
        // leaky, mixed signs: limits inside a continuum (two neurons on one reduced point)
        { "leaky continuum", [[1, 3], [-2, 1], [2, -1]], [1, -1, 1], "leaky", 2, 2 },
        // leaky depth 3 (Λ = 3: finite-time blow-up)
        { "leaky deep", [[1, 2], [-1, 1], [2, -3]], [1, -1, 1], "leaky", 3, 2 },
        // relu-kink with labels doubled: the flows pass coupled kinks (z[2,2](x₃) = c·σ(z[1,2](x₃))), where a Filippov run
        // used to keep a side its field had left and stop at a non-KKT direction
        { "relu kink doubled", [[1, 1], [1, -1], [2, 1]], [2, -2, 1], "relu", 3, 2 },
        // issue 12: relu [2,3,1] whose flows from seeds 101/102 were reported stationary at a non-KKT point
        { "relu 231", [[1, 0], [1, -1], [-1, -2]], [1, 1, -1], "relu", 2, 3 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryFlowCollapsesOrSettlesOnACertifiedNonNegativeClarkeKktPoint(string name, int[][] xs, int[] ys, string act, int depth, int width)
    {
        var instance = TestInstances.FromInts(name, xs, ys, act == "relu" ? Relu : TestInstances.Leaky(1, 10), depth, width);
        var r = Check(instance);
        var e = Assert.IsType<C11Evidence>(r.Evidence);
        Assert.Equal(C11NonsmoothCrossValidationCheck.Starts, e.Runs.Count);
        if (r.Verdict == Verdict.Inconclusive)
        {
            // A finding must say where it started and where it ended.
            Assert.All(e.Runs.Where(x => x.Problem is not null), x => Assert.NotNull(x.FinalDirection));
            Assert.Fail($"{name}: {r.Detail}");
        }
        Assert.Equal(Verdict.HoldsNumerically, r.Verdict);
        Assert.Equal(e.Starts, e.Collapsed + e.Matched);
        foreach (var run in e.Runs.Where(x => x.Outcome != "collapse"))
        {
            Assert.True(run.Cosine >= 1 - C11NonsmoothCrossValidationCheck.Epsilon);
            Assert.False(run.Value!.StartsWith('-'));
            // Re-decide the reported exact point independently of the check.
            var flat = run.Point!.SelectMany(l => l.SelectMany(row => row.Select(Rational.Parse))).ToArray();
            var again = ClarkeKkt.Decide(instance, new WeightPoint(instance.Network, flat));
            Assert.True(again.Kkt, $"{name}, seed {run.Seed}: {again.Reason}");
            Assert.True(again.Value.Sign >= 0);
        }
    }

    [Fact]
    public void ReluKinkExampleLimitsAreCertified()
    {
        // examples/basics/relu-kink.json: every limit has dormant neurons and x3 on a kink; one splits a neuron in two.
        // They need second-order arcs through a woken neuron and the weak sign of a kink on a closed ReLU path.
        var instance = TestInstances.Make("relu-kink", [[1, 1], [1, -1], [2, 1]], [1, -1, new Rational(1, 2)], Relu, 3, 2);
        var r = Check(instance);
        Assert.True(r.Verdict == Verdict.HoldsNumerically, r.Detail);
        var e = Assert.IsType<C11Evidence>(r.Evidence);
        Assert.Equal(e.Starts, e.Matched);
        foreach (var run in e.Runs)
        {
            var flat = run.Point!.SelectMany(l => l.SelectMany(row => row.Select(Rational.Parse))).ToArray();
            Assert.True(ClarkeKkt.Decide(instance, new WeightPoint(instance.Network, flat)).Kkt, $"seed {run.Seed}");
        }
    }

    [Fact]
    public void SmoothNetsAreNotApplicable()
    {
        foreach (var act in new[] { new Activation(1, 1, 1, "linear"), new Activation(1, 0, 2, "polyrelu:2") })
        {
            var r = Check(TestInstances.FromInts("smooth", [[1, 2], [-1, 1]], [1, -1], act, 2, 2));
            Assert.Equal(Verdict.NotApplicable, r.Verdict);
        }
    }
}
