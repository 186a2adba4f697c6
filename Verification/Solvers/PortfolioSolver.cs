using System.Diagnostics;

namespace Checker.Verification.Solvers;

/// <summary>
/// Two backends on the same query in parallel; the first definite answer (sat with a model, or unsat) wins and the
/// other is cancelled (interrupted or killed). Unknown only when both are unknown; the reasons of both are kept.
/// </summary>
public sealed class PortfolioSolver(ISmtSolver first, ISmtSolver second) : ISmtSolver
{
    public string Name => $"portfolio({first.Name},{second.Name})";

    public SmtAnswer Solve(SmtQuery query, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var sw = Stopwatch.StartNew();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new[]
        {
            Task.Run(() => first.Solve(query, limit, cts.Token)),
            Task.Run(() => second.Solve(query, limit, cts.Token)),
        };
        var pending = tasks.ToList();
        var answers = new List<SmtAnswer>();
        while (pending.Count > 0)
        {
            int i = Task.WaitAny(pending.ToArray());
            var a = pending[i].Result;
            pending.RemoveAt(i);
            if (a.Status != SmtStatus.Unknown)
            {
                cts.Cancel();
                Task.WaitAll(pending.ToArray());
                return a with { Solver = $"{Name}:{a.Solver}", Elapsed = sw.Elapsed };
            }
            answers.Add(a);
        }
        return SmtAnswer.Unknown(Name, sw.Elapsed, string.Join("; ", answers.Select(a => $"{a.Solver}: {a.Reason}")));
    }
}
