using System.Text.Json.Serialization;

namespace Checker.Verification.Contracts;

/// <summary>
/// The named facts behind a claim's verdict that a reader or script may want (counts, tolerances, measured errors):
/// the `evidence` object of docs/cli.md#check, one record type per claim (Verification/Claims/Witnesses), so a test
/// or a caller reads a field by its name and type instead of by a string key. Fields left null are not written.
/// </summary>
[JsonConverter(typeof(RuntimeTypeJsonConverter<ClaimEvidence>))]
public abstract record ClaimEvidence
{
    /// <summary>The queries of this run that no solver decided, so they have no certificate file
    /// (docs/cli.md#certificates); set by the claim runner, written last.</summary>
    [JsonPropertyOrder(1000)]
    public IReadOnlyList<Solvers.UndecidedQueries.Entry>? UndecidedQueries { get; init; }
}

/// <summary>The evidence of a run whose checker reported none of its own, when the runner has a run-wide fact to add.</summary>
public sealed record RunEvidence : ClaimEvidence;
