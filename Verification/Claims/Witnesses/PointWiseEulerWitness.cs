using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>C1 fails at a given point: uᵀ∇N ≠ ΛN (<see cref="UDotGradient"/>) or a per-layer sum (<see cref="Layer"/>,
/// <see cref="InnerProduct"/>) differs from p^(L−l)N, with the lower or upper Clarke slopes.</summary>
public sealed record PointWiseEulerWitness : ClaimWitness
{
    public required string Point { get; init; }
    public string? UDotGradient { get; init; }
    public string? LambdaN { get; init; }
    public int? Layer { get; init; }
    public string? InnerProduct { get; init; }
    public string? Expected { get; init; }
    public required string Slopes { get; init; }
}
