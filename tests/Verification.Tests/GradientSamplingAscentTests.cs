using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.FullNetwork;

namespace Checker.Verification.Tests;

/// <summary>Issue 12 item 1: the nonsmooth ascent ends on kink faces, where the face solve and the Clarke engine certify
/// the point. Every certificate is re-checked numerically by <see cref="KinkFaceSolverTests.AssertClarkeNumerically"/>.</summary>
public class GradientSamplingAscentTests
{
    /// <summary>Random small-rational inputs with labels −1, 1, 1, … (the bench's family, smaller).</summary>
    private static Instance RandomInstance(string activation, int[] widths, int n, int seed)
    {
        var rng = new Random(seed);
        var inputs = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, widths[0]).Select(_ => new Rational(rng.Next(-4, 5), rng.Next(1, 4))).ToArray()).ToArray();
        var labels = Enumerable.Range(0, n).Select(i => (Rational)(i % 3 == 0 ? -1 : 1)).ToArray();
        return new Instance("t", inputs, labels, new Network(widths, Activation.TryParsePreset(activation, out _)!));
    }

    [Fact]
    public void MinNormPointOfKnownHulls()
    {
        AssertClose([0.5, 0.5], MinNormPoint.Of([[1.0, 0], [0, 1.0]]));
        AssertClose([1, 0], MinNormPoint.Of([[1.0, 1], [1, -1.0], [2, 0]]));
        AssertClose([0, 0], MinNormPoint.Of([[1.0, 0], [-1, 1.0], [-1, -1.0]])); // 0 inside the hull
        AssertClose([0, 3, 0], MinNormPoint.Of([[2.0, 3, 0], [-2, 3, 0], [0, 3, 4], [0, 5, 0]])); // on a face of the hull
        AssertClose([0.2, 0.4], MinNormPoint.Of([[1.0, 0], [0, 0.5], [1.0, 0], [0.5, 0.25]])); // repeated and collinear points
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int j = 0; j < expected.Length; j++) Assert.True(Math.Abs(expected[j] - actual[j]) < 1e-9, $"entry {j}: {actual[j]} vs {expected[j]}");
    }

    [Theory]
    [InlineData("leaky:1/10", new[] { 3, 4, 4, 1 }, 8, 1)]
    [InlineData("relu", new[] { 3, 4, 4, 1 }, 8, 1)]
    [InlineData("leaky:1/5", new[] { 2, 3, 3, 1 }, 5, 3)]
    [InlineData("relu", new[] { 2, 3, 1 }, 4, 2)]
    public void StalledSmoothAscentsAreContinuedOntoCertifiedKinkPoints(string activation, int[] widths, int n, int seed)
    {
        var inst = RandomInstance(activation, widths, n, seed);
        var model = NcfModel.Compile(inst);
        int stalled = 0, atOwnValue = 0;
        var misses = new List<string>();
        for (int s = 0; s < 16; s++)
        {
            var smooth = SphereAscent.Run(model, SphereAscent.RandomDirection(model.WeightCount, seed * 7919 + s), s, 30_000);
            if (smooth.Converged) continue;
            stalled++;
            var end = GradientSamplingAscent.Run(model, smooth.Point, s);
            Assert.True(end.Ncf >= smooth.Ncf - 1e-12, $"start {s}: the ascent went down ({smooth.Ncf} → {end.Ncf})");
            Assert.True(Math.Abs(Math.Sqrt(end.Point.Sum(x => x * x)) - 1) < 1e-12);
            var o = KktCertifier.Certify(inst, end.Point);
            if (o.Certificate is not { } cert) { misses.Add($"start {s}: {o.Reason}"); continue; }
            // Whatever is certified must hold up numerically, also when the exact routes ran to another KKT point.
            KinkFaceSolverTests.AssertClarkeNumerically(inst, cert);
            double value = double.Parse(cert.ValueDecimal, System.Globalization.CultureInfo.InvariantCulture);
            if (Math.Abs(value - end.Ncf) <= 1e-6 * Math.Max(1, Math.Abs(value))) atOwnValue++;
            else misses.Add($"start {s}: certified N = {value}, the ascent ended at {end.Ncf}");
        }
        Assert.True(stalled > 0, "no smooth ascent stalled on this instance: it does not exercise the kink route");
        // The nonsmooth end is certified at the value it reached (the KKT point it found, not another one) for at least
        // half of the stalled starts (FullNetworkKkt then tries the other members of a family); the rest are listed.
        Assert.True(2 * atOwnValue >= stalled, $"{atOwnValue} of {stalled} stalled starts certified at their own value; " + string.Join("; ", misses));
    }

    private static double Vectors(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    [Fact]
    public void DeepReluFindCertifiesEveryDistinctPointIncludingDeadNeurons()
    {
        var inst = RandomInstance("relu", [3, 4, 4, 1], 8, 1);
        var res = FullNetworkKkt.Find(inst, new FullNetworkKktOptions { Starts = 16, Seed = 1 });
        Assert.NotEmpty(res.Points);
        Assert.All(res.Points, p => Assert.True(p.Certified, $"N≈{p.NumericNcf}, residual {p.Residual}: {p.Reason}"));
        foreach (var p in res.Points) KinkFaceSolverTests.AssertClarkeNumerically(inst, p.Certificate!);
        // Dead-neuron structure: some certified point has a live-weighted hidden neuron that is off (z ≤ 0) on every sample.
        var net = inst.Network;
        Assert.Contains(res.Points, p =>
        {
            var signs = p.Certificate!.Pattern.Signs.ToArray();
            int n = inst.SampleCount;
            for (int l = 1, off = 0; l < net.Depth; off += net.Widths[l] * n, l++)
                for (int j = 0; j < net.Widths[l]; j++)
                    if (Enumerable.Range(0, n).All(i => signs[off + j * n + i] <= 0)) return true;
            return false;
        });
    }

    [Fact]
    public void TheRefinementFindsAtLeastWhatTheSmoothAscentCertifies()
    {
        // Same starts, with and without the nonsmooth continuation: every value the smooth ascent certifies is certified
        // with it too, and no distinct point is left uncertified (leaky 1/5, depth 3: the smooth ascent leaves two).
        var inst = RandomInstance("leaky:1/5", [2, 3, 3, 1], 5, 3);
        var with = FullNetworkKkt.Find(inst, new FullNetworkKktOptions { Starts = 16, Seed = 3 });
        var without = FullNetworkKkt.Find(inst, new FullNetworkKktOptions { Starts = 16, Seed = 3, NonsmoothRefinement = false });
        Assert.All(with.Points, p => Assert.True(p.Certified, p.Reason));
        foreach (var p in without.Points.Where(p => p.Certificate is not null))
            Assert.Contains(with.Points, q => q.Certificate!.ValueSquared == p.Certificate!.ValueSquared);
        Assert.True(with.CertifiedCount > without.CertifiedCount || without.Points.All(p => p.Certified));
    }
}
