namespace Checker.Verification.Search;

/// <summary>Sizes of the random instances of `checker search` (docs/cli.md#search): dimension, samples, hidden widths, depth,
/// activation presets and the largest integer in the data.</summary>
public sealed record SearchBounds
{
    public int MaxDimension { get; init; } = 2;
    public int MaxSamples { get; init; } = 3;
    public int MaxWidth { get; init; } = 3;
    /// <summary>Depth L (number of weight matrices).</summary>
    public int Depth { get; init; } = 2;
    public IReadOnlyList<string> Activations { get; init; } = ["relu", "leaky:1/10"];
    public int MaxInteger { get; init; } = 2;
}
