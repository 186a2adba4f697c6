using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Tests.Support;

/// <summary>Seeded random instances and rational points: every activation preset, depth 1–4, widths 1–3.</summary>
public static class RandomInstances
{
    public static readonly string[] Presets =
        ["linear", "relu", "leaky:1/10", "leaky:0", "polyrelu:2", "polyrelu:3", "polyleaky:2,1/3", "signedpoly:3,1/2", "signedpoly:2,1/4"];

    public static Activation Preset(string name) =>
        Activation.TryParsePreset(name, out var e) ?? throw new InvalidOperationException(e);

    public static Rational SmallRational(Random r, int maxNum = 5, int maxDen = 4) =>
        new(r.Next(-maxNum, maxNum + 1), r.Next(1, maxDen + 1));

    public static Instance Create(Random r, string? preset = null, int? depth = null, int maxWidth = 3, int? samples = null)
    {
        var act = Preset(preset ?? Presets[r.Next(Presets.Length)]);
        int L = depth ?? r.Next(1, 5);
        if (act.Power == 3 && L > 3) L = 3; // Λ = 40 at depth 4: exact but needlessly huge numbers for FD checks
        var widths = new int[L + 1];
        for (int l = 0; l < L; l++) widths[l] = r.Next(1, maxWidth + 1);
        widths[L] = 1;
        int n = samples ?? r.Next(1, 5);
        var inputs = new Rational[n][];
        var labels = new Rational[n];
        for (int i = 0; i < n; i++)
        {
            inputs[i] = new Rational[widths[0]];
            for (int c = 0; c < widths[0]; c++) inputs[i][c] = SmallRational(r);
            labels[i] = SmallRational(r);
        }
        return new Instance("random", inputs, labels, new Network(widths, act));
    }

    /// <summary>A rational point with non-zero entries (so pre-activations are generically non-zero).</summary>
    public static WeightPoint Point(Random r, Network net)
    {
        var w = new Rational[net.WeightCount];
        for (int k = 0; k < w.Length; k++)
        {
            do w[k] = new Rational(r.Next(-7, 8), r.Next(1, 6)); while (w[k].IsZero);
        }
        return new WeightPoint(net, w);
    }
}
