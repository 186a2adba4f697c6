using System.ComponentModel;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>Options of `checker flow` (docs/cli.md#flow).</summary>
public sealed class FlowSettings : InstanceSettings
{
    [CommandOption("--kind <KIND>")]
    [Description("training | ncf | sphere (docs/theory.md#flows)")]
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

    [CommandOption("--seed <N>")]
    [Description("Seed of the random starting direction when --init is not given (printed in the output)")]
    public int Seed { get; init; } = 1;

    [CommandOption("--timeout <SECONDS>")]
    [Description("Wall-clock limit (default 60); a run cut short exits 3")]
    public double Timeout { get; init; } = 60;
}
