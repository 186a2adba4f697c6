using System.Numerics;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.FullNetwork;

namespace Checker.Verification.Tests;

/// <summary>Issue 5 task 1: p ≥ 2 KKT points proved by the Krawczyk test, cross-checked against independent numerics
/// and the exact rational evaluator; boxes without a zero or with two are refused.</summary>
public class KrawczykKktTests
{
    public static TheoryData<string, int[], int> Cases => new()
    {
        { "polyrelu:2", new[] { 2, 3, 1 }, 1 },
        { "polyrelu:2", new[] { 2, 2, 2, 1 }, 2 },
        { "signedpoly:3,1/2", new[] { 2, 3, 1 }, 3 },
        { "signedpoly:2,1/2", new[] { 3, 2, 2, 1 }, 4 },
        { "polyleaky:2,1/2", new[] { 2, 3, 1 }, 5 },
        { "polyleaky:2,1/2", new[] { 2, 2, 2, 1 }, 6 },
    };

    internal static Instance Make(string activation, int[] widths, int seed, int n = 5)
    {
        var act = Activation.TryParsePreset(activation, out var err) ?? throw new ArgumentException(err);
        var rng = new Random(seed);
        int d = widths[0];
        var xs = new List<Rational[]>();
        for (int i = 0; i < n; i++)
        {
            Rational[] x;
            do x = Enumerable.Range(0, d).Select(_ => (Rational)rng.Next(-3, 4)).ToArray(); while (x.All(v => v.IsZero));
            xs.Add(x);
        }
        var ys = Enumerable.Range(0, n).Select(i => (Rational)(rng.Next(0, 2) == 0 ? -1 : rng.Next(1, 3))).ToArray();
        return new Instance($"{activation}-{seed}", xs, ys, new Network(widths, act));
    }

    private static List<KktCandidate> Candidates(Instance inst, int starts, int seed)
    {
        var model = NcfModel.Compile(inst);
        return Enumerable.Range(0, starts).Select(s =>
            SphereAscent.Run(model, SphereAscent.RandomDirection(model.WeightCount, seed * 100 + s), s, 20000)).ToList();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CertifiesPolynomialKktPointsAndAgreesWithIndependentChecks(string activation, int[] widths, int seed)
    {
        var inst = Make(activation, widths, seed);
        var cands = Candidates(inst, 6, seed).Where(c => c.Converged).ToList();
        Assert.NotEmpty(cands);
        int certified = 0, positiveFailures = 0;
        var reasons = new List<string>();
        var model = NcfModel.Compile(inst);
        foreach (var c in cands)
        {
            var o = IntervalKktCertifier.Certify(inst, c.Point);
            if (o.Enclosure is not { } e) { reasons.Add($"N≈{c.Ncf:G3}: {o.Reason}"); if (Math.Abs(c.Ncf) > 1e-6) positiveFailures++; continue; }
            certified++;
            // The numeric candidate (an independent ascent, compiled double evaluator) lies next to the box.
            var centre = e.Weights.Select(w => w.ToDouble()).ToArray();
            double dist = Math.Sqrt(centre.Zip(c.Point, (a, b) => (a - b) * (a - b)).Sum());
            Assert.True(dist < 1e-5, $"candidate {dist} away from the certified box");
            // N enclosure agrees with the double N at the candidate, and λ with ΛN (C2).
            Assert.True(Math.Abs(e.Ncf.ToDouble() - c.Ncf) < 1e-8, $"N {e.Ncf} vs {c.Ncf}");
            Assert.False(e.Lambda.Disjoint(e.Ncf * Interval.FromRational(new Rational(inst.Network.Degree))));
            Assert.True(e.Ncf.WidthScaled < BigInteger.One << (Interval.Bits - 60), "N enclosure wider than 2^-60");
            // Exact rational evaluation at the box's lower and upper corners (ExactEvaluator, independent code): the
            // tangential residual there is within the Lipschitz bound of the radius, so it changes sign or is tiny.
            var lo = new WeightPoint(inst.Network, e.Weights.Select(w => w.Lo).ToArray());
            var hi = new WeightPoint(inst.Network, e.Weights.Select(w => w.Hi).ToArray());
            foreach (var corner in new[] { lo, hi })
            {
                var ev = ExactEvaluator.Evaluate(inst, corner);
                for (int k = 0; k < corner.Flat.Length; k++)
                {
                    var r = ev.Gradient[k] - e.Lambda.Lo * corner.Flat[k];
                    Assert.True(r.Abs() < new Rational(1, BigInteger.One << 60), $"exact residual {r.ToDouble()} at a corner");
                }
                // The interval backprop encloses the exact value of N at the corner.
                var point = corner.Flat.Select(Interval.FromRational).ToArray();
                var xs = inst.Inputs.Select(x => x.Select(Interval.FromRational).ToArray()).ToArray();
                NcfBackprop.Gradient(inst.Network, xs, inst.Labels.Select(Interval.FromRational).ToArray(), point, out var ncf);
                Assert.True(ncf.Contains(ev.Ncf), "interval N does not enclose the exact N");
            }
        }
        // Every candidate with N ≠ 0 certifies; N = 0 ends (all neurons dead) are continua and may not.
        Assert.True(positiveFailures == 0 && certified > 0, $"{certified}/{cands.Count} certified; reasons: {string.Join(" | ", reasons)}");
    }
}
