namespace Checker.Verification.Solvers;

/// <summary>
/// The queries of one claim run that no solver decided (unknown, timeout, kill): they are not certificates — a file
/// whose expected answer is "unknown" proves nothing and a stock re-run cannot confirm it — so
/// <see cref="CertifyingSolver"/> lists them here and the claim runner reports them in the result's evidence
/// (docs/cli.md#certificates). Thread-safe: the cases of a split run in parallel.
/// </summary>
public sealed class UndecidedQueries
{
    public sealed record Entry(string Query, string Solver, string Reason);

    private readonly List<Entry> _entries = [];

    public void Add(Entry entry) { lock (_entries) _entries.Add(entry); }

    /// <summary>The undecided queries, ordered by name (so the report does not depend on which job finished first).</summary>
    public IReadOnlyList<Entry> Entries
    {
        get { lock (_entries) return [.. _entries.OrderBy(e => e.Query, StringComparer.Ordinal)]; }
    }
}
