using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>A rank-one Clarke KKT point at an essential kink (K3/K4): the point, its exact value and multipliers, the
/// adjacent patterns with the arcs that prove adjacency, and the convex weights that prove hull membership.</summary>
public sealed record KinkConjectureWitness(
    IReadOnlyList<int> Signs,
    IReadOnlyList<string> B,
    IReadOnlyList<IReadOnlyList<string>> Factors,
    List<List<List<string>>> Weights,
    string Value,
    string ValueNormalised,
    IReadOnlyList<string> Multipliers,
    IReadOnlyList<KinkPosition> Kinks,
    IReadOnlyList<AdjacentPatternWitness> AdjacentPatterns,
    IReadOnlyList<ConvexWeightWitness> ConvexWeights,
    string Violation) : ClaimWitness
{
    public string Note => "arc terms: ε^order·value added to flat weight index (layers stacked row by row, docs/cli.md#weight-files)";
}

/// <summary>An essential kink, 1-based (layer, neuron, sample).</summary>
public sealed record KinkPosition(int Layer, int Neuron, int Sample);

/// <summary>An activation pattern next to the kink: adjacent (with the arc that reaches it) or not (with the reason).</summary>
public sealed record AdjacentPatternWitness(string Signs, string Status, IReadOnlyList<ArcTermWitness>? Arc, string? Reason);

/// <summary>One term ε^order·value of an arc, added to the flat weight index.</summary>
public sealed record ArcTermWitness(int Order, int Index, string Value);

/// <summary>The weight of an adjacent pattern's gradient in the convex combination that equals λu.</summary>
public sealed record ConvexWeightWitness(string Signs, string Weight);
