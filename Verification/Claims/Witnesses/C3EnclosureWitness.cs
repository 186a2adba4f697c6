using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>A Krawczyk-certified KKT point whose outward-rounded ‖W_l‖² interval excludes p^(L−l)/Λ.</summary>
public sealed record C3EnclosureWitness(string Where, int Layer, string Enclosure, string Expected) : ClaimWitness;
