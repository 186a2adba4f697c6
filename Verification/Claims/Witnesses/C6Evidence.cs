using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>C6: the cells of b, the necessity and sufficiency queries and the constants of the value law. Filled as the
/// check goes; what a check that stops early never reached stays null and is not written.</summary>
public sealed record C6Evidence : ClaimEvidence
{
    public required int Cells { get; init; }
    public required int CellQueries { get; init; }
    /// <summary>Closed cells decided by the structural route (docs/theory.md#c6-structure), without a necessity or
    /// sufficiency query.</summary>
    public int? StructureCells { get; set; }
    public bool? NecessityProved { get; set; }
    public int? SupportChoices { get; set; }
    public int? SufficiencyProved { get; set; }
    public string? ConstantSquared { get; set; }
    public string? SupportExponents { get; set; }
    public Checker.Verification.RankOne.PolynomialQueryLog? Queries { get; set; }
}
