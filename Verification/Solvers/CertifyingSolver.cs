using System.Text;

namespace Checker.Verification.Solvers;

/// <summary>
/// Decorator for --certificates DIR: writes every <i>decided</i> query as a self-contained `.smt2` file (options,
/// script, check-sat, get-value) headed by the answer this run obtained (sat or unsat), so `z3 FILE` or `cvc5 FILE`
/// reproduces it. A query left undecided (unknown, timeout, cancelled) is not a certificate: it goes to
/// <see cref="Undecided"/> instead, which the claim runner reports (docs/cli.md#certificates).
/// </summary>
public sealed class CertifyingSolver(ISmtSolver inner, string directory, UndecidedQueries? undecided = null) : ISmtSolver
{
    private int _counter;
    private readonly List<string> _written = [];

    public string Name => inner.Name;
    public string Directory => directory;

    public IReadOnlyList<string> Written { get { lock (_written) return _written.ToArray(); } }

    /// <summary>Where the undecided queries are listed (shared with the claim runner, or this solver's own).</summary>
    public UndecidedQueries Undecided { get; } = undecided ?? new UndecidedQueries();

    public SmtAnswer Solve(SmtQuery query, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var answer = inner.Solve(query, limit, cancellationToken);
        if (answer.Status == SmtStatus.Unknown)
        {
            Undecided.Add(new UndecidedQueries.Entry(query.Name, answer.Solver, answer.Reason));
            return answer;
        }
        int k = Interlocked.Increment(ref _counter);
        var safe = new StringBuilder();
        foreach (var ch in query.Name) safe.Append(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_');
        string file = $"{k:D4}-{safe}.smt2";
        string verdict = answer.Status == SmtStatus.Sat ? "sat" : "unsat";
        // Written here rather than through Certificates.CertificateFile: the solver layer sits below the engines (the
        // solver factory in Contracts builds this decorator), so it cannot reach up; the document itself is still the one
        // SmtLib.Document that every certificate uses.
        System.IO.Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, file);
        File.WriteAllText(path, query.ToCertificate(
            $"checker query {query.Name}\nexpected: {verdict} (obtained by {answer.Solver} in {answer.Elapsed.TotalSeconds:F3} s)\nreproduce: z3 {file}   or   cvc5 --produce-models {file}"));
        lock (_written) _written.Add(path);
        return answer;
    }
}
