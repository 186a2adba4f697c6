using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Reduced;

namespace Checker.Verification.Tests;

/// <summary>
/// The face sampler only proposes points; these tests hold it to the exact brute-force oracle: everything it returns is a
/// KKT point of the oracle (soundness, with the same direction up to a positive factor and the same value), and on small
/// instances it finds the oracle's points, kinks included (coverage, which is what makes the enumeration fast).
/// </summary>
public class FaceSamplerTests
{
    private static string Key(string pattern, Rational[] dir, int sign)
    {
        var first = dir.First(v => !v.IsZero).Abs();
        return $"{pattern}|{sign}|{string.Join(",", dir.Select(v => (v / first).ToString()))}";
    }

    [Fact]
    public void Sampled_points_are_oracle_points_and_cover_most_of_them()
    {
        var acts = new[] { Activation.Relu, TestInstances.Leaky(1, 10), TestInstances.Leaky(1, 2), TestInstances.Leaky(1, 5) };
        int sampled = 0, oracleNonZero = 0, sampledKinks = 0, compared = 0;
        for (int seed = 1; seed <= 40; seed++)
        {
            var rng = new Random(seed);
            int d = 2 + rng.Next(3), depth = 2 + rng.Next(3), n = 4 + rng.Next(3);
            var inst = TestInstances.Random(seed, d, n, acts[seed % acts.Length], depth, range: 5);
            var signs = Enumerable.Range(0, depth).Select(_ => rng.Next(2) == 0 ? 1 : -1).ToArray();
            var p = ReducedProblem.Create(inst, signs);
            var oracle = ReducedBruteForce.Enumerate(p);
            if (oracle is null || ReducedKktEnumerator.IdenticallyZero(p)) continue;
            var expected = oracle.Where(q => q.Sign != 0).ToDictionary(q => Key(q.Pattern, q.Direction, q.Sign), q => q);
            foreach (int eps in new[] { 1, -1 })
                foreach (var pt in FaceSampler.Sample(p, eps, seed))
                {
                    var key = Key(pt.Pattern, pt.Direction, pt.ValueSign);
                    Assert.True(expected.ContainsKey(key), $"seed {seed}: sampled point {key} is not a KKT point of the oracle");
                    Assert.Equal(expected[key].ValueSquared, pt.ValueSquared);
                    Assert.Equal(pt.Pattern, p.PatternOf(pt.Direction));
                    sampled++;
                    if (pt.OnKink) sampledKinks++;
                }
            oracleNonZero += expected.Count;
            compared++;
        }
        Assert.True(compared >= 25, $"only {compared} instances compared");
        Assert.True(sampledKinks >= 5, $"only {sampledKinks} kink points sampled");
        // Coverage is not needed for correctness (the solver finds the rest), but it is the point of the sampler.
        Assert.True(sampled >= 0.9 * oracleNonZero, $"sampled {sampled} of {oracleNonZero} non-zero-value oracle points");
    }

    [Fact]
    public void Parallel_inputs_with_a_kink_continuum_are_left_to_the_solver()
    {
        // Samples 1 and 2 are parallel: the kink system on {1, 2} is singular, so the sampler must not claim a single
        // point there; the full enumeration (solver + exact classification) still agrees with the oracle where it is defined.
        var inst = TestInstances.FromInts("parallel", [[1, 0], [2, 0], [0, 1], [1, 1]], [1, -1, 1, -1], TestInstances.Leaky(1, 2), 2);
        var p = ReducedProblem.Create(inst, [1, 1]);
        foreach (int eps in new[] { 1, -1 })
            foreach (var pt in FaceSampler.Sample(p, eps, 1))
            {
                Assert.Equal(pt.Pattern, p.PatternOf(pt.Direction));
                Assert.False(pt.Pattern[0] == '0' && pt.Pattern[1] == '0', "a point on the dependent kink pair was accepted");
                Assert.Equal(eps, p.Value(pt.Direction).Sign);
            }
        var r = ReducedKktEnumerator.Enumerate(p, ReducedKktTests.Budgeted(new Checker.Verification.Solvers.Z3InProcessSolver()));
        var unseeded = ReducedKktEnumerator.Enumerate(p, ReducedKktTests.Budgeted(new Checker.Verification.Solvers.Z3InProcessSolver(), seed: false));
        Assert.Equal(unseeded.Complete, r.Complete);
        Assert.Equal(unseeded.Points.Select(q => Key(q.Pattern, q.Direction, q.ValueSign)).Order(StringComparer.Ordinal),
            r.Points.Select(q => Key(q.Pattern, q.Direction, q.ValueSign)).Order(StringComparer.Ordinal));
        Assert.Equal(unseeded.Families.Count, r.Families.Count);
    }
}
