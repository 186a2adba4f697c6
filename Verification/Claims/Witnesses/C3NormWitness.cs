using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>A KKT point where ‖W_l‖² (at the normalised point) differs from p^(L−l)/Λ.</summary>
public sealed record C3NormWitness(string Where, int Layer, string NormSquared, string Expected) : ClaimWitness;
