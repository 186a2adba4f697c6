using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Claims;
using Checker.Verification.Clarke;
using Checker.Verification.Contracts;
using Checker.Verification.Solvers;

namespace Checker.Verification.Tests;

/// <summary>
/// K1 decided exactly on two-layer nets (docs/theory.md#k1-on-two-layer-nets): counterexamples on kinks (relu and
/// leaky), dead neurons, holds where no pair exists, and agreement with an independent oracle on random d = 2 data.
/// </summary>
public class K1TwoLayerTests
{
    private static readonly Activation Relu = new(1, 0, 1, "relu");
    private static readonly Activation Leaky = TestInstances.Leaky(1, 10);

    private static Instance Make(int[][] xs, int[] ys, Activation act, int width) => TestInstances.FromInts("k1", xs, ys, act, 2, width);

    private static ClaimResult Check(Instance instance) =>
        ClaimRunner.Run(ClaimRegistry.Find("K1")!, instance, new CheckOptions { TimeoutSeconds = 60 }).Result;

    private static K1TwoLayerResult Decide(Instance instance) =>
        K1TwoLayer.Decide(instance, SolverFactory.Default, new ClarkeOptions(), DateTime.UtcNow.AddSeconds(60), 1, CancellationToken.None);

    [Fact]
    public void TheIssuesSmallestReluExampleIsACounterexampleOnKinks()
    {
        // relu [2,2,1], x = (0,1), (−1,0), y = (−1,1): each neuron sits on a kink of the other sample.
        var r = Decide(Make([[0, 1], [-1, 0]], [-1, 1], Relu, 2));
        Assert.True(r.Complete);
        Assert.NotNull(r.Witness);
        Assert.True(r.Decision!.Kkt);
        Assert.True(r.Decision.Value.Sign > 0);
        Assert.NotEmpty(r.Decision.Subdifferential.Essential);
        Assert.NotEmpty(r.Decision.ConvexWeights);
        AssertRankTwo(r.Witness!);
    }

    [Theory]
    [InlineData(new[] { -2, -2, -2, 0, 2, 2 }, new[] { -1, 2, 1 }, 3)]   // leaky, width 3: one neuron stays dead (zero)
    [InlineData(new[] { 1, -2, -2, 1 }, new[] { 2, 2 }, 2)]            // leaky, symmetric data
    [InlineData(new[] { -1, 2, -1, -2 }, new[] { -2, 2 }, 3)]          // leaky, neurons of opposite output sign
    public void LeakyCounterexamplesAreCertifiedClarkeKktPoints(int[] flat, int[] ys, int width)
    {
        var xs = Enumerable.Range(0, ys.Length).Select(i => new[] { flat[2 * i], flat[2 * i + 1] }).ToArray();
        var instance = Make(xs, ys, Leaky, width);
        var r = Decide(instance);
        Assert.True(r.Complete);
        Assert.NotNull(r.Witness);
        // An independent re-decision of the reported point by the Clarke engine.
        var again = ClarkeKkt.Decide(instance, r.Witness!);
        Assert.True(again.Kkt);
        Assert.True(again.Value.Sign > 0);
        AssertRankTwo(r.Witness!);
        if (width == 3)
            Assert.All(Enumerable.Range(0, 2), c => Assert.True(r.Witness![1, 2, c].IsZero));
        var result = Check(instance);
        Assert.Equal(Verdict.Counterexample, result.Verdict);
    }

    [Fact]
    public void WidthOneAndOneDimensionalInputsHoldByShape()
    {
        Assert.Equal(Verdict.Holds, Check(Make([[1, 2], [-1, 1]], [1, -1], Relu, 1)).Verdict);
        Assert.Equal(Verdict.Holds, Check(TestInstances.FromInts("d1", [[1], [-2]], [1, 1], Leaky, 2, 3)).Verdict);
    }

    [Fact]
    public void XyZeroDataHaveNoPositivePointAndHold()
    {
        // Duplicate inputs with cancelling labels: N ≡ 0, no positive KKT point at all.
        var r = Decide(Make([[1, 2], [1, 2]], [1, -1], Leaky, 3));
        Assert.True(r.Complete);
        Assert.Null(r.Witness);
        Assert.Empty(r.Points);
    }

