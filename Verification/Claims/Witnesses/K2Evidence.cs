using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>K2: the NCF flow from the seeded start and the certified KKT points it is compared with.</summary>
public sealed record K2Evidence : ClaimEvidence
{
    public required int Seed { get; init; }
    public required string FlowOutcome { get; init; }
    public required int Starts { get; init; }
    public double? CosineToCertified { get; set; }
    public string? ReachedValue { get; set; }
}
