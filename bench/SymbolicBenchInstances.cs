using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Bench;

/// <summary>Seeded random instances and points with small rational entries for the symbolic benchmarks.</summary>
internal static class SymbolicBenchInstances
{
    public static Instance Create(int seed, int[] widths, int samples, string activation)
    {
        var r = new Random(seed);
        var act = Activation.TryParsePreset(activation, out var err) ?? throw new InvalidOperationException(err);
        var inputs = new Rational[samples][];
        var labels = new Rational[samples];
        for (int i = 0; i < samples; i++)
        {
            inputs[i] = Enumerable.Range(0, widths[0]).Select(_ => Small(r)).ToArray();
            labels[i] = Small(r);
        }
        return new Instance($"bench-{string.Join("x", widths)}", inputs, labels, new Network(widths, act));
    }

    public static WeightPoint Point(int seed, Network net)
    {
        var r = new Random(seed + 1);
        return new WeightPoint(net, Enumerable.Range(0, net.WeightCount).Select(_ => Small(r)).ToArray());
    }

    private static Rational Small(Random r)
    {
        Rational v;
        do v = new Rational(r.Next(-9, 10), r.Next(1, 8)); while (v.IsZero);
        return v;
    }
}
