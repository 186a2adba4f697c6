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
    /// <summary>`two-layer-exact` (docs/theory.md#k1-on-two-layer-nets), `ascent` (sampled starts) or `shape`.</summary>
    public string? Method { get; init; }
    /// <summary>two-layer-exact: positive reduced KKT points of ±F found (a complete list).</summary>
    public int? ReducedPositivePoints { get; init; }
    /// <summary>two-layer-exact: pairs of equal-value non-parallel reduced points lifted and decided.</summary>
    public int? PairsDecided { get; init; }
    /// <summary>ascent on a two-layer net: why the exact decision did not finish.</summary>
    public string? WhyNotExact { get; init; }
}
