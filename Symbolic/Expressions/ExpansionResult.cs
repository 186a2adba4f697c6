using Checker.Symbolic.Polynomials;

namespace Checker.Symbolic.Expressions;

/// <summary>
/// The outcome of expanding DAG roots into canonical polynomials: <see cref="Values"/> when every intermediate stayed
/// within the size guard, otherwise <see cref="TooBig"/> with the reason (how large, and the limit).
/// </summary>
public sealed record ExpansionResult(IReadOnlyList<Polynomial>? Values, bool TooBig, string? Reason, long LargestTermCount)
{
    public Polynomial this[int k] => Values is { } v ? v[k] : throw new InvalidOperationException(Reason ?? "not expanded");
}
