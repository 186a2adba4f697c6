using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;
using Checker.Verification.FullNetwork;

namespace Checker.Verification.Tests;

public class FullNetworkKktTests
{
    internal static Instance Make(string activation, int[] widths, int[][] xs, int[] ys)
    {
        var act = Activation.TryParsePreset(activation, out var err) ?? throw new ArgumentException(err);
        return new Instance("t", xs.Select(x => x.Select(v => (Rational)v).ToArray()).ToArray(), ys.Select(v => (Rational)v).ToArray(), new Network(widths, act));
    }

    /// <summary>Independent numeric cross-check of an exact certificate: at the normalised point the tangential part of
    /// ∇N vanishes and N matches the exact decimal value (double evaluator, not the exact one).</summary>
    private static void AssertNumericallyKkt(Instance instance, KktCertificate cert)
    {
        var model = NcfModel.Compile(instance);
        var u = cert.NormalisedDoubles();
        var g = new double[u.Length];
        double n = model.NcfAndGradient(u, g);
        double lambda = u.Zip(g, (a, b) => a * b).Sum();
        double res = Math.Sqrt(g.Select((x, k) => (x - lambda * u[k]) * (x - lambda * u[k])).Sum());
        Assert.True(res < 1e-9 * Math.Max(1, Math.Abs(lambda)), $"tangential gradient {res}");
        Assert.Equal(double.Parse(cert.ValueDecimal, System.Globalization.CultureInfo.InvariantCulture), n, 9);
        Assert.Equal((double)instance.Network.Degree * n, lambda, 8); // C2: λ = ΛN
    }

    [Theory]
    [InlineData("leaky:1/10", new[] { 2, 3, 3, 1 })]
    [InlineData("relu", new[] { 2, 3, 2, 1 })]
    [InlineData("leaky:1/4", new[] { 2, 2, 1 })]
    public void PiecewiseLinearNetsGetCertifiedRankOneFamilies(string activation, int[] widths)
    {
        var inst = Make(activation, widths, [[1, 2], [-1, 1], [1, -3], [2, 1]], [1, -1, 1, 2]);
        var res = FullNetworkKkt.Find(inst, new FullNetworkKktOptions { Starts = 12, Seed = 3 });
        Assert.NotEmpty(res.Points);
        var best = res.Points[0];
        Assert.True(best.Certified, best.Reason);
        var cls = best.Classification!;
        Assert.True(cls.Positive);
        Assert.True(cls.RankOne);
        Assert.True(cls.SignDefinite);
        Assert.True(cls.Aligned);
        Assert.True(cls.NormLaw);
        Assert.NotNull(best.Family); // p = 1: reported as a continuum
        Assert.True(best.Cosine > 0.99, $"cosine {best.Cosine}");
        AssertNumericallyKkt(inst, best.Certificate!);
        // The reduced direction b is a fixed point of docs/theory.md#reduced-problem: b ∥ g_S with the composed slopes of the signs.
        var b = cls.ReducedDirection!;
        var act = inst.Network.Activation;
        var g = new Rational[2];
        g[0] = g[1] = Rational.Zero;
        for (int i = 0; i < inst.SampleCount; i++)
        {
            var t = inst.Inputs[i][0] * b[0] + inst.Inputs[i][1] * b[1];
            Assert.NotEqual(0, t.Sign);
            // φ_s'(t) = Π_l slope of σ at the sign s_l·(running sign).
            Rational slope = Rational.One;
            int sign = t.Sign;
            for (int l = 0; l < inst.Network.Depth - 1; l++)
            {
                sign *= cls.Signs![l];
                slope *= sign > 0 ? act.Pos : act.Neg;
                if (sign < 0 && act.Neg.IsZero) sign = 0;
                if (sign == 0) break;
            }
            for (int j = 0; j < 2; j++) g[j] += inst.Labels[i] * slope * inst.Inputs[i][j];
        }
        Assert.True(RationalLinearAlgebra.Parallel(g, b));
    }

    [Fact]
    public void SymmetricDataHasCertifiedKktPointsThatAreNotRankOne()
    {
        // x₁ = (2,−1), x₂ = (−1,2), y = (1,1), ReLU: the reduced problem has two maximisers b ∝ x₁, x₂ of equal value,
        // so one neuron on each is a KKT point of the full net that is not rank-one.
        var inst = Make("relu", [2, 2, 1], [[2, -1], [-1, 2]], [1, 1]);
        var res = FullNetworkKkt.Find(inst, new FullNetworkKktOptions { Starts = 24, Seed = 5 });
        var split = res.Points.Where(p => p.Certified && !p.Classification!.RankOne && p.Classification.Positive).ToList();
        Assert.NotEmpty(split);
        foreach (var p in split) AssertNumericallyKkt(inst, p.Certificate!);
        Assert.Contains(res.Points, p => p.Certified && p.Classification!.RankOne);
    }

    [Fact]
    public void CheckRejectsANonKktPointAndAcceptsAHandMadeOne()
    {
        var inst = Make("relu", [2, 2, 1], [[2, -1], [-1, 2]], [1, 1]);
        var net = inst.Network;
        // W₁ = [[2,−1],[−1,2]], W₂ = [1,1]: each neuron is aligned with its own sample: ∇_{W₁}N = W₁, ∇_{W₂}N = 5·W₂.
        var good = new WeightPoint(net, [2, -1, -1, 2, 1, 1]);
        var cert = KktCertifier.Check(inst, good, out var why);
        Assert.NotNull(cert);
        Assert.Equal(new Rational(10), cert!.Ncf);
        Assert.Equal(new Rational(1, 2), cert.LayerNormShare(1)); // C3: d_l/Λ = 1/2
        AssertNumericallyKkt(inst, cert);
        var bad = new WeightPoint(net, [2, -1, -1, 2, 1, 2]);
        Assert.Null(KktCertifier.Check(inst, bad, out why));
        Assert.Contains("parallel", why);
    }

    [Fact]
    public void PolynomialNetsAreCertifiedByKrawczykBoxesOrGiveTheReason()
    {
        var inst = Make("polyrelu:2", [2, 2, 1], [[1, 2], [-1, 1], [1, -3]], [1, -1, 1]);
        var res = FullNetworkKkt.Find(inst, new FullNetworkKktOptions { Starts = 6, Seed = 1 });
        Assert.NotEmpty(res.Points);
        foreach (var p in res.Points.Where(p => !p.Certified)) Assert.False(string.IsNullOrEmpty(p.Reason));
        foreach (var p in res.Points.Where(p => p.Certificate is not null)) AssertNumericallyKkt(inst, p.Certificate!);
        // p = 2 KKT points with N ≠ 0 are algebraic: certified by a box (KrawczykKktTests holds the boxes to account).
        Assert.Contains(res.Points, p => p.Enclosure is not null && p.Classification!.Positive);
    }
}
