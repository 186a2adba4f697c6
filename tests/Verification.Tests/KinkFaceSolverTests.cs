using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.FullNetwork;

namespace Checker.Verification.Tests;

/// <summary>Issue 12 items 1–2: numeric candidates next to a kink face are landed on it exactly and certified by the Clarke
/// engine; each certificate is cross-checked numerically by the compiled double model at points inside the adjacent
/// patterns (along the certificate's own arcs), which is independent of the exact evaluator.</summary>
public class KinkFaceSolverTests
{
    /// <summary>The convex weights of the Clarke certificate, applied to double gradients taken a small step into each
    /// adjacent pattern, reproduce μ_l W_l: the hull membership seen from outside the exact code.</summary>
    internal static void AssertClarkeNumerically(Instance instance, KktCertificate cert)
    {
        var model = NcfModel.Compile(instance);
        var net = instance.Network;
        var u = cert.Point.ToDoubles();
        var target = new double[u.Length];
        for (int l = 1; l <= net.Depth; l++)
        {
            var (r, c) = net.Shape(l);
            for (int k = 0; k < r * c; k++) target[net.Offset(l) + k] = cert.LayerMultipliers[l - 1].ToDouble() * u[net.Offset(l) + k];
        }
        var combined = new double[u.Length];
        if (cert.Clarke is null)
        {
            model.NcfAndGradient(u, combined);
        }
        else
        {
            var verdicts = cert.Clarke.Subdifferential.Patterns.ToDictionary(p => p.Signs);
            Assert.NotEmpty(cert.Clarke.ConvexWeights);
            foreach (var (pattern, weight) in cert.Clarke.ConvexWeights)
            {
                var arc = verdicts[pattern].Arc!;
                const double eps = 1e-5;
                var at = (double[])u.Clone();
                for (int k = 0; k < arc.Directions.Count; k++)
                    for (int j = 0; j < at.Length; j++) at[j] += Math.Pow(eps, k + 1) * arc.Directions[k][j].ToDouble();
                var g = new double[u.Length];
                model.NcfAndGradient(at, g);
                for (int j = 0; j < g.Length; j++) combined[j] += weight.ToDouble() * g[j];
            }
        }
        double scale = Math.Max(1, target.Max(Math.Abs));
        for (int j = 0; j < u.Length; j++) Assert.True(Math.Abs(combined[j] - target[j]) < 1e-3 * scale, $"weight {j}: hull {combined[j]} vs μW {target[j]}");
    }

    private static Instance Issue12Minimal(string activation) =>
        FullNetworkKktTests.Make(activation, [2, 2, 1], [[0, 1], [-1, 0]], [-1, 1]);

    [Fact]
    public void TheIssueExampleIsLandedOnItsKinksFromANearbyCandidate()
    {
        // relu [2,2,1], W_1 = [[−1,0],[0,1]], W_2 = [1,−1]: both neurons exactly dead on one sample each. The candidate is
        // off the face (z ≈ −0.01 and −0.004 on the kinked samples), as a stalled ascent would leave it.
        var inst = Issue12Minimal("relu");
        double[] candidate = [-1, -0.01, -0.004, 1, 1.001, -0.999];
        var o = KinkFaceSolver.Certify(inst, candidate);
        Assert.True(o.Certified, o.Reason);
        var cert = o.Certificate!;
        Assert.NotNull(cert.Clarke);
        Assert.Equal(new Rational(1, 4), cert.ValueSquared); // N(u) = 1/2
        var cls = KktClassification.Of(inst, cert);
        Assert.Equal([2, 1], cls.LayerRanks);
        Assert.True(cls.Positive);
        AssertClarkeNumerically(inst, cert);
        // The same through the certifier every caller uses.
        var viaCertifier = KktCertifier.Certify(inst, candidate);
        Assert.True(viaCertifier.Certified, viaCertifier.Reason);
    }

    [Fact]
    public void LeakyTwoLayerPointOnAHyperplaneIsCertified()
    {
        // leaky 1/10 on the issue data: the kinked samples get slopes in [1/10, 1]; the Clarke engine decides.
        var inst = Issue12Minimal("leaky:1/10");
        var res = FullNetworkKkt.Find(inst, new FullNetworkKktOptions { Starts = 12, Seed = 5 });
        Assert.NotEmpty(res.Points);
        foreach (var p in res.Points.Where(p => p.Certificate is not null)) AssertClarkeNumerically(inst, p.Certificate!);
        Assert.All(res.Points, p => Assert.True(p.Certified, p.Reason));
    }

    [Fact]
    public void DeepReluPointWithADeadNeuronIsCertifiedOnItsFace()
    {
        // relu [2,3,2,1]: a candidate with one layer-1 neuron fading out (in-weights 1e-5) and a sample on a hyperplane.
        var inst = FullNetworkKktTests.Make("relu", [2, 3, 2, 1], [[1, 0], [0, 1], [-1, 1]], [1, 1, -1]);
        var res = FullNetworkKkt.Find(inst, new FullNetworkKktOptions { Starts = 16, Seed = 2 });
        var certified = res.Points.Where(p => p.Certificate is not null).ToList();
        Assert.NotEmpty(certified);
        foreach (var p in certified) AssertClarkeNumerically(inst, p.Certificate!);
        Assert.Contains(certified, p => p.Certificate!.Clarke is not null); // at least one on a kink
    }

    [Fact]
    public void FromAFarCandidateTheSweepsLandOnAGenuineKktPointOrSayWhyNot()
    {
        // Projected sweeps are block power steps: from a candidate that is no KKT point they may reach another one. Whatever
        // they return must hold up numerically; a refusal must carry a reason.
        var inst = Issue12Minimal("relu");
        foreach (var candidate in new[] { new[] { 0.3, -0.8, 0.5, 0.1, -0.7, 0.2 }, new[] { 1.0, 1, 1, 1, 1, 1 } })
        {
            var o = KinkFaceSolver.Certify(inst, candidate);
            if (o.Certified) AssertClarkeNumerically(inst, o.Certificate!);
            else Assert.False(string.IsNullOrWhiteSpace(o.Reason));
        }
    }

    [Fact]
    public void SlopeSystemRowReductionHandlesFreeUnknownsAndInconsistency()
    {
        // θ_1 + θ_2 = 1, 2θ_1 + 2θ_2 = 2: θ_2 free (set to 1), θ_1 = 0.
        var a = new Rational[2, 3] { { 1, 1, 1 }, { 2, 2, 2 } };
        var x = KinkFaceSolver.RowReduce(a, 2, 2)!;
        Assert.Equal(Rational.Zero, x[0]);
        Assert.Equal(Rational.One, x[1]);
        var b = new Rational[2, 2] { { 1, 1 }, { 2, 3 } };
        Assert.Null(KinkFaceSolver.RowReduce(b, 2, 1));
    }
}
