using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>K1: the full-network KKT search (starts, points found, certified positive ones).</summary>
public sealed record K1Evidence : ClaimEvidence
{
    public required int Starts { get; init; }
    public required int Points { get; init; }
    public required int CertifiedPositive { get; init; }
    public required int Uncertified { get; init; }
    public required bool TimedOut { get; init; }
}
