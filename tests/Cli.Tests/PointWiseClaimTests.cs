using System.Text.Json;

namespace Checker.Cli.Tests;

/// <summary>`check CLAIM INSTANCE --at WEIGHTS` and `verify --at WEIGHTS`: the point-wise claims at the user's point.</summary>
public class PointWiseClaimTests : IDisposable
{
    private readonly TempFiles _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static JsonElement Check(string claim, string instance, string weights)
    {
        var (code, stdout, stderr) = CliRunner.Run("check", claim, instance, "--at", weights, "--json", "--timeout", "30");
        Assert.True(code is 0 or 1 or 3, stderr);
        var doc = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(weights, doc.GetProperty("at").GetString());
        return doc;
    }

    private static string Verdict(JsonElement doc) => doc.GetProperty("verdict").GetString()!;

    /// <summary>A weight file for the example's network with small non-zero rational entries (deterministic, off kinks unless chosen).</summary>
    private string Weights(string name, IReadOnlyList<int> widths, Func<int, string> entry)
    {
        var layers = new List<List<List<string>>>();
        int j = 0;
        for (int l = 1; l < widths.Count; l++)
            layers.Add(Enumerable.Range(0, widths[l]).Select(_ => Enumerable.Range(0, widths[l - 1]).Select(_ => entry(j++)).ToList()).ToList());
        return _tmp.Write(name, JsonSerializer.Serialize(new { layers }));
    }

    private static int[] Widths(string example) =>
        JsonDocument.Parse(File.ReadAllText(CliRunner.Example(example))).RootElement.GetProperty("network").GetProperty("widths").EnumerateArray().Select(w => w.GetInt32()).ToArray();

