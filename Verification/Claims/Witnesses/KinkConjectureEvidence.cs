using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>K3/K4: how many rank-one candidates with b on a kink were tried.</summary>
public sealed record KinkConjectureEvidence(int Candidates) : ClaimEvidence;
