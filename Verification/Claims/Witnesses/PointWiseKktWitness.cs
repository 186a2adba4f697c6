using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>C2 or C3 fails at a given KKT point: λ ≠ ΛN (<see cref="Lambda"/>), or ‖W_l‖² ≠ p^(L−l)/Λ (<see cref="Layer"/>).</summary>
public sealed record PointWiseKktWitness : ClaimWitness
{
    public required string Point { get; init; }
    public string? Lambda { get; init; }
    public string? LambdaN { get; init; }
    public int? Layer { get; init; }
    public string? NormSquared { get; init; }
    public string? Expected { get; init; }
}
