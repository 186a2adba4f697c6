using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>C10: the worst conservation drift over the NCF and training runs. A check stopped by the time limit has only <see cref="Runs"/>.</summary>
public sealed record C10Evidence : ClaimEvidence
{
    public double? WorstRelativeDrift { get; init; }
    public string? Tolerance { get; init; }
    public required IReadOnlyList<C10Run> Runs { get; init; }
}

/// <summary>One run; <see cref="Seed"/> is the seed (a number) or the text "given start" for a point-wise check.</summary>
public sealed record C10Run(object Seed, string Flow, string Outcome, double FinalTime, double FinalNorm, double MaxRelativeDrift, long Steps);
