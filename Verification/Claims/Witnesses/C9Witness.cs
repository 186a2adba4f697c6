using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>The escaping start whose training escape times do not approach the NCF escape time.</summary>
public sealed record C9Witness(int Seed, IReadOnlyList<double> Start) : ClaimWitness;
