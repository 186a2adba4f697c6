using Checker.Numeric.Integration;

namespace Checker.Numeric.Flows;

/// <summary>Starting directions w₀ (docs/cli.md#flow --init): a seeded Gaussian vector scaled to unit norm, or a given vector scaled to unit norm.</summary>
public static class InitialDirection
{
    /// <summary>Standard Gaussian entries (Box–Muller on a seeded <see cref="Random"/>, reproducible across runs), then unit norm.</summary>
    public static double[] Gaussian(int count, int seed)
    {
        var rng = new Random(seed);
        var v = new double[count];
        for (int i = 0; i < count; i++)
        {
            double a = 1 - rng.NextDouble(), b = rng.NextDouble();
            v[i] = Math.Sqrt(-2 * Math.Log(a)) * Math.Cos(2 * Math.PI * b);
        }
        return Normalised(v, out _);
    }

    /// <summary>v/‖v‖ and the scale ‖v‖ that was divided out.</summary>
    public static double[] Normalised(ReadOnlySpan<double> v, out double scale)
    {
        scale = Vectors.Norm2(v);
        if (!(scale > 0) || !double.IsFinite(scale)) throw new ArgumentException("a starting direction must be non-zero and finite");
        var r = new double[v.Length];
        for (int i = 0; i < v.Length; i++) r[i] = v[i] / scale;
        return r;
    }
}
