using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>A positive KKT point, certified exactly, that is not rank-one in every layer.</summary>
public sealed record K1Witness(
    IReadOnlyList<List<List<string>>> Weights,
    IReadOnlyList<string> LayerScalesSquared,
    string Value,
    string ValueSquared,
    IReadOnlyList<int> LayerRanks) : ClaimWitness
{
    /// <summary>The essential kinks of the point (layer, neuron, sample; 1-based) when the Clarke engine decided it.</summary>
    public IReadOnlyList<KinkPosition>? Kinks { get; init; }
    /// <summary>Convex weights on adjacent patterns that put λu in ∂N(u), when the Clarke engine decided it.</summary>
    public IReadOnlyList<ConvexWeightWitness>? ConvexWeights { get; init; }
    public string Note => "the KKT point is u = (c_1 W_1, …, c_L W_L)/‖·‖ with c_l² = layer_scales_squared[l]";
}
