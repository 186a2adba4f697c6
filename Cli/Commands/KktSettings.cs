using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>Options of `checker kkt` (docs/cli.md#kkt).</summary>
public sealed class KktSettings : CertificateSettings
{
    protected override double DefaultTimeoutSeconds => 120;

    [CommandArgument(0, "<INSTANCE>")]
    [Description(InstanceSettings.Text)]
    public string InstancePath { get; init; } = "";

    [CommandOption("--reduced")]
    [Description("KKT points of the reduced problem (docs/theory.md#reduced-problem, p = 1), all of them, with a completeness proof")]
    public bool Reduced { get; init; }

    [CommandOption("--signs <S1,...,SL>")]
    [Description("Sign vector s (one ±1 per layer) of the reduced problem; default: every sign vector")]
    public string? Signs { get; init; }

    [CommandOption("--engine <NAME>")]
    [Description("Reduced enumeration: search (default; exact branch and bound over direction cones in C#, the solver only for degenerate patterns) or smt (\"another KKT point\" queries until unsat). Both exact; with --certificates the search writes per value sign the statement \"a KKT point with none of the listed patterns\" for a stock solver (expected unsat)")]
    public string Engine { get; init; } = "search";

    [CommandOption("--out <DIR>")]
    [Description("Write every certified KKT point as a weight file {\"layers\": …} (exact rationals) to DIR, readable by eval/check/verify --at and flow --init; irrational points as marked rational stand-ins (*.approx.json, *.box-centre.json), DIR/points.json lists them. Full-network mode only")]
    public string? Out { get; init; }

    [CommandOption("--at <WEIGHTS>")]
    [Description("Decide whether this point (a weight file, exact numbers) is a KKT point up to a positive rescaling of each layer, exactly, with the Clarke subdifferential at kinks (docs/cli.md)")]
    public string? At { get; init; }

    [CommandOption("--subdifferential <NAME>")]
    [Description("With --at: clarke (default; hull of g_P over adjacent sign patterns) or ad (independent slopes at every kink, the automatic-differentiation set; a comparison mode)")]
    public string Subdifferential { get; init; } = "clarke";

    protected override void ValidateOptions()
    {
        base.ValidateOptions();
        if (Engine is not ("search" or "smt")) throw new UsageException($"--engine: expected search or smt, got \"{Engine}\"");
        if (Out is not null && Reduced)
            throw new UsageException("--out: writes full-network KKT points (weight files); --reduced lists directions b of the reduced problem, which are not weights (drop --reduced)");
        if (Out is not null && At is not null) throw new UsageException("--out and --at: choose one (--out writes the points a search certifies; --at decides one given point)");
        OutputPaths.RequireWritableDirectory("--out", Out);
        if (Subdifferential is not ("clarke" or "ad")) throw new UsageException($"--subdifferential: expected clarke or ad, got \"{Subdifferential}\"");
        if (At is not null && Reduced) throw new UsageException("--at and --reduced: choose one (--at decides a given point of the full network)");
    }
}
