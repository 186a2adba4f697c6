using Checker.Verification.Contracts;

namespace Checker.Verification.RankOne;

/// <summary>A rank-one KKT point with N &gt; 0 (re-checked in rationals) whose b is not a positive reduced KKT point: the
/// converse of C4 fails there.</summary>
public sealed record RankOneConverseWitness(
    IReadOnlyList<int> Signs,
    IReadOnlyList<string> B,
    IReadOnlyList<string> Weights,
    IReadOnlyDictionary<string, string> ClarkeSlopes) : ClaimWitness;
