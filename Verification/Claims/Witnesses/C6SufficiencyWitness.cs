using System.Text.Json.Serialization;
using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>A positive reduced KKT point b and support sizes whose lift is not a KKT point or breaks the value law.</summary>
public sealed record C6SufficiencyWitness(
    IReadOnlyList<int> SupportSizes,
    IReadOnlyList<string> B,
    bool Kkt,
    string NcfSquared,
    string LawSquared,
    IReadOnlyList<string> WeightsUnnormalised) : ClaimWitness
{
    [JsonPropertyOrder(-1)] public string Part => "sufficiency";
}
