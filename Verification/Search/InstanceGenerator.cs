using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.Search;

/// <summary>Seeded random instances within <see cref="SearchBounds"/>: small integers, so counterexamples are readable
/// and coincidences that break conjectures (equal norms, symmetric data) are not astronomically rare.</summary>
public static class InstanceGenerator
{
    public static Instance Generate(SearchBounds bounds, int seed, string name) => Generate(bounds, seed, name, null);

    /// <summary>As <see cref="Generate(SearchBounds, int, string)"/>, redrawing (from the same seeded stream, so the trial
    /// stays reproducible from its seed) up to <see cref="MaxRedraws"/> times while <paramref name="admissible"/> rejects
    /// the network: a claim whose shape test says an instance cannot refute it spends no trial on it.</summary>
    public static Instance Generate(SearchBounds bounds, int seed, string name, Func<Network, bool>? admissible)
    {
        var rng = new Random(seed);
        Instance instance = Draw(bounds, rng, name);
        for (int k = 0; admissible is not null && !admissible(instance.Network) && k < MaxRedraws; k++)
            instance = Draw(bounds, rng, name);
        return instance;
    }

    public const int MaxRedraws = 20;

    private static Instance Draw(SearchBounds bounds, Random rng, string name)
    {
        int d = rng.Next(1, bounds.MaxDimension + 1);
        int n = rng.Next(1, bounds.MaxSamples + 1);
        int m = Math.Max(1, bounds.MaxInteger);
        var inputs = new Rational[n][];
        for (int i = 0; i < n; i++)
        {
            do inputs[i] = Enumerable.Range(0, d).Select(_ => (Rational)rng.Next(-m, m + 1)).ToArray();
            while (inputs[i].All(v => v.IsZero));
        }
        var labels = Enumerable.Range(0, n).Select(_ => (Rational)(rng.Next(1, m + 1) * (rng.Next(2) == 0 ? 1 : -1))).ToArray();
        var widths = new List<int> { d };
        for (int l = 1; l < bounds.Depth; l++) widths.Add(rng.Next(1, bounds.MaxWidth + 1));
        widths.Add(1);
        var name0 = bounds.Activations[rng.Next(bounds.Activations.Count)];
        var act = Activation.TryParsePreset(name0, out var err) ?? throw new ArgumentException(err);
        return new Instance(name, inputs, labels, new Network(widths, act));
    }
}
