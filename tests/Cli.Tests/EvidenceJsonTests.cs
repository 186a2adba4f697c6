using System.Text.RegularExpressions;
using System.Text.Json;
using Checker.Cli.Rendering;
using Checker.Verification.Claims.Witnesses;
using Checker.Verification.Contracts;

namespace Checker.Cli.Tests;

/// <summary>
/// The typed witness and evidence records write the JSON field names of docs/cli.md (the golden verify tests cover the
/// records those runs produce; these cover the spellings the snake_case policy cannot derive, the fields a record
/// leaves null, and a witness held through its abstract base type, as ClaimResult holds it).
/// </summary>
public class EvidenceJsonTests
{
    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value, value.GetType(), JsonOutput.Options);

    [Fact]
    public void Names_outside_the_snake_case_rule_are_spelled_as_documented()
    {
        var c8 = Json(new C8Evidence { Seed = 1, Epsilon = 0.1, NcfOutcome = "BlowUp", TEpsilon = 2, NormBoundC = 3, NormOverDelta = [0.5] });
        Assert.Equal(["seed", "epsilon", "ncf_outcome", "T_epsilon", "norm_bound_C", "norm_over_delta"], c8.EnumerateObject().Select(p => p.Name));
        var c9 = Json(new C9Evidence { Seed = 1, NcfEscapeTime = 1, EscapeFactor = 4, Ladder = [], Tolerance = "t", RelativeErrorAt001 = 1e-5 });
        Assert.Equal(1e-5, c9.GetProperty("relative_error_at_0.01").GetDouble());
        var branches = Json(new C7Branches { RestPoint = 2 });
        Assert.Equal(2, branches.GetProperty("rest-point").GetInt32());
    }

    [Fact]
    public void Undecided_queries_are_written_last_with_the_documented_names_on_any_evidence()
    {
        var entry = new Checker.Verification.Solvers.UndecidedQueries.Entry("c5-case-3", "z3", "timeout");
        ClaimEvidence own = new C10Evidence { Runs = [], UndecidedQueries = [entry] };
        Assert.Equal(["runs", "undecided_queries"], Json(new { own }).GetProperty("own").EnumerateObject().Select(p => p.Name));
        ClaimEvidence bare = new RunEvidence { UndecidedQueries = [entry] };
        var listed = Json(new { bare }).GetProperty("bare").GetProperty("undecided_queries")[0];
        Assert.Equal(["query", "solver", "reason"], listed.EnumerateObject().Select(p => p.Name));
        Assert.Equal("timeout", listed.GetProperty("reason").GetString());
    }

    [Fact]
    public void A_witness_held_as_its_base_type_writes_its_own_fields_first_field_first()
    {
        ClaimWitness witness = new C6SufficiencyWitness([1, 2], ["1/2"], false, "1", "2", ["0"]);
        var json = Json(new { witness });
        Assert.Equal(["part", "support_sizes", "b", "kkt", "ncf_squared", "law_squared", "weights_unnormalised"],
            json.GetProperty("witness").EnumerateObject().Select(p => p.Name));
        Assert.Equal("sufficiency", json.GetProperty("witness").GetProperty("part").GetString());
        ClaimEvidence evidence = new C10Evidence { Runs = [] };
        Assert.Equal(["runs"], Json(new { evidence }).GetProperty("evidence").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void The_text_table_shows_the_json_fields_and_spellings()
    {
        var rows = ClaimRendering.EvidenceRows(new C4Evidence
        {
            SignVectors = 2, ReducedPoints = 3, PositivePoints = 1, ForwardLifts = 3, ConverseLifts = 4, Continua = 0, ConverseProved = false,
        }).ToList();
        Assert.Equal(("sign_vectors", "2"), rows[0]);
        Assert.Equal(("converse_proved", "false"), rows[^1]);
        Assert.Equal("[0.5,1]", ClaimRendering.Value(new[] { 0.5, 1.0 }));
    }
}

/// <summary>
/// docs/cli.md#evidence is the contract for the `evidence` object: every JSON field that any claim's evidence record can
/// write (its own fields and those of the records it nests, as JsonOutput names them) is documented there, in the claim's
/// own table when the record belongs to one claim. The records are found from the program, not listed here, so a field
/// added to a record without its documentation fails this test.
/// </summary>
public class EvidenceDocumentationTests
{
    private static readonly string CliDoc = File.ReadAllText(Path.Combine(CliRunner.RepoRoot, "docs", "cli.md"));
    private static readonly JsonSerializerOptions Options = new(JsonOutput.Options) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

    private static string Between(string text, string start, string end)
    {
        int i = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(i >= 0, $"docs/cli.md has no '{start.Trim()}'");
        int j = text.IndexOf(end, i + start.Length, StringComparison.Ordinal);
        return j < 0 ? text[i..] : text[i..j];
    }

    public static TheoryData<string> EvidenceTypes()
    {
        var data = new TheoryData<string>();
        foreach (var t in typeof(ClaimEvidence).Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(ClaimEvidence))).OrderBy(t => t.FullName))
            data.Add(t.FullName!);
        return data;
    }

    /// <summary>The JSON names of a record's fields and of every record it holds (directly, in a list or as a nullable).</summary>
    private static SortedSet<string> JsonNames(Type type, HashSet<Type>? seen = null)
    {
        seen ??= [];
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (!seen.Add(type)) return names;
        foreach (var p in Options.GetTypeInfo(type).Properties)
        {
            names.Add(p.Name);
            foreach (var nested in Held(p.PropertyType)) names.UnionWith(JsonNames(nested, seen));
        }
        return names;
    }

    private static IEnumerable<Type> Held(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        if (t.IsArray) return Held(t.GetElementType()!);
        if (t != typeof(string) && t.GetInterfaces().Append(t).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) is { } sequence)
            return Held(sequence.GetGenericArguments()[0]);
        return t.Namespace?.StartsWith("Checker.", StringComparison.Ordinal) == true && !t.IsEnum ? [t] : [];
    }

    [Theory]
    [MemberData(nameof(EvidenceTypes))]
    public void Every_evidence_field_is_documented(string typeName)
    {
        var type = typeof(ClaimEvidence).Assembly.GetType(typeName)!;
        var names = JsonNames(type);
        var section = Between(CliDoc, "#### Evidence\n", "\n### ");
        // The fields every evidence has (undecided_queries and its entries) are documented once, before the tables.
        var common = JsonNames(typeof(RunEvidence));
        Assert.Contains("undecided_queries", common);
        var general = Between(section, "#### Evidence\n", "\n#####");
        var missing = common.Where(n => !general.Contains($"`{n}`", StringComparison.Ordinal)).ToList();
        // A record of one claim (C8Evidence, K1Evidence, …) is documented in that claim's table; the others anywhere in the section.
        var claim = Regex.Match(type.Name, @"^(C\d+|K\d+)(?=[A-Z])");
        if (claim.Success) section = Between(section, $"\n##### {claim.Value}\n", "\n#####");
        missing.AddRange(names.Except(common).Where(n => !section.Contains($"`{n}`", StringComparison.Ordinal)));
        Assert.True(type == typeof(RunEvidence) || names.Count > common.Count, $"{type.Name} writes no field of its own");
        Assert.True(missing.Count == 0, $"{type.Name}: not in docs/cli.md#evidence{(claim.Success ? " under ##### " + claim.Value : "")}: {string.Join(", ", missing)}");
    }
}
