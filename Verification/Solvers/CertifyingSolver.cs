using System.Text;

namespace Checker.Verification.Solvers;

/// <summary>
/// Decorator for --certificates DIR: writes every query as a self-contained `.smt2` file (options, script, check-sat,
/// get-value) headed by the verdict this run obtained, so `z3 FILE` or `cvc5 FILE` reproduces it.
/// </summary>
public sealed class CertifyingSolver(ISmtSolver inner, string directory) : ISmtSolver
{
    private int _counter;
    private readonly List<string> _written = [];

    public string Name => inner.Name;
    public string Directory => directory;

    public IReadOnlyList<string> Written { get { lock (_written) return _written.ToArray(); } }

    public SmtAnswer Solve(SmtQuery query, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var answer = inner.Solve(query, limit, cancellationToken);
        int k = Interlocked.Increment(ref _counter);
        var safe = new StringBuilder();
        foreach (var ch in query.Name) safe.Append(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_');
        string file = $"{k:D4}-{safe}.smt2";
        string verdict = answer.Status switch { SmtStatus.Sat => "sat", SmtStatus.Unsat => "unsat", _ => "unknown (" + answer.Reason + ")" };
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
