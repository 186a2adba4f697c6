using Checker.Verification.Contracts;

namespace Checker.Verification.Euler;

/// <summary>A pattern piece y_i·H_s(x_i) where an Euler identity is not the zero polynomial: per layer (<see cref="Layer"/>
/// given) or uᵀ∇N − ΛN (no layer); <see cref="Difference"/> is the non-zero polynomial.</summary>
public sealed record EulerPieceFailure : ClaimWitness
{
    public required int Sample { get; init; }
    public required string Pattern { get; init; }
    public int? Layer { get; init; }
    public required string Difference { get; init; }
}
