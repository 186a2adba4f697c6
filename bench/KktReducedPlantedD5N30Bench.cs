using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Bench;

/// <summary>
/// Reduced KKT enumeration, d = 5, n = 30, on a planted-teacher family (a second family next to the random-label one of
/// <see cref="KktReducedBenchBase"/>, which stays the benchmark): inputs as there, labels y_i = φ(w*ᵀx_i)/50 for a
/// seeded integer teacher w* and leaky φ (slope 1/10), sign flipped on about 10 % of samples. Labels correlated with a
/// direction make ‖g‖ large against the slope uncertainty of cut samples, the regime where the box search prunes well.
/// </summary>
public sealed class KktReducedPlantedD5N30Bench : KktReducedBenchBase
{
    protected override int D => 5;
    protected override int N => 30;
    protected override double GoalSeconds => 2;
    protected override string Family => "planted-";

    protected override Instance MakeInstance(int seed) => PlantedInstance(D, N, seed);

    public static Instance PlantedInstance(int d, int n, int seed)
    {
        var rng = new Random(seed);
        var teacher = Enumerable.Range(0, d).Select(_ => rng.Next(-50, 51)).ToArray();
        var xs = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(_ => new Rational(rng.Next(-50, 51), 10)).ToArray()).ToList();
        var ys = xs.Select(x =>
        {
            var t = Rational.Zero;
            for (int j = 0; j < d; j++) t += x[j] * teacher[j];
            t /= 50;
            var y = t.Sign > 0 ? t : t / 10;
            return rng.Next(10) == 0 ? -y : y;
        }).ToList();
        return new Instance($"bench-planted-d{d}-n{n}-seed{seed}", xs, ys, new Network([d, 4, 1], new Activation(1, new Rational(1, 10), 1, "leaky:1/10")));
    }
}
