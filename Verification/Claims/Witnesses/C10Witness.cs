using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>A run whose conservation drift is far beyond integration error.</summary>
public sealed record C10Witness(int Seed, string Flow, IReadOnlyList<double> Start, double Drift) : ClaimWitness;
