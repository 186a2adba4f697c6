using Checker.Verification.Solvers;

namespace Checker.Verification.Contracts;

/// <summary>Options shared by every claim check (docs/cli.md: --seed, --timeout, --solver, --certificates).</summary>
public sealed record CheckOptions
{
    public int Seed { get; init; } = 1;
    /// <summary>Wall-clock budget for the whole check, in seconds; the runner turns it into a <see cref="Budget"/>.</summary>
    public double TimeoutSeconds { get; init; } = 60;
    /// <summary>Solver backend name ("z3-inprocess", "z3", "cvc5", "portfolio"); default <see cref="SolverFactory.Default"/>.</summary>
    public string Solver { get; init; } = SolverFactory.Default;
    /// <summary>Directory where every SMT query behind an exact verdict is written as .smt2, or null.</summary>
    public string? CertificateDirectory { get; init; }
    /// <summary>How many independent cases of a case split run at once (default: the core count; the `--jobs N` option that sets it has not landed yet); verdicts do not
    /// depend on it (<see cref="ParallelCases"/>).</summary>
    public int Jobs { get; init; } = ParallelCases.DefaultJobs;
    /// <summary>A unit start direction for flow-based checks (`--at WEIGHTS`, point-wise claims): the flows start there
    /// instead of at seeded random directions. Null: seeded starts.</summary>
    public double[]? Start { get; init; }
    /// <summary>A backend instance that replaces the one <see cref="Solver"/> names, or null. The seam through which
    /// tests push a lying solver through a whole claim to prove its models are re-checked, never believed.</summary>
    public ISmtSolver? Backend { get; init; }
    /// <summary>Where certifying solvers list the queries they did not write because no solver decided them; the
    /// claim runner sets one per run and reports it (docs/cli.md#certificates).</summary>
    public UndecidedQueries? Undecided { get; init; }

    /// <summary>
    /// The one place a check obtains an SMT backend: the --solver choice, wrapped so that every query is written to the
    /// certificate directory when one was asked for (<paramref name="certifying"/> then lists the files written).
    /// </summary>
    public ISmtSolver CreateSolver(out CertifyingSolver? certifying)
    {
        var solver = Backend ?? SolverFactory.TryCreate(Solver, out var err2) ?? throw new ArgumentException(err2);
        certifying = CertificateDirectory is { } dir ? new CertifyingSolver(solver, dir, Undecided) : null;
        return certifying ?? solver;
    }
}
