using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>A blow-up that contradicts C7: a non-positive limit value (<see cref="Start"/> given), or a restart on the
/// limit ray whose blow-up time misses 1/(Λ(Λ−2)N) (<see cref="BlowupTime"/> and <see cref="Formula"/> given).</summary>
public sealed record C7Witness : ClaimWitness
{
    public required int Seed { get; init; }
    public IReadOnlyList<double>? Start { get; init; }
    public required IReadOnlyList<double> LimitDirection { get; init; }
    public required double LimitNcf { get; init; }
    public double? BlowupTime { get; init; }
    public double? Formula { get; init; }
}
