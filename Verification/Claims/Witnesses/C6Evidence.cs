using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>C6: the cells of b, the necessity and sufficiency queries and the constants of the value law. Filled as the
/// check goes; what a check that stops early never reached stays null and is not written.</summary>
public sealed record C6Evidence : ClaimEvidence
{
    public required int Cells { get; init; }
    public required int CellQueries { get; init; }
    public bool? NecessityProved { get; set; }
    public int? SupportChoices { get; set; }
    public int? SufficiencyProved { get; set; }
    public string? ConstantSquared { get; set; }
    public string? SupportExponents { get; set; }
    public Checker.Verification.RankOne.PolynomialQueryLog? Queries { get; set; }
}
