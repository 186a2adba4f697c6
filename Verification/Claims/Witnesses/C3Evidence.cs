using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>C3: the general proof and the concrete KKT points (rank-one lifts, certified or Krawczyk-enclosed full-network points).</summary>
public sealed record C3Evidence : ClaimEvidence
{
    public required bool GeneralProof { get; init; }
    public required int PatternPieces { get; init; }
    public required int RankOnePoints { get; init; }
    public required int FullNetworkPoints { get; init; }
    public required int FullNetworkEnclosures { get; init; }
    public required int Seed { get; init; }
}
