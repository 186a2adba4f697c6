using Checker.Verification.Solvers;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>
/// `--solver`: the SMT backend of exact checks. A backend that runs an external executable (z3, cvc5, and cvc5 inside
/// portfolio) is looked up on PATH here, before any work: a missing solver is a usage problem (exit 2), not an
/// inconclusive verdict, and the portfolio must not quietly run on one leg.
/// </summary>
public class SolverSettings : TimedSettings
{
    [CommandOption("--solver <NAME>")]
    [Description("SMT backend for exact checks: z3 (default when the z3 executable is on PATH: killable child processes), z3-inprocess (the library; the default without z3 on PATH), cvc5, portfolio (z3 and cvc5 in parallel, first definite answer)")]
    public string Solver { get; init; } = SolverFactory.Default;

    [CommandOption("--jobs <N>")]
    [Description("How many independent cases of a case split (C4's converse, C5, C6) run at once, 1 to 256; default the number of cores. Verdicts do not depend on it")]
    public int Jobs { get; init; } = Checker.Verification.Contracts.ParallelCases.DefaultJobs;

    /// <summary>The backend name as the factory and the output spell it.</summary>
    public string SolverName => Solver.Trim().ToLowerInvariant();

    protected override void ValidateOptions()
    {
        base.ValidateOptions();
        if (Jobs is < 1 or > 256) throw new UsageException($"--jobs: expected a number of parallel cases from 1 to 256, got {Jobs}");
        if (!SolverFactory.Names.Contains(SolverName))
            throw new UsageException($"--solver: expected one of {string.Join(", ", SolverFactory.Names)}, got \"{Solver}\"");
        foreach (var executable in SolverFactory.Executables(SolverName))
            if (ExecutableSearch.Find(executable) is null)
                throw new UsageException($"--solver {SolverName}: the {executable} executable is not on PATH; install it or use --solver z3-inprocess");
    }
}
