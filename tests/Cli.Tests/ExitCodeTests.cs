using System.Text.Json;

namespace Checker.Cli.Tests;

/// <summary>
/// Issue 15: the exit code of `check` and `verify` for every verdict, end to end through the command line (docs/cli.md):
/// holds 0, holds-numerically 0, not-applicable 0, counterexample 1, inconclusive 3, bad input 2. Scripts and CI jobs
/// read only this number, so each verdict is pinned on a real instance, in text and --json mode alike.
/// </summary>
public class ExitCodeTests : IClassFixture<TempFiles>
{
    private readonly TempFiles _files;
    public ExitCodeTests(TempFiles files) => _files = files;

    // p = 2, Λ = 3: every claim holds, holds numerically or does not apply; `verify` exits 0 in a few seconds.
    private const string PolySmall = """{"name":"poly-small","inputs":[["1","2"],["-1","1/2"]],"labels":["1","-1"],"network":{"widths":[2,2,1],"activation":"polyrelu:2"}}""";

    private static string Verdict(string stdout) => JsonDocument.Parse(stdout).RootElement.GetProperty("verdict").GetString()!;

    [Theory]
    [InlineData("C1", "lambda-two.json", "holds", 0)]
    [InlineData("C8", "xy-zero.json", "holds-numerically", 0)]
    [InlineData("C6", "lambda-two.json", "not-applicable", 0)]
    [InlineData("K1", "symmetric-not-rank-one.json", "counterexample", 1)]
    public void Check_exit_code_follows_the_verdict(string claim, string example, string verdict, int exit)
    {
        var (code, stdout, stderr) = CliRunner.Run("check", claim, CliRunner.Example(example), "--json");
        Assert.Equal(verdict, Verdict(stdout));
        Assert.True(exit == code, $"{claim} on {example}: {verdict} exits {code}, expected {exit}; {stderr}");
        // The same verdict in text mode, with the same code (the renderer is not in charge of the exit code).
        var text = CliRunner.Run("check", claim, CliRunner.Example(example));
        Assert.Equal(exit, text.Code);
        Assert.Contains($"exit {exit}", text.Stdout);
    }

    // examples/leaky-deep.json has a genuine C5 counterexample: a rank-one KKT point with N > 0 where no pre-activation is
    // zero (N differentiable) and a₂ has entries of both signs (docs/theory.md#c5-rank-one-necessity). TinyDeep's old C4
    // finding sits on an essential kink, where it is a K3 witness, not a counterexample.
    [Fact]
    public void Check_of_a_claim_with_a_counterexample_exits_one()
    {
        var file = CliRunner.Example("leaky-deep.json");
        var (code, stdout, stderr) = CliRunner.Run("check", "C5", file, "--json", "--timeout", "120"); // a budget, not a timing
        Assert.Equal("counterexample", Verdict(stdout));
        Assert.Equal(1, code);
        Assert.True(JsonDocument.Parse(stdout).RootElement.TryGetProperty("witness", out var w) && w.ValueKind != JsonValueKind.Null, stderr);
    }

    [Fact]
    public void Check_that_runs_out_of_time_is_inconclusive_and_exits_three()
    {
        // C6 on an instance with about 1600 cells takes minutes of solver queries, far longer than a tenth of a second.
        var slow = _files.Write("many-cells.json", SlowInstances.ManyCellsC6Json());
        var (code, stdout, _) = CliRunner.Run("check", "C6", slow, "--json", "--timeout", "0.1");
        Assert.Equal("inconclusive", Verdict(stdout));
        Assert.Equal(3, code);
        var text = CliRunner.Run("check", "C6", slow, "--timeout", "0.1");
        Assert.Equal(3, text.Code);
        Assert.Contains("exit 3", text.Stdout);
    }

