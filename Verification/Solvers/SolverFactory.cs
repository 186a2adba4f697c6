namespace Checker.Verification.Solvers;

/// <summary>The --solver names of docs/cli.md#solvers and the backend each selects.</summary>
public static class SolverFactory
{
    public static readonly string[] Names = ["z3-inprocess", "z3", "cvc5", "portfolio"];

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
            case "portfolio": return new PortfolioSolver(new Z3InProcessSolver(), ProcessSmtSolver.Cvc5());
        }
        error = $"--solver: expected one of {string.Join(", ", Names)}, got \"{name}\"";
        return null;
    }
}
