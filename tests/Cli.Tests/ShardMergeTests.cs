using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Checker.Cli.Tests;

/// <summary>
/// `search/verify --shard K/N` and `checker merge`: the merge of all shards prints exactly what the unsharded run prints
/// (text, JSON and exit code), whatever the order of the files; merge refuses files that are not shards of one run.
/// </summary>
public class ShardMergeTests : IDisposable
{
    private readonly TempFiles _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private string[] RunShards(string name, int count, params string[] args)
    {
        var files = new string[count];
        for (int k = 0; k < count; k++)
        {
            var (code, stdout, stderr) = CliRunner.Run([.. args, "--shard", $"{k}/{count}"]);
            Assert.True(code == 0, $"shard {k}/{count} exit {code}: {stderr}");
            files[k] = _tmp.Write($"{name}-{k}.json", stdout);
        }
        return files;
    }

    /// <summary>Text and JSON of the merge equal the unsharded run's, with the same exit code (files given in reverse order).</summary>
    private void AssertMergeEqualsUnsharded(string[] shardFiles, string[] args)
    {
        var reversed = shardFiles.Reverse().ToArray();
        var whole = CliRunner.Run(args);
        var merged = CliRunner.Run(["merge", .. reversed]);
        Assert.Equal(whole.Code, merged.Code);
        Assert.Equal(whole.Stdout, merged.Stdout);
        var wholeJson = CliRunner.Run([.. args, "--json"]);
        var mergedJson = CliRunner.Run(["merge", .. reversed, "--json"]);
        Assert.Equal(wholeJson.Code, mergedJson.Code);
        Assert.Equal(wholeJson.Stdout, mergedJson.Stdout);
    }

