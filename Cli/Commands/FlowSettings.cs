using System.Globalization;
using Checker.Numeric.Flows;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>Options of `checker flow` (docs/cli.md#flow).</summary>
public sealed class FlowSettings : TimedSettings
{
    [CommandArgument(0, "<INSTANCE>")]
    [Description(InstanceSettings.Text)]
    public string InstancePath { get; init; } = "";

    [CommandOption("--kind <KIND>")]
    [Description("Which flow: training, ncf or sphere (docs/theory.md#flows). Default ncf")]
    public string Kind { get; init; } = "ncf";

    [CommandOption("--delta <DELTA>")]
    [Description("Training flow: start at δ·w₀ (default 1e-3)")]
    public double Delta { get; init; } = 1e-3;

    [CommandOption("--init <SEED_OR_WEIGHTS>")]
    [Description("Starting direction w₀: an integer seed (Gaussian, unit norm) or a weight file (scaled to unit norm; the scale is reported). Default: --seed")]
    public string? Init { get; init; }

    [CommandOption("--until <WHEN>")]
    [Description("end (default: blow-up, collapse or a rest point; training: the loss gradient vanishes), escape, or a time in the flow's clock (t, τ or σ)")]
    public string Until { get; init; } = "end";

    [CommandOption("--escape-factor <F>")]
    [Description("Escape: the norm first reaches F times its start (default 2)")]
    public double EscapeFactor { get; init; } = 2;

    [CommandOption("--reference <WEIGHTS>")]
    [Description("Weight file of a reference direction (e.g. a KKT point) for the cosine; default: the run's own final direction")]
    public string? Reference { get; init; }

    [CommandOption("--rtol <RTOL>")]
    [Description("Integrator relative tolerance (default 1e-12; see Numeric/Flows for what it is relative to)")]
    public double RelativeTolerance { get; init; } = 1e-12;

    [CommandOption("--plot <FILE>")]
    [Description("Write norm, N, cosine and σ₂/σ₁ against time as FILE.png or FILE.svg")]
    public string? Plot { get; init; }

    [CommandOption("--csv <FILE>")]
    [Description("Write the trajectory metrics as CSV")]
    public string? Csv { get; init; }

    /// <summary>The flow --kind names.</summary>
    public FlowKind FlowKind => Kind.ToLowerInvariant() switch
    {
        "training" => FlowKind.Training,
        "ncf" => FlowKind.Ncf,
        "sphere" => FlowKind.Sphere,
        _ => throw new UsageException($"--kind: expected training, ncf or sphere, got \"{Kind}\""),
    };

    /// <summary>When the run stops, as --until says.</summary>
    public FlowStop Stop => Until.ToLowerInvariant() switch
    {
        "end" or "natural" => FlowStop.Natural,
        "escape" => FlowStop.Escape,
        var s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound) && bound > 0 && double.IsFinite(bound) => FlowStop.At(bound),
        _ => throw new UsageException($"--until: expected end, escape or a positive time, got \"{Until}\""),
    };

    protected override void ValidateOptions()
    {
        base.ValidateOptions();
        _ = FlowKind;
        _ = Stop;
        if (!(Delta > 0) || !double.IsFinite(Delta)) throw new UsageException($"--delta: expected a positive number, got {Delta}");
        if (!(EscapeFactor > 1) || !double.IsFinite(EscapeFactor)) throw new UsageException($"--escape-factor: expected a number > 1, got {EscapeFactor}");
        if (!(RelativeTolerance >= 1e-14 && RelativeTolerance <= 1e-2)) throw new UsageException($"--rtol: expected a value in [1e-14, 1e-2], got {RelativeTolerance}");
        if (Plot is { } plotPath && Path.GetExtension(plotPath).ToLowerInvariant() is not (".png" or ".svg"))
            throw new UsageException($"--plot: expected a file ending in .png or .svg, got \"{plotPath}\"");
        OutputPaths.RequireWritableFile("--plot", Plot);
        OutputPaths.RequireWritableFile("--csv", Csv);
    }
}
