using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>A rational point (and the Clarke slopes chosen at its kinks) where an Euler identity of C1 fails.</summary>
public sealed record C1PointWitness(IReadOnlyList<string> Weights, IReadOnlyList<string> ClarkeSlopes) : ClaimWitness;
