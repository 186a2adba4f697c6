using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>C5: the exact case split (solver, status, cases, queries) and, for a witness on a kink, the same question off the kinks.</summary>
public sealed record C5Evidence : ClaimEvidence
{
    public required string Solver { get; init; }
    public required double Seconds { get; init; }
    public required string Status { get; init; }
    public required int FactorCases { get; init; }
    public required int Queries { get; init; }
    public required int CasesUnsat { get; init; }
    /// <summary>sat/unsat/unknown of the off-kink query, asked only when the witness lies on a kink.</summary>
    public string? OffKinks { get; set; }
}
