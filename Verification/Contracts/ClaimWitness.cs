using System.Text.Json.Serialization;

namespace Checker.Verification.Contracts;

/// <summary>
/// What a claim's check points at when it reports a counterexample (or a finding short of one): the point, the case,
/// the values that violate the claim. Each claim has its own record types deriving from this one
/// (Verification/Claims/Witnesses); JSON writes a witness as its concrete record, the `witness` object of
/// docs/cli.md#check, with the same snake_case field names the CLI uses everywhere.
/// </summary>
[JsonConverter(typeof(RuntimeTypeJsonConverter<ClaimWitness>))]
public abstract record ClaimWitness;
