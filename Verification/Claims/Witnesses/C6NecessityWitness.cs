using System.Text.Json.Serialization;
using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>A non-negative rank-one KKT point with N &gt; 0 in a cell of b that violates one of the necessary conditions of C6.</summary>
public sealed record C6NecessityWitness(
    string Cell,
    string USupports,
    string Note,
    IReadOnlyDictionary<string, string> Factors,
    IReadOnlyList<string> Weights,
    string NcfSquaredNormalised,
    IReadOnlyList<string> Violated) : ClaimWitness
{
    [JsonPropertyOrder(-1)] public string Part => "necessity";
}
