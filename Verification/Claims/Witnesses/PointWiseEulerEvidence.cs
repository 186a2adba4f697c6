using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>C1 at a given point (`--at`): N, Λ, uᵀ∇N, exactly, and how many kinks the point has.</summary>
public sealed record PointWiseEulerEvidence(string Point, string Ncf, string Degree, string UDotGradient, int Kinks) : ClaimEvidence;