    [Theory]
    [InlineData("lambda-two.json")]
    [InlineData("relu-dead.json")]
    [InlineData("polynomial-deep.json")]
    [InlineData("xy-zero.json")]
    [InlineData("leaky-deep.json")]
    public void EulerHoldsExactlyAtAnArbitraryPointAndC2IsNotApplicableOffTheSphere(string example)
    {
        var w = Weights(example + ".w", Widths(example), j => $"{(j % 3) - 1 + (j % 2 == 0 ? 0 : 1)}/{j % 4 + 2}");
        var c1 = Check("C1", CliRunner.Example(example), w);
        Assert.Equal("holds", Verdict(c1));
        var lambdaN = c1.GetProperty("evidence").GetProperty("u_dot_gradient").GetString();
        // Cross-check with eval: ΛN from C1 equals Λ times eval's exact N.
        var eval = JsonDocument.Parse(CliRunner.Run("eval", CliRunner.Example(example), "--at", w, "--json").Stdout).RootElement;
        Assert.Equal(eval.GetProperty("ncf").GetString(), c1.GetProperty("evidence").GetProperty("ncf").GetString());
        Assert.NotNull(lambdaN);
        // ‖u‖ ≠ 1 here: not a KKT point, so C2 and C3 do not apply at it (and say why).
        foreach (var claim in new[] { "C2", "C3" })
        {
            var r = Check(claim, CliRunner.Example(example), w);
            Assert.Equal("not-applicable", Verdict(r));
            Assert.Contains("not a KKT point", r.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public void AtAReluKinkEveryClarkeChoiceIsCheckedAndKinksAreCounted()
    {
        // A first-layer row orthogonal to a sample makes that pre-activation exactly 0: rows (0,1)⊥(1,0) and (1,−1)⊥(1,1).
        var instance = _tmp.Write("kink.json", """{"name":"kink","inputs":[["1","0"],["0","1"],["1","1"]],"labels":["1","-1","1"],"network":{"widths":[2,2,1],"activation":"relu"}}""");
        var w = _tmp.Write("kink.w.json", """{"layers":[[["0","1"],["1","-1"]],[["1","2"]]]}""");
        var c1 = Check("C1", instance, w);
        Assert.Equal("holds", Verdict(c1));
        Assert.True(c1.GetProperty("evidence").GetProperty("kinks").GetInt32() >= 2);
    }

    [Fact]
    public void AtAnExactKktPointC2AndC3HoldAndC10RunsFromThePoint()
    {
        // max wᵀg on the unit circle for g = Σ y_i x_i = (3, 4): the KKT point is (3/5, 4/5), N = 5, λ = 5 = ΛN (Λ = 1).
        var instance = _tmp.Write("linear.json", """{"name":"linear","inputs":[["3","0"],["0","4"]],"labels":["1","1"],"network":{"widths":[2,1],"activation":"relu"}}""");
        var w = _tmp.Write("linear.w.json", """{"layers":[[["3/5","4/5"]]]}""");
        Assert.Equal("holds", Verdict(Check("C2", instance, w)));
        var c3 = Check("C3", instance, w);
        Assert.Equal("holds", Verdict(c3));
        Assert.Contains("a KKT point", c3.GetProperty("detail").GetString());
        var c10 = Check("C10", instance, w);
        Assert.Equal("holds-numerically", Verdict(c10));
        Assert.Contains("from the given start", c10.GetProperty("detail").GetString());
        // On the sphere but not parallel to the gradient: not a KKT point.
        var off = _tmp.Write("linear.off.json", """{"layers":[[["4/5","3/5"]]]}""");
        var c2 = Check("C2", instance, off);
        Assert.Equal("not-applicable", Verdict(c2));
        Assert.Contains("not a multiple of u", c2.GetProperty("detail").GetString());
    }

    [Fact]
    public void VerifyAtListsWhichClaimsRanPointWiseAndWhichAreNot()
    {
        var w = Weights("lt.w.json", Widths("lambda-two.json"), j => $"{j % 3 + 1}/{j % 5 + 2}");
        var (code, stdout, stderr) = CliRunner.Run("verify", CliRunner.Example("lambda-two.json"), "--at", w, "--claims", "C1,C2,C3,C4,C7", "--json");
        Assert.Equal(0, code);
        var doc = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(["C1", "C2", "C3"], doc.GetProperty("at").GetProperty("point_wise").EnumerateArray().Select(e => e.GetString()));
        var not = doc.GetProperty("at").GetProperty("not_point_wise");
        Assert.Contains("KKT point", not.GetProperty("C4").GetString());
        Assert.Contains("flow", not.GetProperty("C7").GetString());
        Assert.Equal(["C1", "C2", "C3"], doc.GetProperty("claims").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var text = CliRunner.Run("verify", CliRunner.Example("lambda-two.json"), "--at", w, "--claims", "C1,C4");
        Assert.Contains("not point-wise", text.Stdout);
        Assert.Contains("C4", text.Stdout);
    }

    [Fact]
    public void BadWeightsAndNonPointWiseClaimsExitTwoWithOneLine()
    {
        var lt = CliRunner.Example("lambda-two.json");
        var wrongShape = _tmp.Write("shape.json", """{"layers":[[["1"]]]}""");
        var notJson = _tmp.Write("garbage.json", "layers: 1");
        var notRational = _tmp.Write("nan.json", """{"layers":[[["x","1"]]]}""");
        string[][] bad =
        [
            ["check", "C1", lt, "--at", wrongShape],
            ["check", "C1", lt, "--at", notJson],
            ["check", "C2", lt, "--at", notRational],
            ["check", "C1", lt, "--at", Path.Combine(_tmp.Directory, "missing.json")],
            ["check", "C4", lt, "--at", wrongShape],
            ["verify", lt, "--at", wrongShape],
            ["verify", lt, CliRunner.Example("relu-dead.json"), "--at", wrongShape],
        ];
        foreach (var args in bad)
        {
            var (code, stdout, stderr) = CliRunner.Run(args);
            Assert.True(code == 2, $"{string.Join(" ", args)}: exit {code} {stderr}");
            Assert.Single(stderr.Trim().Split('\n'));
            Assert.DoesNotContain("internal error", stderr);
        }
    }
}
