using System.Text.Json;

namespace Checker.Cli.Tests;

public class ExamplesTests
{
    public static TheoryData<string> Instances() => new(Directory.GetFiles(Path.Combine(CliRunner.RepoRoot, "examples"), "*.json").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Instances))]
    public void EveryShowcaseInstanceReadsAndIsInTheWalkThrough(string file)
    {
        var (code, stdout, stderr) = CliRunner.Run("info", CliRunner.Example(file), "--json");
        Assert.True(code == 0, stderr);
        Assert.True(JsonDocument.Parse(stdout).RootElement.GetProperty("degree").GetInt32() >= 1);
        Assert.Contains(file, File.ReadAllText(Path.Combine(CliRunner.RepoRoot, "examples", "README.md")));
    }

    [Fact]
    public void FullNetworkKktOnTheSymmetricExampleCertifiesANonRankOnePoint()
    {
        var (code, stdout, stderr) = CliRunner.Run("kkt", CliRunner.Example("symmetric-not-rank-one.json"), "--json", "--seed", "2");
        Assert.True(code is 0 or 3, stderr);
        var points = JsonDocument.Parse(stdout).RootElement.GetProperty("points").EnumerateArray().ToList();
        var split = points.Where(p => p.GetProperty("certified").GetBoolean() && p.GetProperty("positive").GetBoolean() && !p.GetProperty("rank_one").GetBoolean()).ToList();
        Assert.NotEmpty(split);
        foreach (var p in split)
        {
            Assert.True(p.GetProperty("norm_law").GetBoolean());
            Assert.Equal(["1/2", "1/2"], p.GetProperty("layer_norm_shares").EnumerateArray().Select(x => x.GetString()!).ToArray());
        }
    }
}
