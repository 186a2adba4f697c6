using Checker.Verification.Solvers;

namespace Checker.Verification.RankOne;

/// <summary>
/// Guards C6's queries against a backend that overruns its limit: z3's nlsat does not always poll the interrupt flag
/// (seen with the in-process backend: a 4 s limit answered after 20 s and more), which would let the CLI's outside
/// timeout replace every per-query reason with a generic one. Waits limit + grace, then answers Unknown with the
/// reason; the abandoned call finishes in the background once the solver honours its interrupt.
/// </summary>
public sealed class PolynomialDeadlineSolver(ISmtSolver inner, TimeSpan grace) : ISmtSolver
{
    public string Name => inner.Name;

    public SmtAnswer Solve(SmtQuery query, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var task = Task.Run(() => inner.Solve(query, limit, abandon.Token), CancellationToken.None);
        try
        {
            if (task.Wait(limit + grace, cancellationToken)) return task.Result;
        }
        catch (OperationCanceledException) { }
        abandon.Cancel();
        return SmtAnswer.Unknown(Name, sw.Elapsed, cancellationToken.IsCancellationRequested
            ? "cancelled"
            : $"time limit {limit.TotalSeconds:G4} s reached and the solver did not stop on interrupt within {grace.TotalSeconds:G3} s (abandoned)");
    }
}
