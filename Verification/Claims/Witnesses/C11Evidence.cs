using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>C11: the seeded Filippov NCF flows and what each limit matched (docs/cli.md#evidence).</summary>
public sealed record C11Evidence : ClaimEvidence
{
    public required int Seed { get; init; }
    public required double Epsilon { get; init; }
    public required int Starts { get; init; }
    public required int Collapsed { get; init; }
    public required int Matched { get; init; }
    public required int Findings { get; init; }
    public required IReadOnlyList<C11Run> Runs { get; init; }
}

/// <summary>One start: the flow's outcome, sliding, and the certified point its limit matched (cosine, N, route), or
/// for a finding the final direction and why no certified point matched it.</summary>
public sealed record C11Run(
    int Seed,
    string Outcome,
    int SlidingSegments,
    double? Cosine,
    string? Value,
    string? CertifiedBy,
    string? Problem)
{
    public IReadOnlyList<double>? FinalDirection { get; init; }
    public IReadOnlyList<List<List<string>>>? Point { get; init; }
    /// <summary>For a point certified by an interval proof (algebraic, no exact rational form): what was proved.</summary>
    public string? Proof { get; init; }
}
