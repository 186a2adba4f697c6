using System.Text.Json;
using Checker.Symbolic.Numbers;

namespace Checker.Cli.Tests;

/// <summary>End-to-end JSON of info, ncf, claims and check C1 on several instances: every activation preset, depth
/// 1–4, kinks, Xy = 0 data. Expected values are computed here from the formulas of docs/theory.md, not copied from a run.</summary>
public class CommandJsonTests : IClassFixture<TempFiles>
{
    private readonly TempFiles _files;
    public CommandJsonTests(TempFiles files) => _files = files;

    private string Instance(string activation, int[] widths, int samples, int seed, bool xyZero = false)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, samples).Select(_ => Enumerable.Range(0, widths[0]).Select(_ => EvalCommandTests.RandomRational(rng)).ToArray()).ToList();
        var y = Enumerable.Range(0, samples).Select(_ => EvalCommandTests.RandomRational(rng)).ToList();
        if (xyZero) { x = [.. x, .. x]; y = [.. y, .. y.Select(v => -v)]; } // each sample twice with opposite labels: Xy = 0
        string Q(Rational v) => "\"" + v + "\"";
        return _files.Write($"inst-{Guid.NewGuid():N}.json",
            $"{{\"inputs\": [{string.Join(", ", x.Select(r => "[" + string.Join(", ", r.Select(Q)) + "]"))}], \"labels\": [{string.Join(", ", y.Select(Q))}], " +
            $"\"network\": {{\"widths\": [{string.Join(", ", widths)}], \"activation\": {activation}}}}}");
    }

    private static JsonElement Json(params string[] args)
    {
        var (code, stdout, stderr) = CliRunner.Run([.. args, "--json"]);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    public static TheoryData<int, int> PresetsAndDepths()
    {
        var d = new TheoryData<int, int>();
        for (int k = 0; k < EvalCommandTests.Presets.Length; k++) d.Add(k, 1 + k % 4);
        return d;
    }

    [Theory]
    [MemberData(nameof(PresetsAndDepths))]
    public void InfoReportsDegreesWeightsAndSmoothness(int preset, int depth)
    {
        var (json, pos, neg, p) = EvalCommandTests.Presets[preset];
        var widths = Enumerable.Range(0, depth).Select(l => 1 + (l + preset) % 3).Append(1).ToArray();
        var doc = Json("info", Instance(json, widths, 3, preset));
        long lambda = 0;
        for (int l = 1; l <= depth; l++) lambda += (long)Math.Pow(p, depth - l);
        Assert.Equal(lambda, doc.GetProperty("degree").GetInt64());
        Assert.Equal(Enumerable.Range(1, depth).Select(l => (long)Math.Pow(p, depth - l)), doc.GetProperty("layer_degrees").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(Enumerable.Range(1, depth).Sum(l => widths[l] * widths[l - 1]), doc.GetProperty("weights").GetInt32());
        Assert.Equal(p >= 2 || pos == neg, doc.GetProperty("locally_lipschitz_gradient").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(PresetsAndDepths))]
    public void NcfExpansionAgreesWithEvalInThePatternOfAPoint(int preset, int depth)
    {
        var (json, pos, neg, _) = EvalCommandTests.Presets[preset];
        // Few hidden sites, so every sign pattern is expanded: n = 2 samples, hidden widths of 1 or 2.
        var widths = Enumerable.Range(0, depth).Select(l => l == 0 ? 2 : 1 + (l + preset) % 2).Append(1).ToArray();
        int sites = 2 * widths.Skip(1).Take(depth - 1).Sum();
        var path = Instance(json, widths, 2, 100 + preset);
        var ncf = Json("ncf", path, "--expand", "--latex");
        Assert.Contains("\nN = ", "\n" + ncf.GetProperty("text").GetString());
        Assert.Contains("aligned", ncf.GetProperty("latex").GetString());
        int weights = Enumerable.Range(1, depth).Sum(l => widths[l] * widths[l - 1]);
        Assert.Equal(weights, ncf.GetProperty("variables").GetArrayLength());
        var expansion = ncf.GetProperty("expansion");
        Assert.True(expansion.GetProperty("complete").GetBoolean(), expansion.GetProperty("summary").GetString());
        var patterns = expansion.GetProperty("patterns");
        Assert.Equal(pos == neg || depth == 1 ? 1 : 1 << sites, patterns.GetArrayLength());
        var names = ncf.GetProperty("variables").EnumerateArray().Select(v => v.GetProperty("name").GetString()!).ToArray();

        var rng = new Random(preset);
        for (int trial = 0; trial < 4; trial++)
        {
            var w = EvalCommandTests.RandomWeights(rng, widths);
            var weightsPath = _files.Write($"w-{Guid.NewGuid():N}.json", "{\"layers\": [" + string.Join(", ", w.Select(m => "[" + string.Join(", ", m.Select(r => "[" + string.Join(", ", r.Select(v => "\"" + v + "\"")) + "]")) + "]")) + "]}");
            var eval = Json("eval", path, "--at", weightsPath);
            var patternText = eval.GetProperty("pattern_text").GetString()!;
            var entry = patterns.GetArrayLength() == 1 ? patterns[0]
                : patterns.EnumerateArray().FirstOrDefault(p => p.GetProperty("pattern").GetString() == patternText);
            if (entry.ValueKind == JsonValueKind.Undefined) { Assert.Contains('0', patternText); continue; } // on a kink: no ± pattern
            var flat = w.SelectMany(m => m.SelectMany(r => r)).ToArray();
            var value = EvaluatePolynomial(entry.GetProperty("ncf").GetString()!, names, flat);
            Assert.Equal(Rational.Parse(eval.GetProperty("ncf").GetString()!), value);
        }
    }

    [Fact]
    public void NcfSaysWhenThereAreTooManyPatternsToExpand()
    {
        var doc = Json("ncf", CliRunner.Example("leaky-deep.json"), "--expand");
        var e = doc.GetProperty("expansion");
        Assert.False(e.GetProperty("complete").GetBoolean());
        Assert.Contains("not expanded", e.GetProperty("summary").GetString());
        Assert.Equal("262144", e.GetProperty("pattern_count").GetString());
    }

    [Fact]
    public void ClaimsListsTheCatalogueWithApplicability()
    {
        var all = Json("claims").GetProperty("claims").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, 11).Select(i => "C" + i), all.Take(11).Select(c => c.GetProperty("id").GetString()));
        foreach (var c in all)
            foreach (var f in new[] { "statement", "hypotheses", "how_checked", "title" })
                Assert.False(string.IsNullOrWhiteSpace(c.GetProperty(f).GetString()), $"{c.GetProperty("id")}.{f}");

        // (activation, widths) → claims that must apply / must not, from the hypotheses of docs/theory.md#claims.
        var cases = new (string Act, int[] Widths, string[] Yes, string[] No)[]
        {
            ("\"relu\"", [2, 3, 1], ["C1", "C2", "C3", "C4", "C5", "C10", "C11"], ["C6", "C7", "C8", "C9"]),  // Λ = 2
            ("\"leaky:1/10\"", [2, 3, 3, 1], ["C4", "C5"], ["C6", "C7", "C8", "C9"]),                        // Λ = 3 but kinked
            ("\"polyrelu:2\"", [2, 2, 2, 1], ["C6", "C7", "C8", "C9"], ["C4", "C5", "C11"]),                        // Λ = 7
            ("\"linear\"", [2, 2, 2, 1], ["C8", "C9"], ["C4", "C5", "C6", "C7", "C11"]),                            // Λ = 3, smooth, p = 1, a₋ = 1
            ("\"relu\"", [2, 1], ["C1"], ["C4", "C5", "C6"]),                                                // L = 1
            ("\"polyrelu:2\"", [2, 2, 1], ["C6", "C7", "C8", "C9"], []),                                     // Λ = 3
            ("{\"pos\": 1, \"neg\": 2, \"power\": 1}", [2, 2, 1], ["C1"], ["C4", "C5"]),                     // a₋ > a₊
        };
        foreach (var (act, widths, yes, no) in cases)
        {
            var doc = Json("claims", Instance(act, widths, 3, 1));
            var map = doc.GetProperty("claims").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c);
            foreach (var id in yes) Assert.True(map[id].GetProperty("applies").GetBoolean(), $"{act} {string.Join(",", widths)}: {id} should apply: {map[id].GetProperty("reason")}");
            foreach (var id in no)
            {
                Assert.False(map[id].GetProperty("applies").GetBoolean(), $"{act} {string.Join(",", widths)}: {id} should not apply");
                Assert.False(string.IsNullOrWhiteSpace(map[id].GetProperty("reason").GetString()));
            }
        }
        var xy = Json("claims", Instance("\"relu\"", [2, 2, 1], 2, 3, xyZero: true));
        Assert.Contains(xy.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("Xy = 0"));
    }

    public static TheoryData<string, int[], bool> C1Instances() => new()
    {
        { "\"linear\"", [2, 1], false },
        { "\"relu\"", [2, 2, 1], false },
        { "\"leaky:1/10\"", [2, 2, 2, 1], false },
        { "\"polyrelu:2\"", [2, 2, 1, 1], false },
        { "\"polyleaky:3,1/2\"", [1, 1, 1, 1, 1], false },
        { "\"signedpoly:2,1/4\"", [2, 2, 1], true },
        { "{\"pos\": \"2\", \"neg\": \"-1/3\", \"power\": 2}", [2, 1, 2, 1], false },
    };

    [Theory]
    [MemberData(nameof(C1Instances))]
    public void CheckC1ProvesEulerPerPattern(string activation, int[] widths, bool xyZero)
    {
        var path = Instance(activation, widths, 3, widths.Sum(), xyZero);
        var (code, stdout, stderr) = CliRunner.Run("check", "C1", path, "--json", "--seed", "5");
        Assert.True(code == 0, stderr);
        var doc = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("C1", doc.GetProperty("id").GetString());
        Assert.Equal("holds", doc.GetProperty("verdict").GetString());
        Assert.Equal("symbolic", doc.GetProperty("evidence").GetProperty("method").GetString());
        Assert.Contains("polynomial identities", doc.GetProperty("detail").GetString());
        Assert.Equal(5, doc.GetProperty("seed").GetInt32());
    }

    [Fact]
    public void CheckC1FallsBackToExactRandomPointsOnLargeInstancesAndSaysSo()
    {
        // 2^8 sign patterns per sample × 20 samples = 5120 pieces > 4096: random points, never "holds".
        var path = Instance("\"leaky:1/5\"", [2, 8, 1], 20, 9);
        var first = CliRunner.Run("check", "C1", path, "--json", "--seed", "3");
        var second = CliRunner.Run("check", "C1", path, "--json", "--seed", "3");
        Assert.Equal(0, first.Code);
        var doc = JsonDocument.Parse(first.Stdout).RootElement;
        Assert.Equal("holds-numerically", doc.GetProperty("verdict").GetString());
        var ev = doc.GetProperty("evidence");
        Assert.Equal("random-points", ev.GetProperty("method").GetString());
        Assert.True(ev.GetProperty("random_points").GetInt32() > 0);
        Assert.True(ev.GetProperty("kink_points").GetInt32() > 0, "a kinked activation gets points on kinks too");
        Assert.Contains("5120", ev.GetProperty("why_not_symbolic").GetString());
        Assert.Contains("not a symbolic proof", doc.GetProperty("detail").GetString());
        // Same seed, same evidence.
        var again = JsonDocument.Parse(second.Stdout).RootElement.GetProperty("evidence");
        Assert.Equal(ev.GetProperty("distinct_patterns").GetInt32(), again.GetProperty("distinct_patterns").GetInt32());
        Assert.Equal(ev.GetProperty("clarke_choices_checked").GetInt32(), again.GetProperty("clarke_choices_checked").GetInt32());
    }

    [Fact]
    public void NotApplicableClaimExitsZeroWithTheReason()
    {
        var path = Instance("\"relu\"", [2, 2, 1], 3, 4); // Λ = 2
        var (code, stdout, _) = CliRunner.Run("check", "C7", path, "--json");
        Assert.Equal(0, code);
        var doc = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("not-applicable", doc.GetProperty("verdict").GetString());
        Assert.False(doc.GetProperty("applicable").GetBoolean());
        Assert.Contains("Λ", doc.GetProperty("detail").GetString());
        var text = CliRunner.Run("check", "C7", path);
        Assert.Equal(0, text.Code);
        Assert.Contains("not applicable", text.Stdout);
    }

    /// <summary>Evaluates the plain-text canonical polynomial ("2/3*w1_0_0*w2_0_0^2 - w1_0_1 + 5") at a point.</summary>
    private static Rational EvaluatePolynomial(string text, string[] names, Rational[] point)
    {
        var index = names.Select((n, i) => (n, i)).ToDictionary(t => t.n, t => t.i);
        var total = Rational.Zero;
        var s = text.Trim();
        if (s == "0") return total;
        var tokens = s.Replace(" - ", " + -").Split(" + ");
        foreach (var raw in tokens)
        {
            var t = raw.Trim();
            var sign = Rational.One;
            if (t.StartsWith('-')) { sign = Rational.MinusOne; t = t[1..]; }
            var term = sign;
            foreach (var f in t.Split('*'))
            {
                var parts = f.Split('^');
                int e = parts.Length > 1 ? int.Parse(parts[1]) : 1;
                term *= index.TryGetValue(parts[0], out int v) ? point[v].Pow(e) : Rational.Parse(parts[0]).Pow(e);
            }
            total += term;
        }
        return total;
    }
}
