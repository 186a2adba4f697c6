using System.Text.Json.Serialization;

namespace Checker.Verification.Contracts;

/// <summary>
/// The named facts behind a claim's verdict that a reader or script may want (counts, tolerances, measured errors):
/// the `evidence` object of docs/cli.md#check, one record type per claim (Verification/Claims/Witnesses), so a test
/// or a caller reads a field by its name and type instead of by a string key. Fields left null are not written.
/// </summary>
[JsonConverter(typeof(RuntimeTypeJsonConverter<ClaimEvidence>))]
public abstract record ClaimEvidence;
