using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>A rank-one KKT point with N &gt; 0 (unnormalised) that violates alignment or sign-definiteness.</summary>
public sealed record C5Witness(
    string Note,
    IReadOnlyDictionary<string, string> Factors,
    IReadOnlyList<string> Weights,
    string Ncf,
    IReadOnlyDictionary<string, string> ClarkeSlopes) : ClaimWitness;