    [Fact]
    public void AgreesWithAnIndependentCircleOracleOnRandomData()
    {
        int counterexamples = 0, checkedCount = 0;
        for (int seed = 0; seed < 400 && checkedCount < 40; seed++)
        {
            var rng = new Random(seed);
            int n = rng.Next(1, 4);
            var xs = new int[n][];
            for (int i = 0; i < n; i++)
                do xs[i] = [rng.Next(-2, 3), rng.Next(-2, 3)]; while (xs[i].All(v => v == 0));
            var ys = Enumerable.Range(0, n).Select(_ => rng.Next(1, 3) * (rng.Next(2) == 0 ? 1 : -1)).ToArray();
            var act = rng.Next(2) == 0 ? Relu : Leaky;
            bool expected = CircleOracle(xs, ys, act.Neg);
            // Keep every instance with a counterexample and a sample of the others.
            if (!expected && seed % 8 != 0) continue;
            checkedCount++;
            var r = Decide(Make(xs, ys, act, 2));
            Assert.True(r.Complete, $"seed {seed}: {r.Reason}");
            Assert.Equal(expected, r.Witness is not null);
            if (expected) counterexamples++;
        }
        Assert.True(counterexamples >= 3, $"only {counterexamples} counterexamples among the random instances");
    }

    private static void AssertRankTwo(WeightPoint u)
    {
        var rows = Enumerable.Range(0, u.Network.Widths[1]).Select(i => Enumerable.Range(0, u.Network.Widths[0]).Select(c => u[1, i, c]).ToArray()).ToArray();
        Assert.Equal(2, Exact.RationalLinearAlgebra.Rank(rows, u.Network.Widths[0]));
    }

    /// <summary>
    /// Independent of the reduced enumerations: on the circle, the positive reduced KKT points of ±F are the open-cell
    /// points g_σ (pattern σ reproduced by g_σ) and the kink directions b ⟂ x_i where 0 lies between the one-sided
    /// angular derivatives; a counterexample exists iff two non-parallel ones share a value (compared squared).
    /// </summary>
    private static bool CircleOracle(int[][] xs, int[] ys, Rational alpha)
    {
        int n = xs.Length;
        Rational Slope(int sign) => sign > 0 ? Rational.One : alpha;
        Rational Dot(int[] x, Rational[] b) => x[0] * b[0] + x[1] * b[1];
        var pts = new List<(Rational[] B, Rational Q)>();
        foreach (int s in new[] { 1, -1 })
        {
            for (int mask = 0; mask < 1 << n; mask++)
            {
                var sig = Enumerable.Range(0, n).Select(i => (mask >> i & 1) == 1 ? 1 : -1).ToArray();
                var g = new Rational[2];
                for (int j = 0; j < 2; j++) g[j] = Enumerable.Range(0, n).Aggregate(Rational.Zero, (acc, i) => acc + s * ys[i] * Slope(sig[i]) * xs[i][j]);
                if (g.All(v => v.IsZero)) continue;
                if (Enumerable.Range(0, n).All(i => Dot(xs[i], g).Sign == sig[i])) pts.Add((g, g[0] * g[0] + g[1] * g[1]));
            }
            foreach (var x in xs)
                foreach (var b in new[] { new Rational[] { -x[1], x[0] }, new Rational[] { x[1], -x[0] } })
                {
                    var t = new[] { -b[1], b[0] };
                    var f = Enumerable.Range(0, n).Aggregate(Rational.Zero, (acc, i) => acc + s * ys[i] * Slope(Dot(xs[i], b).Sign) * Dot(xs[i], b));
                    if (f.Sign <= 0) continue;
                    Rational Side(int e) => Enumerable.Range(0, n).Aggregate(Rational.Zero, (acc, i) =>
                    {
                        var zb = Dot(xs[i], b);
                        var c = zb.Sign != 0 ? Slope(zb.Sign) : Slope(e * Dot(xs[i], t).Sign);
                        return acc + s * ys[i] * c * Dot(xs[i], t);
                    });
                    var (right, left) = (Side(1), Side(-1));
                    if (Rational.Min(right, left).Sign <= 0 && Rational.Max(right, left).Sign >= 0)
                        pts.Add((b, f * f / (b[0] * b[0] + b[1] * b[1])));
                }
        }
        for (int a = 0; a < pts.Count; a++)
            for (int c = a + 1; c < pts.Count; c++)
                if (pts[a].Q == pts[c].Q && pts[a].B[0] * pts[c].B[1] - pts[a].B[1] * pts[c].B[0] != Rational.Zero) return true;
        return false;
    }
}
