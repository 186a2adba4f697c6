using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>C8: the NCF reference direction u* (how it was certified), T_ε, and the training flows over the δ ladder.
/// Filled as the check goes; what a check that stops early never reached stays null and is not written.</summary>
public sealed record C8Evidence : ClaimEvidence
{
    public required int Seed { get; init; }
    public required double Epsilon { get; init; }
    public required string NcfOutcome { get; init; }
    public double? NcfDirectionResidual { get; set; }
    public double? NcfToLimitCosineGap { get; set; }
    public bool? UStarCertified { get; set; }
    public string? UStarValue { get; set; }
    public double? NcfBlowupTime { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("T_epsilon")] public double? TEpsilon { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("norm_bound_C")] public double? NormBoundC { get; set; }
    public IReadOnlyList<double>? Deltas { get; set; }
    /// <summary>cos(w(T_ε/δ^(Λ−2)), u*) per δ (a flow that blows up or rests).</summary>
    public IReadOnlyList<double>? Cosines { get; set; }
    /// <summary>‖w‖/δ per δ (a collapsing flow).</summary>
    public IReadOnlyList<double>? NormOverDelta { get; set; }
    public double? DeltaBar { get; set; }
    /// <summary>C_ε = ‖u(T_ε)‖ when the flows are compared at equal norm (the direction settles within 1e-14·τ* of the
    /// blow-up); null when compared at equal time.</summary>
    public double? MatchedNorm { get; set; }
    /// <summary>t_δ·δ^(Λ−2) per δ, when compared at equal norm.</summary>
    public IReadOnlyList<double>? RescaledTimes { get; set; }
}
