using System.Text.Json;
using Checker.Symbolic.Numbers;

namespace Checker.Cli.Tests;

/// <summary>`checker eval --json` number for number against an independent exact backprop, on random instances of every
/// preset and depth 1–4, at kinks, on Xy = 0 data; plus homogeneity and finite differences as further cross-checks.</summary>
public class EvalCommandTests : IClassFixture<TempFiles>
{
    private readonly TempFiles _files;
    public EvalCommandTests(TempFiles files) => _files = files;

    /// <summary>Preset text and its (a₊, a₋, p) from the table of docs/theory.md#activations, written out here rather than parsed.</summary>
    public static readonly (string Json, Rational Pos, Rational Neg, int Power)[] Presets =
    [
        ("\"linear\"", 1, 1, 1),
        ("\"relu\"", 1, 0, 1),
        ("\"leaky:1/10\"", 1, new Rational(1, 10), 1),
        ("\"leaky:0\"", 1, 0, 1),
        ("\"polyrelu:2\"", 1, 0, 2),
        ("\"polyrelu:3\"", 1, 0, 3),
        ("\"polyleaky:2,1/3\"", 1, new Rational(1, 9), 2),
        ("\"polyleaky:3,1/2\"", 1, new Rational(1, 8), 3),
        ("\"signedpoly:2,1/4\"", 1, new Rational(-1, 4), 2),
        ("\"signedpoly:3,1/2\"", 1, new Rational(1, 2), 3),
        ("{\"pos\": \"2\", \"neg\": \"-1/3\", \"power\": 2}", 2, new Rational(-1, 3), 2),
    ];

