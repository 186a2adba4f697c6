using System.Text.Json;
using System.Text.Json.Nodes;

namespace Checker.Cli.Tests;

/// <summary>
/// Issue 13: `--jobs N` runs the independent cases of C4's converse and C5 in parallel, and the verdicts do not depend
/// on N. The same claims run with `--jobs 1` and `--jobs 2`; verdict, detail and evidence must agree field by field
/// (measured seconds aside). Instances: Leaky ReLU at Λ = 2 with width 3 (five factor cases), a ReLU net of depth 3,
/// and a Leaky ReLU instance whose C5 split finds a violating point at an essential kink (a sat leaf, so the "lowest
/// stopping case wins" rule is exercised, not only "every case unsat").
/// </summary>
public class JobsTests : IClassFixture<TempFiles>
{
    private readonly TempFiles _files;
    public JobsTests(TempFiles files) => _files = files;

    public static TheoryData<string, string> Instances => new()
    {
        { "lambda-two", File.ReadAllText(CliRunner.Example("lambda-two.json")) },
        { "relu-deep", """{"name":"relu-deep","inputs":[["1","0"],["2","-1"],["-1","3"]],"labels":["1","0","-1"],"network":{"widths":[2,2,2,1],"activation":"relu"}}""" },
        { "kink", """{"name":"kink","inputs":[["-2","2"],["-3","1"],["-2","4"],["-1","0"]],"labels":["2","-2","-1","2"],"network":{"widths":[2,2,1],"activation":"leaky:1/10"}}""" },
    };

    [Theory]
    [MemberData(nameof(Instances))]
    public void Verdicts_and_evidence_do_not_depend_on_the_number_of_jobs(string name, string json)
    {
        var instance = _files.Write(name + ".json", json);
        // A budget generous enough that neither run meets it: the comparison is about the split, not about the clock.
        JsonNode Run(int jobs)
        {
            var (code, stdout, stderr) = CliRunner.Run("verify", instance, "--claims", "C4,C5", "--timeout", "120", "--jobs", jobs.ToString(), "--json");
            Assert.True(code is 0 or 1 or 3, stderr);
            return JsonNode.Parse(stdout)!;
        }
        var one = Run(1);
        var two = Run(2);
        var claimsOne = one["claims"]!.AsArray();
        var claimsTwo = two["claims"]!.AsArray();
        Assert.Equal(claimsOne.Count, claimsTwo.Count);
        for (int k = 0; k < claimsOne.Count; k++)
        {
            var a = Comparable(claimsOne[k]!);
            var b = Comparable(claimsTwo[k]!);
            Assert.True(a == b, $"{name}, claim {k}: --jobs 1 gives\n{a}\n--jobs 2 gives\n{b}");
        }
        // Not vacuous: at least one claim ran its split (C4's converse or C5 has a verdict of its own).
        Assert.Contains(claimsOne, c => c!["verdict"]!.GetValue<string>() is "holds" or "counterexample" || c["id"]!.GetValue<string>() == "C5" && c["evidence"] is not null);
    }

    /// <summary>
    /// The claim without what the clock decides: measured seconds, and how many queries the split took. A case gets a
    /// short wall-clock limit before it is split further, so on a loaded machine one run may split a case the other
    /// decided whole (in either run, whatever the jobs); the cases, the verdict, the witness and the rest stay fixed.
    /// </summary>
    private static string Comparable(JsonNode claim)
    {
        var copy = JsonNode.Parse(claim.ToJsonString())!;
        Strip(copy);
        return copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(kv => kv.Key).ToList())
                    if (key is "seconds" or "elapsed_seconds" or "elapsed" or "time_seconds" or "queries" or "cases_unsat") o.Remove(key);
                    else if (key == "detail" && o[key] is JsonValue v && v.TryGetValue<string>(out var text))
                        o[key] = System.Text.RegularExpressions.Regex.Replace(
                            System.Text.RegularExpressions.Regex.Replace(text, @"\d+ queries, \d+ case\(s\) unsat;", "… queries, … case(s) unsat;"),
                            @"\b\d+(\.\d+)? s\)", "… s)"); // the solver summary ends with its wall time, after Lemma 6's count since that landed
                    else Strip(o[key]);
                break;
            case JsonArray a:
                foreach (var x in a) Strip(x);
                break;
        }
    }
}
