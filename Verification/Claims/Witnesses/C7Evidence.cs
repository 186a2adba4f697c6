using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>C7: the NCF flows from seeded starts, counted by branch, and the worst errors against τ* = 1/(Λ(Λ−2)N(u*)).</summary>
public sealed record C7Evidence : ClaimEvidence
{
    public required int Starts { get; init; }
    public required int Seed { get; init; }
    public required C7Branches Branches { get; init; }
    public required double WorstFormulaRelativeError { get; init; }
    public required double WorstNormLawErrorRelativeToTauStar { get; init; }
    public required string Tolerance { get; init; }
    public required IReadOnlyList<C7Run> Runs { get; init; }
}

/// <summary>How many of the runs ended in each branch of the trichotomy.</summary>
public sealed record C7Branches
{
    public int Blowup { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("rest-point")] public int RestPoint { get; set; }
    public int Collapse { get; set; }
}

/// <summary>One NCF run: its branch and the numbers measured in that branch (the others stay null and are not written).</summary>
public sealed record C7Run
{
    public required int Seed { get; init; }
    public required string Outcome { get; init; }
    public required long Steps { get; init; }
    public double? BlowupTime { get; set; }
    public double? LimitNcf { get; set; }
    public double? LimitTangentialGradient { get; set; }
    public double? LimitCosine { get; set; }
    public string? Problem { get; set; }
    public double? RestartBlowupTime { get; set; }
    public double? FormulaBlowupTime { get; set; }
    public double? FormulaRelativeError { get; set; }
    public double? FinalNcf { get; set; }
    public double? FinalNorm { get; set; }
    public double? DirectionNcf { get; set; }
}
