using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>C1 checked exactly at seeded random points (and points on kinks) when the symbolic proof cannot run or finish.</summary>
public sealed record C1RandomPointEvidence : ClaimEvidence
{
    public string Method => "random-points";
    public required int Seed { get; init; }
    public required int RandomPoints { get; init; }
    public required int KinkPoints { get; init; }
    public required int ClarkeChoicesChecked { get; init; }
    public required int DistinctPatterns { get; init; }
    public string Tolerance => "0 (exact)";
    public required string WhyNotSymbolic { get; init; }
}
