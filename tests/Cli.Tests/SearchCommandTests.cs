using System.Text.Json;

namespace Checker.Cli.Tests;

public class SearchCommandTests
{
    [Fact]
    public void SearchFindsAndShrinksARankOneCounterexampleThatReRuns()
    {
        var file = Path.Combine(Path.GetTempPath(), "checker-k1-" + Guid.NewGuid().ToString("N") + ".json");
        var (code, stdout, stderr) = CliRunner.Run("search", "K1", "--trials", "30", "--shrink", "--seed", "5", "--max-n", "4", "--max-width", "3", "--out", file, "--json");
        Assert.Equal(1, code);
        var doc = JsonDocument.Parse(stdout).RootElement;
        Assert.True(doc.GetProperty("found").GetBoolean());
        Assert.Equal("conjecture", doc.GetProperty("kind").GetString());
        Assert.Equal("counterexample", doc.GetProperty("verdict").GetString());
        var ranks = doc.GetProperty("witness").GetProperty("layer_ranks").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        Assert.Contains(ranks, r => r >= 2);
        // Seed 5 finds one on a 4-sample instance that shrinks (fewer samples / smaller integers) and stays a counterexample.
        Assert.NotEmpty(doc.GetProperty("shrink_steps").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(doc.GetProperty("shrink_summary").GetString()));
        // The written instance is an ordinary instance file, and the claim's own check reproduces the counterexample.
        Assert.True(File.Exists(file));
        int seed = doc.GetProperty("trial_seed").GetInt32();
        var (code2, stdout2, _) = CliRunner.Run("check", "K1", file, "--seed", seed.ToString(), "--json");
        Assert.Equal(1, code2);
        Assert.Equal("counterexample", JsonDocument.Parse(stdout2).RootElement.GetProperty("verdict").GetString());
        var (infoCode, _, _) = CliRunner.Run("info", file);
        Assert.Equal(0, infoCode);
    }

    [Fact]
    public void UnknownClaimAndBadBoundsExitTwo()
    {
        Assert.Equal(2, CliRunner.Run("search", "C99", "--trials", "1").Code);
        Assert.Equal(2, CliRunner.Run("search", "K1", "--trials", "0").Code);
        Assert.Equal(2, CliRunner.Run("search", "K1", "--activations", "tanh").Code);
    }
}
