namespace Checker.Verification.Solvers;

/// <summary>
/// The one solver interface (Boogie-like): SMT-LIB2 text in, sat/unsat/unknown plus exact model values out. The time
/// limit is enforced from outside the solver (interrupt or kill), so a hanging query returns Unknown within the limit
/// plus a small grace period. Implementations are thread-safe: every call uses its own context or process.
/// </summary>
public interface ISmtSolver
{
    /// <summary>CLI name: z3-inprocess, z3, cvc5, portfolio(…).</summary>
    string Name { get; }

    SmtAnswer Solve(SmtQuery query, TimeSpan limit, CancellationToken cancellationToken = default);
}
