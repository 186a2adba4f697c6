using System.Globalization;
using System.Text.Json;

namespace Checker.Cli.Tests;

/// <summary>`kkt --out DIR`: certified KKT points as weight files that eval, check --at and flow --init read back.</summary>
public class KktOutTests : IDisposable
{
    private readonly TempFiles _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private (JsonElement Kkt, JsonElement[] Manifest, string Dir) Kkt(string instance, string name)
    {
        var dir = Path.Combine(_tmp.Directory, name);
        var (code, stdout, stderr) = CliRunner.Run("kkt", instance, "--out", dir, "--json", "--timeout", "60");
        Assert.True(code is 0 or 3, stderr);
        var kkt = JsonDocument.Parse(stdout).RootElement;
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "points.json"))).RootElement.GetProperty("files").EnumerateArray().ToArray();
        Assert.Equal(dir, kkt.GetProperty("out_directory").GetString());
        // Every certified point has files, and every file in the manifest exists and is named after its kind.
        var certified = kkt.GetProperty("points").EnumerateArray().Select((p, k) => (p, k)).Where(x => x.p.GetProperty("certified").GetBoolean()).ToList();
        Assert.NotEmpty(certified);
        foreach (var (p, k) in certified)
        {
            var files = p.GetProperty("weight_files").EnumerateArray().Select(f => f.GetString()!).ToList();
            Assert.NotEmpty(files);
            Assert.All(files, f => Assert.StartsWith(Path.Combine(dir, $"kkt-point-{k + 1}"), f));
        }
        foreach (var m in manifest)
        {
            var file = m.GetProperty("file").GetString()!;
            Assert.True(File.Exists(Path.Combine(dir, file)), file);
            string kind = m.GetProperty("kind").GetString()!;
            Assert.EndsWith(kind switch { "exact" => $"{m.GetProperty("point").GetInt32()}.json", "rational-approximation" => ".approx.json", "box-centre" => ".box-centre.json", _ => ".unnormalised.json" }, file);
            Assert.Equal(kind == "exact", m.GetProperty("exact_kkt_point").GetBoolean());
        }
        return (kkt, manifest, dir);
    }

    /// <summary>eval --at reads the file; returns N there as a double.</summary>
    private static double EvalNcf(string instance, string weights)
    {
        var (code, stdout, stderr) = CliRunner.Run("eval", instance, "--at", weights, "--json");
        Assert.True(code == 0, stderr);
        var s = JsonDocument.Parse(stdout).RootElement.GetProperty("ncf").GetString()!;
        var parts = s.Split('/');
        return parts.Length == 1 ? double.Parse(s, CultureInfo.InvariantCulture)
            : (double)(System.Numerics.BigInteger.Parse(parts[0]) * 1_000_000_000_000 / System.Numerics.BigInteger.Parse(parts[1])) / 1e12;
    }

    private static void FlowReads(string instance, string weights)
    {
        var (code, stdout, stderr) = CliRunner.Run("flow", instance, "--init", weights, "--json", "--until", "0.01", "--timeout", "20");
        Assert.True(code is 0 or 3, $"flow --init {weights}: exit {code} {stderr}");
        Assert.Contains(Path.GetFileName(weights), stdout);
    }

    [Fact]
    public void AnExactRationalKktPointIsWrittenExactlyAndReadsBackAsAKktPoint()
    {
        var instance = _tmp.Write("linear.json", """{"name":"linear","inputs":[["3","0"],["0","4"]],"labels":["1","1"],"network":{"widths":[2,1],"activation":"relu"}}""");
        var (_, manifest, dir) = Kkt(instance, "linear");
        var exact = Assert.Single(manifest, m => m.GetProperty("kind").GetString() == "exact");
        var file = Path.Combine(dir, exact.GetProperty("file").GetString()!);
        Assert.Equal("""{"layers":[[["3/5","4/5"]]]}""", JsonSerializer.Serialize(JsonDocument.Parse(File.ReadAllText(file)).RootElement));
        Assert.Equal(5, EvalNcf(instance, file));
        FlowReads(instance, file);
        var c2 = JsonDocument.Parse(CliRunner.Run("check", "C2", instance, "--at", file, "--json").Stdout).RootElement;
        Assert.Equal("holds", c2.GetProperty("verdict").GetString());
    }

    [Theory]
    [InlineData("lambda-two.json")]
    [InlineData("relu-dead.json")]
    public void IrrationalPointsOfP1AreWrittenAsMarkedApproximationsNextToTheirExactCertificate(string example)
    {
        var instance = CliRunner.Example(example);
        var (kkt, manifest, dir) = Kkt(instance, example);
        var approx = manifest.Where(m => m.GetProperty("kind").GetString() == "rational-approximation").ToList();
        Assert.NotEmpty(approx);
        foreach (var m in approx.Take(3))
        {
            int point = m.GetProperty("point").GetInt32();
            var value = double.Parse(m.GetProperty("value").GetString()!.TrimEnd('…'), CultureInfo.InvariantCulture);
            var file = Path.Combine(dir, m.GetProperty("file").GetString()!);
            Assert.StartsWith("1e-38", m.GetProperty("distance_bound").GetString());
            // N at the approximation matches the certified value (to far more than 9 places); its certificate file sits next to it.
            Assert.Equal(value, EvalNcf(instance, file), 9);
            Assert.True(File.Exists(Path.Combine(dir, $"kkt-point-{point}.unnormalised.json")));
            FlowReads(instance, file);
            // Near a KKT point but not one (‖u‖ ≠ 1 exactly): the point-wise C2 says so instead of pretending.
            var c2 = JsonDocument.Parse(CliRunner.Run("check", "C2", instance, "--at", file, "--json").Stdout).RootElement;
            Assert.Equal("not-applicable", c2.GetProperty("verdict").GetString());
        }
        Assert.True(kkt.GetProperty("points").GetArrayLength() >= approx.Count);
    }

    [Fact]
    public void AlgebraicPointsOfAPolynomialNetworkAreWrittenAsKrawczykBoxCentres()
    {
        var instance = CliRunner.Example("xy-zero.json");
        var (_, manifest, dir) = Kkt(instance, "xy-zero");
        var centres = manifest.Where(m => m.GetProperty("kind").GetString() == "box-centre").ToList();
        Assert.NotEmpty(centres);
        foreach (var m in centres.Take(3))
        {
            var file = Path.Combine(dir, m.GetProperty("file").GetString()!);
            Assert.Equal(double.Parse(m.GetProperty("value").GetString()!.TrimEnd('…'), CultureInfo.InvariantCulture), EvalNcf(instance, file), 9);
            Assert.Contains("per entry", m.GetProperty("distance_bound").GetString());
            FlowReads(instance, file);
        }
    }

    [Fact]
    public void OutIsRefusedWithReducedAndForAnUnwritableDirectoryBeforeTheSearch()
    {
        var lt = CliRunner.Example("lambda-two.json");
        foreach (var args in new[] { new[] { "kkt", lt, "--reduced", "--out", _tmp.Directory }, ["kkt", lt, "--out", "/proc/checker-kkt-out"] })
        {
            var (code, _, stderr) = CliRunner.Run(args);
            Assert.Equal(2, code);
            Assert.Single(stderr.Trim().Split('\n'));
        }
    }
}
