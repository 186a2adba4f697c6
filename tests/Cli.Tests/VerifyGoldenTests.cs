using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Checker.Cli.Tests;

/// <summary>
/// `verify --json` on two fast examples compared with committed output, so that restructuring how claims are run
/// cannot change what a user sees. Only run-dependent values are masked: wall-clock times (fields named
/// <c>elapsed_seconds</c> / <c>seconds</c> and "<number> s" inside texts), the pass in which each SMT query of a
/// staged solve was decided (a loaded machine retries a query in a later pass; each query's final status is kept),
/// and how many queries a case split needed (a case that times out on a loaded machine is split further; the split's
/// status, and so the verdict, is kept).
/// Regenerate after an intended change with <c>CHECKER_UPDATE_GOLDEN=1 dotnet test --filter VerifyGolden</c> and
/// review the diff.
/// </summary>
public partial class VerifyGoldenTests
{
    [Theory]
    [InlineData("xy-zero.json")]
    [InlineData("symmetric-not-rank-one.json")]
    public void VerifyJsonMatchesTheCommittedOutput(string example)
    {
        var (code, stdout, stderr) = CliRunner.Run("verify", CliRunner.Example(example), "--json", "--conjectures", "--timeout", "300", "--solver", "z3");
        var actual = Mask(JsonNode.Parse(stdout)!);
        actual["exit_code_seen"] = code;
        var golden = Path.Combine(CliRunner.RepoRoot, "tests", "Cli.Tests", "Golden", "verify-" + example);
        string text = actual.ToJsonString(Indented);
        if (Environment.GetEnvironmentVariable("CHECKER_UPDATE_GOLDEN") is not null) File.WriteAllText(golden, text + "\n");
        Assert.True(File.Exists(golden), $"no golden file {golden}; run with CHECKER_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(golden).TrimEnd(), text);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex(@"\d+(\.\d+)?(E-?\d+)? s\b")]
    private static partial Regex Seconds();

    [GeneratedRegex(@"\b(\d+) (queries|case\(s\) unsat)\b")]
    private static partial Regex SplitCounts();

    private static JsonNode Mask(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (key is "elapsed_seconds" or "seconds") o[key] = "<time>";
                    else if (key is "queries" or "cases_unsat" && value is JsonValue) o[key] = "<n>";
                    else if (value is JsonArray a && a.Count > 0 && a.All(e => e is JsonObject q && q.ContainsKey("pass") && q.ContainsKey("query")))
                        o[key] = FinalStatusPerQuery(a);
                    else if (value is not null) o[key] = Mask(value.DeepClone());
                }
                return o;
            case JsonArray arr:
                var copy = new JsonArray();
                foreach (var e in arr) copy.Add(e is null ? null : Mask(e.DeepClone()));
                return copy;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return JsonValue.Create(SplitCounts().Replace(Seconds().Replace(v.GetValue<string>(), "<t> s"), "<n> $2"))!;
            default:
                return node.DeepClone();
        }
    }

    /// <summary>A staged solve's query log reduced to what does not depend on the machine's load: each query's last status.</summary>
    private static JsonObject FinalStatusPerQuery(JsonArray log)
    {
        var last = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var q in log.Cast<JsonObject>()) last[q["query"]!.GetValue<string>()] = q["status"]!.GetValue<string>();
        var o = new JsonObject();
        foreach (var (k, s) in last) o[k] = s;
        return o;
    }
}