    [Fact]
    public void SearchShardsPartitionTheTrialsByIndexModN()
    {
        string[] args = ["search", "C1", "--trials", "7", "--seed", "4", "--activations", "relu;leaky:1/10;polyrelu:2"];
        var files = RunShards("c1", 3, args);
        var trials = files.Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("trials").EnumerateArray()
            .Select(t => t.GetProperty("trial").GetInt32()).ToArray()).ToArray();
        Assert.Equal([0, 3, 6], trials[0]);
        Assert.Equal([1, 4], trials[1]);
        Assert.Equal([2, 5], trials[2]);
        AssertMergeEqualsUnsharded(files, args);
    }

    [Fact]
    public void MoreShardsThanTrialsLeavesEmptyShardsAndStillMerges()
    {
        string[] args = ["search", "C2", "--trials", "2", "--seed", "9", "--activations", "leaky:1/5"];
        var files = RunShards("c2", 3, args);
        Assert.Empty(JsonDocument.Parse(File.ReadAllText(files[2])).RootElement.GetProperty("trials").EnumerateArray());
        AssertMergeEqualsUnsharded(files, args);
    }

    [Fact]
    public void TheLowestCounterexampleTrialWinsAndLaterTrialsAreNotCounted()
    {
        // Seed 2: shard 0 finds a K2 counterexample at trial 0, shard 1 runs trials 1, 3, 5 and finds one at 5. The
        // unsharded run stops at trial 0; the merge must report trial 0 and count only it.
        string[] args = ["search", "K2", "--trials", "6", "--seed", "2", "--activations", "polyrelu:2;leaky:1/10"];
        var files = RunShards("k2", 2, args);
        var shard1 = JsonDocument.Parse(File.ReadAllText(files[1])).RootElement;
        Assert.Equal(5, shard1.GetProperty("found").GetProperty("trial").GetInt32());
        AssertMergeEqualsUnsharded(files, args);
        var merged = JsonDocument.Parse(CliRunner.Run(["merge", files[1], files[0], "--json"]).Stdout).RootElement;
        Assert.Equal(0, merged.GetProperty("found_at_trial").GetInt32());
        Assert.Equal(1, merged.GetProperty("trials").GetInt32());
    }

    [Fact]
    public void ShrunkCounterexampleFromAMiddleShardMergesToTheUnshardedShrinkAndOut()
    {
        string[] args = ["search", "K2", "--trials", "6", "--seed", "3", "--shrink", "--activations", "polyrelu:2;leaky:1/10"];
        var files = RunShards("k2s", 3, args);
        AssertMergeEqualsUnsharded(files, args);
        var outWhole = Path.Combine(_tmp.Directory, "whole.json");
        var outMerged = Path.Combine(_tmp.Directory, "merged.json");
        var whole = CliRunner.Run([.. args, "--out", outWhole]);
        var merged = CliRunner.Run(["merge", .. files, "--out", outMerged]);
        Assert.Equal(1, merged.Code);
        Assert.Equal(File.ReadAllText(outWhole), File.ReadAllText(outMerged));
        Assert.Equal(whole.Stdout.Replace(outWhole, "OUT"), merged.Stdout.Replace(outMerged, "OUT"));
        // A shard does not know the overall counterexample: --out belongs to merge.
        Assert.Equal(2, CliRunner.Run([.. args, "--shard", "0/3", "--out", outWhole]).Code);
    }

    [Fact]
    public void VerifyShardsOverInstanceFilesMergeToTheUnshardedTableInEveryFormat()
    {
        // ReLU, Λ = 2 (leaky), a polynomial network and Xy = 0, with fast claims; item t is the t-th file.
        string[] args = ["verify", CliRunner.Example("relu-dead.json"), CliRunner.Example("lambda-two.json"), CliRunner.Example("polynomial-deep.json"),
            CliRunner.Example("xy-zero.json"), "--claims", "C1,C2", "--timeout", "30"];
        var files = RunShards("verify", 3, args);
        var first = JsonDocument.Parse(File.ReadAllText(files[0])).RootElement;
        Assert.Equal([0, 3], first.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()));
        foreach (var format in new[] { "text", "json", "csv", "latex" })
        {
            var whole = CliRunner.Run([.. args, "--format", format]);
            var merged = CliRunner.Run(["merge", .. files.Reverse(), "--format", format]);
            Assert.Equal(whole.Code, merged.Code);
            Assert.Equal(WithoutTimes(whole.Stdout, format), WithoutTimes(merged.Stdout, format));
        }
        var json = JsonDocument.Parse(CliRunner.Run(["merge", .. files, "--json"]).Stdout).RootElement;
        Assert.Equal(["relu-dead", "lambda-two", "polynomial-deep", "xy-zero"], json.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("instance").GetString()));
    }

    /// <summary>Measured seconds differ between any two runs (sharded or not); everything else must be identical.</summary>
    internal static string WithoutTimes(string output, string format)
    {
        if (format == "json")
        {
            var node = JsonNode.Parse(output)!;
            IEnumerable<JsonNode?> reports = node["instances"] is JsonArray many ? many : new[] { node };
            foreach (var report in reports)
                foreach (var claim in report!["claims"]!.AsArray()) claim!["elapsed_seconds"] = 0;
            return node.ToJsonString();
        }
        if (format == "csv") return Regex.Replace(output, @",[0-9.]+\r\n", ",T\r\n");
        if (format == "latex") return Regex.Replace(output, @"& [0-9.]+ \\\\", "& T \\\\");
        return Regex.Replace(output, @"│\s*[0-9]+\.[0-9] │", "│ T │");
    }

    [Fact]
    public void MergeRefusesShardsOfDifferentRunsMissingOrDuplicateShardsWithOneLine()
    {
        string[] args = ["search", "C1", "--trials", "3", "--seed", "1", "--activations", "relu"];
        var files = RunShards("base", 3, args);
        var otherSeed = RunShards("seed", 3, ["search", "C1", "--trials", "3", "--seed", "2", "--activations", "relu"]);
        var otherClaim = RunShards("claim", 3, ["search", "C2", "--trials", "3", "--seed", "1", "--activations", "relu"]);
        var twoShards = RunShards("two", 2, args);
        var verify = RunShards("ver", 3, ["verify", CliRunner.Example("lambda-two.json"), "--claims", "C1"]);
        var verifyOther = RunShards("ver2", 3, ["verify", CliRunner.Example("relu-dead.json"), "--claims", "C1"]);
        var garbage = _tmp.Write("garbage.json", "{\"format\": \"something-else\"}");
        var notJson = _tmp.Write("notjson.json", "shard 0 of 3");
        string[][] bad =
        [
            [files[0], files[1], otherSeed[2]],         // different seed
            [files[0], files[1], otherClaim[2]],        // different claim
            [files[0], files[1], twoShards[1]],         // different shard count
            [files[0], files[1]],                       // missing shard
            [files[0], files[1], files[1]],             // duplicate shard
            [files[0], files[1], files[2], files[2]],   // duplicate on top of a complete set
            [files[0], files[1], verify[2]],            // search and verify shards
            [verify[0], verify[1], verifyOther[2]],     // different instance files
            [files[0], files[1], garbage],              // not a shard file
            [notJson],                                  // not JSON
            [Path.Combine(_tmp.Directory, "nonexistent.json")],
        ];
        foreach (var set in bad)
        {
            var (code, stdout, stderr) = CliRunner.Run(["merge", .. set]);
            Assert.True(code == 2, $"merge {string.Join(" ", set.Select(Path.GetFileName))}: exit {code}, {stderr}");
            Assert.Single(stderr.Trim().Split('\n'));
            Assert.DoesNotContain("internal error", stderr);
            Assert.Equal("", stdout);
        }
        foreach (var spec in new[] { "3/3", "-1/3", "1/0", "a/b", "1", "0/3/4" })
            Assert.Equal(2, CliRunner.Run([.. args, "--shard", spec]).Code);
        Assert.Equal(2, CliRunner.Run(["merge", .. verify, "--format", "tex"]).Code);
    }

    private static Sharding.ShardFile SearchShard(int k, int n, int[] trials, bool timedOut, int? foundAt = null, bool complete = true) => new()
    {
        Command = "search",
        ShardIndex = k,
        ShardCount = n,
        Parameters = JsonSerializer.SerializeToElement(new { claim = "C1", seed = 1, trials = 6 }),
        Complete = complete,
        Trials = trials.Select(t => new Verification.Search.TrialOutcome(t, t, t == foundAt ? "counterexample" : "holds")).ToList(),
        TimedOut = timedOut,
        Found = foundAt is { } f ? new Sharding.SearchShardFound(f, f, """{"name":"x"}""", "counterexample", "made up", null, [], 0, false) : null,
    };

    [Fact]
    public void AShardStoppedByItsTimeLimitCutsTheMergeAtTheFirstTrialNoShardRan()
    {
        // Shard 1 ran trial 1 and then hit its time limit: trial 3 never ran, so the merge reports trials 0–2, timed out,
        // even though shard 0 found a counterexample at trial 4 (the unsharded run would not have reached it).
        var gap = Sharding.SearchShards.Merge([("a", SearchShard(0, 2, [0, 2, 4], false, foundAt: 4)), ("b", SearchShard(1, 2, [1], true))], null)!;
        Assert.Equal(3, gap.Trials);
        Assert.True(gap.TimedOut);
        Assert.False(gap.Found);
        Assert.Equal(3, gap.ExitCode);
        Assert.Equal(3, gap.VerdictCounts["holds"]);
        // Without the gap the counterexample at trial 4 is reported, counted over trials 0–4.
        var found = Sharding.SearchShards.Merge([("a", SearchShard(0, 2, [0, 2, 4], false, foundAt: 4)), ("b", SearchShard(1, 2, [1, 3, 5], false))], null)!;
        Assert.Equal(5, found.Trials);
        Assert.Equal(4, found.FoundAtTrial);
        Assert.Equal(1, found.ExitCode);
        Assert.Equal(4, found.VerdictCounts["holds"]);
        // A shard that never stopped has no trial data at all: the merge says so (null: "did not stop").
        Assert.Null(Sharding.SearchShards.Merge([("a", SearchShard(0, 2, [], true, complete: false)), ("b", SearchShard(1, 2, [1, 3, 5], false))], null));
        // A trial in the wrong shard is not a shard of this partition.
        Assert.Throws<Symbolic.IO.InputException>(() => Sharding.SearchShards.Merge([("a", SearchShard(0, 2, [1], false)), ("b", SearchShard(1, 2, [3], false))], null));
    }

    /// <summary>
    /// The README's recipe: three shards as separate processes through GNU parallel, then merge; the result equals the
    /// unsharded run. Skipped (with the reason) only where GNU parallel is not installed; CI installs it.
    /// </summary>
    [Fact]
    public void ThreeShardsThroughGnuParallelMergeToTheUnshardedRun()
    {
        var parallel = Which("parallel");
        Assert.True(parallel is not null, "GNU parallel is not installed (.ci/run installs the Debian package `parallel`)");
        var checker = typeof(CheckerApp).Assembly.Location;
        var dir = Path.Combine(_tmp.Directory, "parallel");
        Directory.CreateDirectory(dir);
        string search = "search K2 --trials 6 --seed 3 --shrink --activations 'polyrelu:2;leaky:1/10'";
        // One quoted command for parallel: it runs it through a shell, where ';' in the activation list must stay quoted.
        var run = Shell($"parallel --will-cite --halt now,fail=1 \"dotnet {Q(checker)} {search} --shard {{}}/3 > {Q(dir)}/shard-{{}}.json\" ::: 0 1 2");
        Assert.True(run.Code == 0, run.Stderr);
        var shards = Enumerable.Range(0, 3).Select(k => Path.Combine(dir, $"shard-{k}.json")).ToArray();
        Assert.All(shards, f => Assert.True(new FileInfo(f).Length > 0, f));
        var merged = Shell($"dotnet {Q(checker)} merge {string.Join(" ", shards.Select(Q))}");
        var whole = Shell($"dotnet {Q(checker)} {search}");
        Assert.Equal(1, whole.Code);
        Assert.Equal(whole.Code, merged.Code);
        Assert.Equal(whole.Stdout, merged.Stdout);
    }

    private static string Q(string s) => "'" + s.Replace("'", "'\\''") + "'";

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static (int Code, string Stdout, string Stderr) Shell(string command)
    {
        var psi = new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(4))) { p.Kill(entireProcessTree: true); throw new TimeoutException(command); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
