using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>A rank-one lift W_l = a_l b_lᵀ of a reduced point b (sign vector, factor choice) at which C2 or C4 fails;
/// <see cref="Source"/> (C4 only) says where b came from.</summary>
public sealed record RankOneLiftWitness(IReadOnlyList<int> Signs, IReadOnlyList<string> B, string Factors, string? Source = null) : ClaimWitness;
