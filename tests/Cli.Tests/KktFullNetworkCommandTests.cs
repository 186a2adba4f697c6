using System.Text.Json;

namespace Checker.Cli.Tests;

/// <summary>`checker kkt INSTANCE` end to end (issue 5): Krawczyk boxes for p ≥ 2 with their SMT statements, reduced
/// KKT points named for p = 1, one-line refusal of an unwritable certificate directory.</summary>
public class KktFullNetworkCommandTests
{
    [Fact]
    public void PolynomialExampleGetsKrawczykBoxesAndStatementFiles()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"checker-kkt-{Guid.NewGuid():N}");
        try
        {
            var (code, stdout, stderr) = CliRunner.Run("kkt", CliRunner.Example("polynomial-deep.json"), "--json", "--seed", "1", "--certificates", dir);
            Assert.True(code is 0 or 3, stderr);
            var root = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal(1, root.GetProperty("seed").GetInt32());
            var boxed = root.GetProperty("points").EnumerateArray().Where(p => p.TryGetProperty("enclosure", out var e) && e.ValueKind == JsonValueKind.Object).ToList();
            Assert.NotEmpty(boxed);
            foreach (var p in boxed)
            {
                Assert.True(p.GetProperty("certified").GetBoolean());
                var e = p.GetProperty("enclosure");
                Assert.Contains("Krawczyk", e.GetProperty("proof").GetString());
                var ncf = e.GetProperty("ncf_interval").EnumerateArray().Select(x => decimal.Parse(x.GetString()!.Length > 28 ? x.GetString()![..28] : x.GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                Assert.True(ncf[0] <= ncf[1]);
                Assert.StartsWith(p.GetProperty("value").GetString()!.TrimEnd('…')[..8], ncf[0].ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.All(p.GetProperty("rank_evidence").EnumerateArray(), r => Assert.Contains("proved", r.GetString()));
                var file = p.GetProperty("certificate").GetString()!;
                Assert.True(File.Exists(file));
                var text = File.ReadAllText(file);
                Assert.Contains("(check-sat)", text);
                Assert.Contains("QF_NRA", text);
            }
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void LeakyExampleNamesTheReducedKktPointOfEveryRankOnePoint()
    {
        var (code, stdout, stderr) = CliRunner.Run("kkt", CliRunner.Example("leaky-deep.json"), "--json", "--seed", "3");
        Assert.True(code is 0 or 3, stderr);
        var points = JsonDocument.Parse(stdout).RootElement.GetProperty("points").EnumerateArray()
            .Where(p => p.GetProperty("certified").GetBoolean() && p.GetProperty("rank_one").GetBoolean() && p.GetProperty("sign_definite").GetBoolean()).ToList();
        Assert.NotEmpty(points);
        foreach (var p in points)
        {
            var text = p.GetProperty("reduced_point").GetString()!;
            Assert.Contains("pattern " + p.GetProperty("reduced_pattern").GetString(), text);
            Assert.True(p.GetProperty("reduced_point_index").GetInt32() >= 1);
        }
    }

    [Fact]
    public void UnwritableCertificateDirectoryIsOneLineExitTwo()
    {
        var file = Path.GetTempFileName();
        try
        {
            var (code, stdout, stderr) = CliRunner.Run("kkt", CliRunner.Example("polynomial-deep.json"), "--certificates", Path.Combine(file, "sub"));
            Assert.Equal(2, code);
            Assert.Contains("--certificates", stderr);
            Assert.DoesNotContain("   at ", stderr);
        }
        finally { File.Delete(file); }
    }
}
