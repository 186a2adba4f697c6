using Checker.Verification.Contracts;

namespace Checker.Verification.Claims.Witnesses;

/// <summary>C1 proved (or refuted) symbolically, piece by piece (docs/cli.md#evidence).</summary>
public sealed record C1SymbolicEvidence : ClaimEvidence
{
    public string Method => "symbolic";
    public required string ProofRoute { get; init; }
    public required int PiecesChecked { get; init; }
    public required long PiecesPerSample { get; init; }
    public required int SamplesWithZeroLabel { get; init; }
    public required string JointPatternsCovered { get; init; }
    /// <summary>With --certificates: how many files, and how the pieces are grouped into them.</summary>
    public int? CertificateFiles { get; init; }
    public string? CertificateGrouping { get; init; }
}