    [Theory]
    [InlineData("check", "C99", "{example}")]
    [InlineData("check", "C1", "{missing}")]
    [InlineData("check", "C1", "{bad}")]
    [InlineData("check", "C1", "{example}", "--timeout", "0")]
    [InlineData("check", "C1", "{example}", "--timeout", "-3")]
    [InlineData("check", "C1", "{example}", "--solver", "yices")]
    [InlineData("verify", "{missing}")]
    [InlineData("verify", "{bad}")]
    [InlineData("verify", "{example}", "--timeout", "0")]
    [InlineData("verify", "{example}", "--solver", "yices")]
    public void Bad_input_is_one_line_and_exits_two(params string[] args)
    {
        var bad = _files.Write("bad-widths.json", """{"name":"bad","inputs":[["1","2"]],"labels":["1"],"network":{"widths":[3,2,1],"activation":"relu"}}""");
        var resolved = args.Select(a => a switch
        {
            "{example}" => CliRunner.Example("lambda-two.json"),
            "{missing}" => Path.Combine(_files.Directory, "no-such-file.json"),
            "{bad}" => bad,
            _ => a,
        }).ToArray();
        var (code, stdout, stderr) = CliRunner.Run(resolved);
        Assert.True(code == 2, $"{string.Join(' ', args)} exits {code}: {stderr}{stdout}");
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void Verify_exits_zero_when_every_claim_holds_holds_numerically_or_does_not_apply()
    {
        var file = _files.Write("poly-small.json", PolySmall);
        var (code, stdout, stderr) = CliRunner.Run("verify", file, "--json", "--timeout", "60");
        var doc = JsonDocument.Parse(stdout).RootElement;
        var verdicts = doc.GetProperty("claims").EnumerateArray().Select(c => c.GetProperty("verdict").GetString()).ToHashSet();
        // All three passing verdicts occur, and nothing else.
        Assert.True(verdicts.SetEquals(["holds", "holds-numerically", "not-applicable"]), string.Join(", ", verdicts) + stderr);
        Assert.Equal(0, code);
        Assert.Equal(0, doc.GetProperty("exit_code").GetInt32());
    }

    [Fact]
    public void Verify_exits_three_when_a_claim_is_inconclusive_and_none_fails()
    {
        var file = _files.Write("poly-small-3.json", PolySmall);
        var (code, stdout, _) = CliRunner.Run("verify", file, "--json", "--timeout", "0.05");
        var doc = JsonDocument.Parse(stdout).RootElement;
        var verdicts = doc.GetProperty("claims").EnumerateArray().Select(c => c.GetProperty("verdict").GetString()).ToList();
        Assert.Contains("inconclusive", verdicts);
        Assert.DoesNotContain("counterexample", verdicts);
        Assert.Equal(3, code);
        Assert.Equal(3, doc.GetProperty("exit_code").GetInt32());
    }

    [Fact]
    public void Verify_exits_one_on_a_counterexample_even_with_inconclusive_claims()
    {
        // leaky-deep's C5 is refuted (its C4 is decided since Lemma 6); the many-cells instance's C6 runs out of time. One
        // exit code over both files: the counterexample wins.
        var slow = _files.Write("many-cells.json", SlowInstances.ManyCellsC6Json());
        var (code, stdout, stderr) = CliRunner.Run("verify", CliRunner.Example("leaky-deep.json"), slow, "--json", "--claims", "C5,C6", "--timeout", "45"); // a budget per claim, not a timing
        var doc = JsonDocument.Parse(stdout).RootElement;
        var claims = doc.GetProperty("instances").EnumerateArray()
            .SelectMany(i => i.GetProperty("claims").EnumerateArray().Select(c => (Key: $"{i.GetProperty("instance").GetString()}/{c.GetProperty("id").GetString()}", Verdict: c.GetProperty("verdict").GetString())))
            .ToDictionary(c => c.Key, c => c.Verdict);
        Assert.True(claims["two-clusters/C5"] == "counterexample", stderr);
        Assert.Equal("inconclusive", claims["many-cells/C6"]);
        Assert.Equal(1, code);
        Assert.Equal(1, doc.GetProperty("exit_code").GetInt32());
    }
}
