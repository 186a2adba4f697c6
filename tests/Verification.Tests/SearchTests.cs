using Checker.Symbolic.IO;
using Checker.Verification.Claims;
using Checker.Verification.Search;

namespace Checker.Verification.Tests;

public class SearchTests
{
    private static readonly SearchBounds Bounds = new() { MaxDimension = 3, MaxSamples = 4, MaxWidth = 3, Depth = 3, Activations = ["relu", "leaky:1/10", "polyrelu:2"], MaxInteger = 3 };

    [Fact]
    public void GeneratorIsSeededAndStaysInBounds()
    {
        for (int seed = 0; seed < 50; seed++)
        {
            var a = InstanceGenerator.Generate(Bounds, seed, "a");
            var b = InstanceGenerator.Generate(Bounds, seed, "a");
            Assert.Equal(InstanceJson.Format(a), InstanceJson.Format(b));
            Assert.InRange(a.Dimension, 1, 3);
            Assert.InRange(a.SampleCount, 1, 4);
            Assert.Equal(3, a.Network.Depth);
            Assert.All(a.Inputs, x => Assert.Contains(x, v => !v.IsZero));
            Assert.All(a.Labels, y => Assert.False(y.IsZero));
        }
    }

    [Fact]
    public void InstanceFilesRoundTripThroughTheReader()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var a = InstanceGenerator.Generate(Bounds, seed, "rt");
            var back = InstanceReader.Parse(InstanceJson.Format(a), "rt.json");
            Assert.Equal(InstanceJson.Format(a), InstanceJson.Format(back));
        }
    }

    [Fact]
    public void EveryShrinkCandidateIsStrictlySmaller()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var a = InstanceGenerator.Generate(Bounds, seed, "s");
            // Depth first: dropping a layer may add weights (a narrow layer disappears), but depth strictly falls.
            long Size(Symbolic.Model.Instance x) => x.Network.Depth * 10_000_000L + x.SampleCount * 1000 + x.Dimension * 100 + x.Network.WeightCount * 10
                + x.Inputs.Sum(r => r.Sum(v => (long)System.Numerics.BigInteger.Abs(v.Numerator))) + x.Labels.Sum(v => (long)System.Numerics.BigInteger.Abs(v.Numerator));
            foreach (var (step, smaller) in InstanceShrinker.Candidates(a))
                Assert.True(Size(smaller) < Size(a), step);
        }
    }

    [Fact]
    public void ShrinkingKeepsThePredicateAndReachesAMinimum()
    {
        // Predicate: "some sample has a coordinate ≥ 2" — shrinking must keep it true and end at one such sample.
        var a = InstanceGenerator.Generate(Bounds with { MaxInteger = 3 }, 7, "p");
        bool P(Symbolic.Model.Instance x) => x.Inputs.Any(r => r.Any(v => v >= 2));
        if (!P(a)) return; // this seed's instance does not satisfy it; the other tests cover generation
        var (small, steps, _) = InstanceShrinker.Shrink(a, P, 500, CancellationToken.None);
        Assert.True(P(small));
        Assert.Equal(1, small.SampleCount);
        Assert.NotEmpty(steps);
    }

    [Fact]
    public void ShrinkingReachesTheSmallestLabelsAndIntegersThatKeepThePredicate()
    {
        // Predicate invariant under a joint rescaling of the labels but not under changing one: labels all equal and
        // some input entry of magnitude ≥ 3 — the shrink must end at labels ±1 (jointly) and an entry of exactly 3.
        var net = new Symbolic.Model.Network([2, 2, 1], TestInstances.Leaky(1, 10));
        var start = new Symbolic.Model.Instance("p", [[5, -4], [2, 2]], [4, 4], net);
        bool P(Symbolic.Model.Instance x) => x.SampleCount == 2 && x.Labels.Distinct().Count() == 1 && x.Labels[0].Sign > 0
            && x.Inputs.Any(r => r.Any(v => v.Abs() >= 3));
        var (small, steps, _) = InstanceShrinker.Shrink(start, P, 500, CancellationToken.None);
        Assert.All(small.Labels, y => Assert.Equal(Symbolic.Numbers.Rational.One, y));
        Assert.Equal(3, small.Inputs.SelectMany(r => r).Max(v => v.Abs()));
        var summary = InstanceShrinker.Summary(start, small);
        Assert.Contains("labels (4,4) → (1,1)", summary);
        Assert.Contains("largest |entry| 5 → 3", summary);
    }

    [Fact]
    public void K1SearchTrialsHaveAShapeThatCanRefuteIt()
    {
        var bounds = new SearchBounds { MaxDimension = 2, MaxSamples = 3, MaxWidth = 3, Depth = 2, Activations = ["relu"], MaxInteger = 2 };
        var admissible = SearchShapes.CanRefute("K1")!;
        for (int seed = 0; seed < 40; seed++)
        {
            var a = InstanceGenerator.Generate(bounds, seed, "k", admissible);
            Assert.True(admissible(a.Network), $"seed {seed}");
            Assert.Equal(InstanceJson.Format(a), InstanceJson.Format(InstanceGenerator.Generate(bounds, seed, "k", admissible)));
        }
        Assert.Null(SearchShapes.CanRefute("C1"));
        Assert.False(Hypotheses.HasRankTwoLayer(new Symbolic.Model.Network([1, 3, 1], TestInstances.Leaky(1, 10))));
    }

    [Fact]
    public void ConjecturesAreInTheRegistryAsConjectures()
    {
        foreach (var id in new[] { "K1", "K2" })
            Assert.Equal(ClaimKind.Conjecture, ClaimRegistry.Find(id)!.Kind);
        Assert.Equal(["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11"], ClaimRegistry.Claims.Select(c => c.Id));
    }
}
