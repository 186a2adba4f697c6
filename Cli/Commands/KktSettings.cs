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

    [CommandOption("--out <DIR>")]
    [Description("Write every certified KKT point as a weight file {\"layers\": …} (exact rationals) to DIR, readable by eval/kkt/check/verify --at and flow --init; irrational points as marked rational stand-ins (*.approx.json, *.box-centre.json), DIR/points.json lists them. Full-network mode only")]
    public string? Out { get; init; }

    [CommandOption("--seed <N>")]
    [Description("Seed of the random starting points of the candidate search (printed); default 1")]
    public int Seed { get; init; } = 1;
}
