using System.ComponentModel;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>Options of `checker kkt` (CLI.md).</summary>
public sealed class KktSettings : InstanceSettings
{
    [CommandOption("--reduced")]
    [Description("KKT points of the reduced problem (SPEC.md §5, p = 1), all of them, with a completeness proof")]
    public bool Reduced { get; init; }

    [CommandOption("--signs <S1,...,SL>")]
    [Description("Sign vector s (one ±1 per layer) of the reduced problem; default: every sign vector")]
    public string? Signs { get; init; }

    [CommandOption("--engine <NAME>")]
    [Description("Reduced enumeration: search (default; exact branch and bound over direction cones in C#, the solver only for degenerate patterns) or smt (\"another KKT point\" queries until unsat). Both exact; with --certificates the search writes per value sign the statement \"a KKT point with none of the listed patterns\" for a stock solver (expected unsat)")]
    public string Engine { get; init; } = "search";

    [CommandOption("--solver <NAME>")]
    [Description("SMT backend: z3-inprocess (default), z3, cvc5, portfolio")]
    public string Solver { get; init; } = "z3-inprocess";

    [CommandOption("--timeout <SECONDS>")]
    [Description("Wall-clock limit for the whole enumeration; reaching it gives complete: false and exit 3. Default 120")]
    public double Timeout { get; init; } = 120;

    [CommandOption("--certificates <DIR>")]
    [Description("Write every SMT query as a self-contained .smt2 file (re-run with `z3 FILE`)")]
    public string? Certificates { get; init; }

    [CommandOption("--at <WEIGHTS>")]
    [Description("Decide whether this point (a weight file, exact numbers) is a KKT point up to a positive rescaling of each layer, exactly, with the Clarke subdifferential at kinks (docs/cli.md)")]
    public string? At { get; init; }

    [CommandOption("--subdifferential <NAME>")]
    [Description("With --at: clarke (default; hull of g_P over adjacent sign patterns) or ad (independent slopes at every kink, the automatic-differentiation set; a comparison mode)")]
    public string Subdifferential { get; init; } = "clarke";

    [CommandOption("--seed <N>")]
    [Description("Seed of the random starting points of the candidate search (printed); default 1")]
    public int Seed { get; init; } = 1;
}
