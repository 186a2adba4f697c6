using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>C2: the general proof (Euler per pattern piece) and the concrete exact KKT points checked.</summary>
public sealed record C2Evidence : ClaimEvidence
{
    public required bool GeneralProof { get; init; }
    public required int PatternPieces { get; init; }
    public required string Scope { get; init; }
    public required int KktPointsChecked { get; init; }
}
