using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>C2/C3 at a given point (`--at`): its norms, N, ΛN, and λ = uᵀ∇N once the point is known to be a KKT point.</summary>
public sealed record PointWiseKktEvidence : ClaimEvidence
{
    public required string Point { get; init; }
    public required string NormSquared { get; init; }
    public required string Ncf { get; init; }
    public required string LambdaN { get; init; }
    public required IReadOnlyList<string> LayerNormsSquared { get; init; }
    public required int Kinks { get; init; }
    public string? Lambda { get; set; }
}
