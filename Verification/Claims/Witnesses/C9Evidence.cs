using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>C9: the escaping NCF start, the training flows over the δ ladder and the fitted log–log slope.</summary>
public sealed record C9Evidence : ClaimEvidence
{
    public required int Seed { get; init; }
    public required double NcfEscapeTime { get; init; }
    public required double EscapeFactor { get; init; }
    public required IReadOnlyList<C9LadderRow> Ladder { get; init; }
    public required string Tolerance { get; init; }
    /// <summary>The NCF escape time from the same w₀ integrated a second way — the rescaled training system with
    /// δ^Λ ≤ 1e-30, below double resolution of the field — and its relative distance to <see cref="NcfEscapeTime"/>:
    /// the numeric noise of an escape-time comparison on this instance, the floor under which the errors along the
    /// ladder are not read as growing.</summary>
    public double? NcfEscapeTimeRescaled { get; set; }
    public double? NumericNoise { get; set; }
    public double? FittedSlope { get; set; }
    public double? ExpectedSlope { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("relative_error_at_0.01")] public double? RelativeErrorAt001 { get; set; }
}

/// <summary>One training flow of the ladder; the escape fields are null (not written) when it did not escape.</summary>
public sealed record C9LadderRow
{
    public required double Delta { get; init; }
    public required string Outcome { get; init; }
    public double? EscapeTime { get; set; }
    public double? RescaledEscapeTime { get; set; }
    public double? RelativeErrorVsNcf { get; set; }
}
