using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Numeric.Tests;

/// <summary>Instances with known positive KKT rays, built by hand (docs/theory.md#kkt-points), and random unit directions.</summary>
internal static class TestInstances
{
    public static Instance Make(string name, int[][] inputs, int[] labels, int[] widths, Activation activation) =>
        new(name, inputs.Select(r => r.Select(v => (Rational)v).ToArray()).ToArray(), labels.Select(v => (Rational)v).ToArray(),
            new Network(widths, activation));

    public static Activation PolyRelu(int p) => Activation.TryParsePreset($"polyrelu:{p}", out _)!;
    public static Activation Preset(string s) => Activation.TryParsePreset(s, out var e) ?? throw new ArgumentException(e);

    /// <summary>
    /// A positive KKT point for polyrelu:p nets where one path of neurons (index 0 in every layer) carries the signal
    /// along e₁ and every other neuron is zero (zero-padded). With sample x = e₁, y = 1 dominating (other samples
    /// have x·e₁ ≤ 0 or negative labels on e₂), the balanced point ‖W_l‖² = p^{L−l}/Λ is KKT: each layer's gradient is
    /// (p^{L−l} N / w_l)·e, the same multiple λ = ΛN of the weight (docs/theory.md#c3-layer-norm-law). Returns u* and N(u*).
    /// </summary>
    public static (double[] U, double N) PathKkt(Network net)
    {
        int L = net.Depth;
        double lambda = (double)net.Degree;
        var u = new double[net.WeightCount];
        var entries = new double[L + 1];
        for (int l = 1; l <= L; l++)
        {
            entries[l] = Math.Sqrt((double)net.LayerDegree(l) / lambda);
            u[net.Index(l, 0, 0)] = entries[l];
        }
        // H(e₁) = w_L (w_{L−1}(… (w_1)^p …)^p)^p
        double h = entries[1];
        for (int l = 2; l <= L; l++) h = entries[l] * Math.Pow(h, net.Activation.Power);
        return (u, h);
    }

    public static double[] RandomUnit(int k, int seed)
    {
        var rng = new Random(seed);
        var v = new double[k];
        double s = 0;
        for (int i = 0; i < k; i++)
        {
            double a = 1 - rng.NextDouble(), b = rng.NextDouble();
            v[i] = Math.Sqrt(-2 * Math.Log(a)) * Math.Cos(2 * Math.PI * b);
            s += v[i] * v[i];
        }
        s = Math.Sqrt(s);
        for (int i = 0; i < k; i++) v[i] /= s;
        return v;
    }

    /// <summary>Samples: e₁ with label 1 (the signal), e₂ with label −1, and (−1, 1, …) with label 2 (dead on the KKT path).</summary>
    public static Instance PathInstance(string name, int[] widths, Activation activation)
    {
        int d = widths[0];
        int[] E(int i) { var x = new int[d]; x[i] = 1; return x; }
        var third = new int[d]; third[0] = -1; third[1] = 1;
        return Make(name, [E(0), E(1), third], [1, -1, 2], widths, activation);
    }
}
