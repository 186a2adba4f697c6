using System.Text.Json;

namespace Checker.Cli.Tests;

/// <summary>End-to-end `checker check C6`: JSON verdict and evidence, certificates that a stock z3 re-runs to the same
/// answer, exit codes (0 holds / not applicable, 3 inconclusive with the reason), never "holds" on a starved budget.</summary>
public class C6CheckCommandTests
{
    private const string Axis = """
        { "name": "axis", "inputs": [["1", "0"], ["0", "1"]], "labels": ["1", "-1"],
          "network": { "widths": [2, 2, 1], "activation": "polyrelu:2" } }
        """;

    [Fact]
    public void CheckC6HoldsWithCertificatesThatZ3Reproduces()
    {
        using var tmp = new TempFiles();
        var path = tmp.Write("axis.json", Axis);
        var certs = Path.Combine(tmp.Directory, "certs");
        var (code, stdout, stderr) = CliRunner.Run("check", "C6", path, "--json", "--timeout", "30", "--certificates", certs);
        Assert.True(code == 0, stderr + stdout);
        var doc = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("C6", doc.GetProperty("id").GetString());
        Assert.Equal("holds", doc.GetProperty("verdict").GetString());
        var ev = doc.GetProperty("evidence");
        Assert.True(ev.GetProperty("necessity_proved").GetBoolean());
        Assert.Equal(ev.GetProperty("support_choices").GetInt32(), ev.GetProperty("sufficiency_proved").GetInt32());
        Assert.Equal("4/27", ev.GetProperty("constant_squared").GetString()); // p = 2, L = 2: (2/3)²(1/3)
        var files = Directory.GetFiles(certs, "*.smt2");
        Assert.NotEmpty(files);
        // Re-run the necessity and sufficiency certificates (not the cell feasibility ones) with a stock z3: each says unsat.
        foreach (var f in files.Where(f => f.Contains("necessity") || f.Contains("sufficiency")).Take(6))
        {
            var psi = new System.Diagnostics.ProcessStartInfo("z3", [f]) { RedirectStandardOutput = true };
            using var p = System.Diagnostics.Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(60_000));
            Assert.StartsWith("unsat", output.TrimStart());
        }
    }

    [Fact]
    public void CheckC6IsNotApplicableForReluAndInconclusiveOnAStarvedBudget()
    {
        using var tmp = new TempFiles();
        var relu = tmp.Write("relu.json", Axis.Replace("polyrelu:2", "relu"));
        var (code, stdout, _) = CliRunner.Run("check", "C6", relu, "--json");
        Assert.Equal(0, code);
        var doc = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("not-applicable", doc.GetProperty("verdict").GetString());
        Assert.Contains("p ≥ 2", doc.GetProperty("detail").GetString());

        var deep = tmp.Write("deep.json", """
            { "name": "deep", "inputs": [["1", "0"], ["0", "1"], ["1", "2"]], "labels": ["1", "-1", "1"],
              "network": { "widths": [2, 2, 2, 1], "activation": "polyleaky:2,1/2" } }
            """);
        var starved = CliRunner.Run("check", "C6", deep, "--json", "--timeout", "0.5");
        Assert.Equal(3, starved.Code);
        var s = JsonDocument.Parse(starved.Stdout).RootElement;
        Assert.Equal("inconclusive", s.GetProperty("verdict").GetString());
        Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("detail").GetString()));
    }
}
