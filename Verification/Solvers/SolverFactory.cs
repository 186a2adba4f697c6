namespace Checker.Verification.Solvers;

/// <summary>The --solver names of docs/cli.md#solvers and the backend each selects.</summary>
public static class SolverFactory
{
    public static readonly string[] Names = ["z3-inprocess", "z3", "cvc5", "portfolio"];

    /// <summary>
    /// The default backend: the z3 executable when it is on PATH, else z3 in this process. A child process is the only
    /// place a deadline or Ctrl-C can end every query (docs/cli.md#solvers): in-process z3 4.8 does not always poll its
    /// interrupt in non-linear arithmetic (a 120 s limit returned after 221 s) and replaces the process's SIGINT handler
    /// while it solves. Kept z3 sessions make the process as fast as the library (measured on C6's queries).
    /// </summary>
    public static string Default { get; } = ExecutableSearch.Find("z3") is null ? "z3-inprocess" : "z3";

    /// <summary>z3 for the portfolio: the killable executable when it is on PATH, else the library.</summary>
    private static ISmtSolver Z3Leg() => ExecutableSearch.Find("z3") is null ? new Z3InProcessSolver() : ProcessSmtSolver.Z3();

    /// <summary>The external executables backend <paramref name="name"/> starts (looked up on PATH before a run, so a
    /// missing one is reported as a usage problem instead of surfacing as unknown answers or a one-legged portfolio).</summary>
    public static IReadOnlyList<string> Executables(string name) => name.Trim().ToLowerInvariant() switch
    {
        "z3" => ["z3"],
        "cvc5" or "portfolio" => ["cvc5"],
        _ => [],
    };

    /// <summary>Null with an expectation message when <paramref name="name"/> is not a backend name.</summary>
    public static ISmtSolver? TryCreate(string name, out string error)
    {
        error = "";
        switch (name.Trim().ToLowerInvariant())
        {
            case "z3-inprocess": return new Z3InProcessSolver();
            case "z3": return ProcessSmtSolver.Z3();
            case "cvc5": return ProcessSmtSolver.Cvc5();
            // The portfolio pairs two independent implementations, so a bug or a hang in one does not decide alone.
            case "portfolio": return new PortfolioSolver(Z3Leg(), ProcessSmtSolver.Cvc5());
        }
        error = $"--solver: expected one of {string.Join(", ", Names)}, got \"{name}\"";
        return null;
    }
}
