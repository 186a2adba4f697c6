using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>C4: the reduced survey (sign vectors, points, lifts) and whether the converse was proved by SMT.</summary>
public sealed record C4Evidence : ClaimEvidence
{
    public required int SignVectors { get; init; }
    public required int ReducedPoints { get; init; }
    public required int PositivePoints { get; init; }
    public required int ForwardLifts { get; init; }
    public required int ConverseLifts { get; init; }
    public required int Continua { get; init; }
    public required bool ConverseProved { get; init; }
}
