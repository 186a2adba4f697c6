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
