using System.Text.Json;

namespace Checker.Cli.Tests;

/// <summary>`kkt --at`: the Clarke decision with its evidence, the AD comparison, and exit codes 0 / 1.</summary>
public class KktAtCommandTests
{
    [Fact]
    public void LeakyDeepWitnessIsAClarkeKktPointWithTheIssuesConvexWeights()
    {
        var (code, stdout, _) = CliRunner.Run("kkt", CliRunner.Example("leaky-deep.json"), "--at", CliRunner.Example("basics/leaky-deep-clarke-kkt.json"), "--json");
        Assert.Equal(0, code);
        var j = JsonDocument.Parse(stdout).RootElement;
        Assert.True(j.GetProperty("kkt").GetBoolean());
        Assert.Equal("clarke", j.GetProperty("subdifferential").GetString());
        Assert.Equal(2, j.GetProperty("kinks").GetArrayLength());
        var weights = j.GetProperty("convex_weights").EnumerateArray().Select(w => w.GetProperty("weight").GetString()).OrderBy(x => x).ToList();
        Assert.Equal(["11/29", "18/29"], weights);
        Assert.All(j.GetProperty("adjacent_patterns").EnumerateArray(), p => Assert.Equal("adjacent", p.GetProperty("status").GetString()));
        Assert.False(j.GetProperty("differentiable").GetBoolean());
    }

    [Fact]
    public void NarrowNetIsAdOnly()
    {
        using var dir = new TempFiles();
        var inst = dir.Write("narrow.json", """{"name":"narrow","inputs":[["1","2"],["-1","1/2"],["0.25","-3"]],"labels":["1","-1","1"],"network":{"widths":[2,1,1,1],"activation":"leaky:1/10"}}""");
        var w = dir.Write("w.json", """{"layers":[[["-1","-1/12"]],[["-1"]],[["1"]]]}""");
        var (code, stdout, _) = CliRunner.Run("kkt", inst, "--at", w, "--json");
        Assert.Equal(1, code);
        var j = JsonDocument.Parse(stdout).RootElement;
        Assert.False(j.GetProperty("kkt").GetBoolean());
        Assert.True(j.GetProperty("ad_only").GetBoolean());
        Assert.Equal(2, j.GetProperty("adjacent_patterns").EnumerateArray().Count(p => p.GetProperty("status").GetString() == "not-adjacent"));
        var (adCode, adOut, _) = CliRunner.Run("kkt", inst, "--at", w, "--subdifferential", "ad", "--json");
        Assert.Equal(0, adCode);
        Assert.True(JsonDocument.Parse(adOut).RootElement.GetProperty("kkt").GetBoolean());
    }
}
