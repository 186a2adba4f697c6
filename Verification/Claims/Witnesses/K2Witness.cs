using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>The seeded start whose NCF flow does not reach the best certified KKT point: it collapses (no reached point), or it
/// reaches a certified point with a smaller value.</summary>
public sealed record K2Witness : ClaimWitness
{
    public required int Seed { get; init; }
    public required IReadOnlyList<double> Start { get; init; }
    public List<List<List<string>>>? ReachedPoint { get; init; }
    public string? ReachedValue { get; init; }
    public required List<List<List<string>>> BetterPoint { get; init; }
    public required string BetterValue { get; init; }
}
