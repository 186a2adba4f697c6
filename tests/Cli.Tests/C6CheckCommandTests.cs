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
        // Re-run the structural certificates (one per closed cell; docs/theory.md#c6-structure) and any necessity or
        // sufficiency query (not the cell feasibility ones) with a stock z3: each says unsat.
        var proofs = files.Where(f => f.Contains("structure") || f.Contains("necessity") || f.Contains("sufficiency")).ToList();
        Assert.NotEmpty(proofs);
        foreach (var f in proofs.Take(6))
        {
            var psi = new System.Diagnostics.ProcessStartInfo("z3", [f]) { RedirectStandardOutput = true };
            using var p = System.Diagnostics.Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(60_000));
            Assert.StartsWith("unsat", output.TrimStart());
        }
    }

    /// <summary>
    /// Depth 3 (the README's example, where the QF_NRA queries used to time out): C6 holds by the structural route, every
    /// certificate replays with a stock z3 to its expected answer, and the structural files are not vacuous — doubling the
    /// factor K in (F1) makes z3 find a violation in every cell where some sample is on σ's non-zero branch.
    /// </summary>
    [Fact]
    public void CheckC6DecidesTheDeepExampleWithReplayableStructureCertificates()
    {
        using var tmp = new TempFiles();
        var certs = Path.Combine(tmp.Directory, "certs");
        var (code, stdout, stderr) = CliRunner.Run("check", "C6", CliRunner.Example("polynomial-deep.json"), "--json", "--certificates", certs);
        Assert.True(code == 0, stderr + stdout);
        var doc = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("holds", doc.GetProperty("verdict").GetString());
        var ev = doc.GetProperty("evidence");
        Assert.Equal(ev.GetProperty("cells").GetInt32(), ev.GetProperty("structure_cells").GetInt32());
        var files = doc.GetProperty("certificates").EnumerateArray().Select(x => x.GetString()!).ToList();
        var structure = files.Where(f => Path.GetFileName(f).StartsWith("C6-structure-")).ToList();
        Assert.Equal(ev.GetProperty("cells").GetInt32(), structure.Count);
        foreach (var f in files)
        {
            var expected = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(f), @"^; expected: (\w+)", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value;
            Assert.Equal(expected, Z3(f));
        }
        int mutated = 0;
        foreach (var f in structure.Where(f => Path.GetFileNameWithoutExtension(f).Split('-')[^1].Contains('p')))
        {
            var text = File.ReadAllText(f);
            Assert.Contains("(define-fun s_K () Real (* ", text);
            var wrong = f.Replace(".smt2", "-wrong.smt2");
            File.WriteAllText(wrong, text.Replace("(define-fun s_K () Real (* ", "(define-fun s_K () Real (* 2.0 "));
            Assert.Equal("sat", Z3(wrong));
            mutated++;
        }
        Assert.True(mutated > 0);
    }

    private static string Z3(string file)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("z3", ["-T:30", file]) { RedirectStandardOutput = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(60_000));
        return output.Split('\n')[0].Trim();
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
        // The structural route decides this instance in about a second, so the budget must be one nothing fits in.
        var starved = CliRunner.Run("check", "C6", deep, "--json", "--timeout", "0.01");
        Assert.Equal(3, starved.Code);
        var s = JsonDocument.Parse(starved.Stdout).RootElement;
        Assert.Equal("inconclusive", s.GetProperty("verdict").GetString());
        Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("detail").GetString()));
    }
}