    public static TheoryData<int> Seeds()
    {
        var d = new TheoryData<int>();
        for (int s = 1; s <= 22; s++) d.Add(s);
        return d;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void EvalMatchesIndependentBackprop(int seed)
    {
        var rng = new Random(seed);
        var preset = Presets[seed % Presets.Length];
        int depth = 1 + seed % 4;
        var widths = new int[depth + 1];
        for (int l = 0; l < depth; l++) widths[l] = rng.Next(1, 4);
        widths[depth] = 1;
        int n = rng.Next(1, 5);
        var x = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, widths[0]).Select(_ => RandomRational(rng)).ToArray()).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => RandomRational(rng)).ToArray();
        var w = RandomWeights(rng, widths);
        var reference = new ReferenceNetwork(widths, preset.Pos, preset.Neg, preset.Power);
        CompareWithReference($"seed {seed}", preset.Json, reference, x, y, w);
    }

    [Fact]
    public void KinksListEveryClarkeChoiceAndBoundTheGradient()
    {
        // Zeros at (layer 1, neuron 1, sample 1), (1, 2, 2) and, after the first layer, (2, 1, 3): 3·1 − 1·3 = 0.
        var x = new[] { new Rational[] { 1, 1 }, new Rational[] { 1, -1 }, new Rational[] { 2, 1 } };
        var y = new Rational[] { 1, -1, new Rational(1, 2) };
        var w = new[]
        {
            new[] { new Rational[] { 1, -1 }, new Rational[] { 1, 1 } },
            new[] { new Rational[] { 3, -1 }, new Rational[] { 2, 1 } },
            new[] { new Rational[] { 1, new Rational(-3, 2) } },
        };
        foreach (var preset in Presets.Where(p => p.Power == 1))
        {
            var reference = new ReferenceNetwork([2, 2, 2, 1], preset.Pos, preset.Neg, preset.Power);
            var doc = CompareWithReference(preset.Json, preset.Json, reference, x, y, w);
            bool kinked = preset.Pos != preset.Neg;
            var kinks = doc.GetProperty("kinks");
            Assert.Equal(kinked ? 3 : 0, kinks.GetArrayLength());
            var pattern = doc.GetProperty("pattern");
            int zeros = pattern.EnumerateArray().SelectMany(l => l.EnumerateArray()).Sum(s => s.GetString()!.Count(c => c == '0'));
            Assert.Equal(3, zeros);
            if (!kinked) { Assert.False(doc.TryGetProperty("gradient_range", out _)); continue; }
            foreach (var k in kinks.EnumerateArray())
            {
                Assert.Equal(Rational.Min(preset.Pos, preset.Neg), Rational.Parse(k.GetProperty("slope_low").GetString()!));
                Assert.Equal(Rational.Max(preset.Pos, preset.Neg), Rational.Parse(k.GetProperty("slope_high").GetString()!));
            }
            // Upper extreme matches the reference with σ'(0) = max slope; both extremes lie in the reported ranges.
            var upper = reference.Evaluate(x, y, w, upperAtKink: true);
            var lower = reference.Evaluate(x, y, w, upperAtKink: false);
            var gu = doc.GetProperty("gradient_upper");
            var range = doc.GetProperty("gradient_range");
            bool anyWidth = false;
            for (int l = 0; l < w.Length; l++)
                for (int r = 0; r < w[l].Length; r++)
                    for (int c = 0; c < w[l][r].Length; c++)
                    {
                        Assert.Equal(upper.Grad[l][r][c], Rational.Parse(gu[l][r][c].GetString()!));
                        var lo = Rational.Parse(range[l][r][c][0].GetString()!);
                        var hi = Rational.Parse(range[l][r][c][1].GetString()!);
                        Assert.True(lo <= hi);
                        Assert.InRange(lower.Grad[l][r][c], lo, hi);
                        Assert.InRange(upper.Grad[l][r][c], lo, hi);
                        anyWidth |= lo != hi;
                    }
            Assert.True(anyWidth, "at these kinks the gradient depends on the Clarke choice");
            Assert.False(doc.GetProperty("gradient_unique").GetBoolean());
        }
    }

    [Fact]
    public void XyZeroDataGivesZeroNcfAndGradient()
    {
        // Two identical samples with opposite labels: N ≡ 0 for every network, so N and ∇N vanish everywhere.
        var x = new[] { new Rational[] { 1, 2 }, new Rational[] { 1, 2 } };
        var y = new Rational[] { 3, -3 };
        var rng = new Random(7);
        foreach (var preset in Presets)
        {
            int[] widths = [2, 3, 2, 1];
            var w = RandomWeights(rng, widths);
            var doc = CompareWithReference("Xy = 0", preset.Json, new ReferenceNetwork(widths, preset.Pos, preset.Neg, preset.Power), x, y, w);
            Assert.Equal("0", doc.GetProperty("ncf").GetString());
            Assert.All(doc.GetProperty("gradient").EnumerateArray().SelectMany(l => l.EnumerateArray()).SelectMany(r => r.EnumerateArray()),
                v => Assert.Equal("0", v.GetString()));
        }
    }

    [Fact]
    public void ScalingTheWeightsScalesNByCToTheLambda()
    {
        var rng = new Random(11);
        foreach (var (preset, depth) in new[] { (Presets[1], 2), (Presets[6], 3), (Presets[9], 2), (Presets[10], 4) })
        {
            var widths = Enumerable.Range(0, depth).Select(_ => 2).Append(1).ToArray();
            var x = Enumerable.Range(0, 3).Select(_ => new[] { RandomRational(rng), RandomRational(rng) }).ToArray();
            var y = Enumerable.Range(0, 3).Select(_ => RandomRational(rng)).ToArray();
            var w = RandomWeights(rng, widths);
            var c = new Rational(3, 2);
            var scaled = w.Select(m => m.Select(r => r.Select(v => v * c).ToArray()).ToArray()).ToArray();
            var a = Rational.Parse(RunEval(preset.Json, widths, x, y, w).GetProperty("ncf").GetString()!);
            var b = Rational.Parse(RunEval(preset.Json, widths, x, y, scaled).GetProperty("ncf").GetString()!);
            int lambda = Enumerable.Range(1, depth).Sum(l => (int)Math.Pow(preset.Power, depth - l));
            Assert.Equal(c.Pow(lambda) * a, b);
        }
    }

    [Fact]
    public void GradientAgreesWithFiniteDifferences()
    {
        var rng = new Random(5);
        var preset = Presets[10]; // smooth (p = 2), asymmetric slopes
        int[] widths = [2, 3, 2, 1];
        var x = Enumerable.Range(0, 4).Select(_ => new[] { RandomRational(rng), RandomRational(rng) }).ToArray();
        var y = Enumerable.Range(0, 4).Select(_ => RandomRational(rng)).ToArray();
        var w = RandomWeights(rng, widths);
        var doc = RunEval(preset.Json, widths, x, y, w);
        var reference = new ReferenceNetwork(widths, preset.Pos, preset.Neg, preset.Power);
        double NAt(Rational[][][] ww) => reference.Evaluate(x, y, ww).N.ToDouble();
        var grad = doc.GetProperty("gradient");
        for (int l = 0; l < w.Length; l++)
            for (int r = 0; r < w[l].Length; r++)
                for (int c = 0; c < w[l][r].Length; c++)
                {
                    var h = new Rational(1, 1_000_000);
                    var plus = Clone(w); plus[l][r][c] += h;
                    var minus = Clone(w); minus[l][r][c] -= h;
                    double fd = (NAt(plus) - NAt(minus)) / 2e-6;
                    double exact = Rational.Parse(grad[l][r][c].GetString()!).ToDouble();
                    Assert.True(Math.Abs(fd - exact) <= 1e-5 * (1 + Math.Abs(exact)), $"W{l + 1}[{r},{c}]: finite difference {fd} vs exact {exact}");
                }
    }

    [Fact]
    public void TableOutputShowsTheValues()
    {
        var (code, stdout, _) = CliRunner.Run("eval", CliRunner.Example("leaky-deep.json"), "--at", WriteWeights(RandomWeights(new Random(3), [2, 3, 3, 1])));
        Assert.Equal(0, code);
        Assert.Contains("N = ", stdout);
        Assert.Contains("w3_0_2", stdout);
        Assert.Contains("pattern", stdout);
    }

    private JsonElement CompareWithReference(string label, string activation, ReferenceNetwork reference, Rational[][] x, Rational[] y, Rational[][][] w)
    {
        var doc = RunEval(activation, reference.Widths, x, y, w);
        var (h, n, grad) = reference.Evaluate(x, y, w);
        var outs = doc.GetProperty("outputs");
        Assert.Equal(h.Length, outs.GetArrayLength());
        for (int i = 0; i < h.Length; i++) Assert.True(h[i] == Rational.Parse(outs[i].GetString()!), $"{label}: H(x_{i + 1})");
        Assert.True(n == Rational.Parse(doc.GetProperty("ncf").GetString()!), $"{label}: N");
        var g = doc.GetProperty("gradient");
        Assert.Equal(w.Length, g.GetArrayLength());
        for (int l = 0; l < w.Length; l++)
        {
            Assert.Equal(w[l].Length, g[l].GetArrayLength());
            for (int r = 0; r < w[l].Length; r++)
                for (int c = 0; c < w[l][r].Length; c++)
                    Assert.True(grad[l][r][c] == Rational.Parse(g[l][r][c].GetString()!), $"{label}: ∂N/∂W{l + 1}[{r},{c}]");
        }
        // The pattern: one string per hidden neuron, one sign per sample, matching the reference's pre-activations.
        var pattern = doc.GetProperty("pattern");
        Assert.Equal(w.Length - 1, pattern.GetArrayLength());
        for (int l = 0; l < w.Length - 1; l++)
        {
            Assert.Equal(w[l].Length, pattern[l].GetArrayLength());
            foreach (var s in pattern[l].EnumerateArray()) Assert.Equal(x.Length, s.GetString()!.Length);
        }
        return doc;
    }

    private JsonElement RunEval(string activation, int[] widths, Rational[][] x, Rational[] y, Rational[][][] w)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var instance = _files.Write($"i-{id}.json",
            $"{{\"inputs\": [{string.Join(", ", x.Select(r => "[" + string.Join(", ", r.Select(Q)) + "]"))}], " +
            $"\"labels\": [{string.Join(", ", y.Select(Q))}], \"network\": {{\"widths\": [{string.Join(", ", widths)}], \"activation\": {activation}}}}}");
        var (code, stdout, stderr) = CliRunner.Run("eval", instance, "--at", WriteWeights(w), "--json");
        Assert.True(code == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private string WriteWeights(Rational[][][] w) =>
        _files.Write($"w-{Guid.NewGuid():N}.json", "{\"layers\": [" + string.Join(", ", w.Select(m => "[" + string.Join(", ", m.Select(r => "[" + string.Join(", ", r.Select(Q)) + "]")) + "]")) + "]}");

    private static string Q(Rational v) => "\"" + v + "\"";

    internal static Rational RandomRational(Random rng) => new(rng.Next(-12, 13), rng.Next(1, 9));

    internal static Rational[][][] RandomWeights(Random rng, int[] widths) =>
        Enumerable.Range(1, widths.Length - 1).Select(l =>
            Enumerable.Range(0, widths[l]).Select(_ => Enumerable.Range(0, widths[l - 1]).Select(_ => RandomRational(rng)).ToArray()).ToArray()).ToArray();

    private static Rational[][][] Clone(Rational[][][] w) => w.Select(m => m.Select(r => (Rational[])r.Clone()).ToArray()).ToArray();
}
