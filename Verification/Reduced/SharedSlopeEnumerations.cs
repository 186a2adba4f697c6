using System.Collections.Concurrent;

namespace Checker.Verification.Reduced;

/// <summary>
/// Sign vectors s with the same slopes (c₊, c₋) define the same reduced problem (docs/theory.md, the reduced problem),
/// so one enumeration serves them all: the first sign vector's run is shared, and later ones get it relabelled with
/// their own problem (and zero queries, since they asked the solver nothing). Thread-safe; each slope pair is
/// enumerated at most once. Used by `kkt --reduced` and by the full-network matcher.
/// </summary>
public sealed class SharedSlopeEnumerations
{
    private readonly ConcurrentDictionary<string, Lazy<ReducedKktResult?>> _bySlopes = new();

    /// <summary>The enumeration of <paramref name="problem"/>, running <paramref name="enumerate"/> only for the first
    /// problem with these slopes; null when that run gave none (out of time).</summary>
    public ReducedKktResult? For(ReducedProblem problem, Func<ReducedProblem, ReducedKktResult?> enumerate)
    {
        var lazy = _bySlopes.GetOrAdd($"{problem.SlopePos}|{problem.SlopeNeg}", _ => new Lazy<ReducedKktResult?>(() => enumerate(problem)));
        var shared = lazy.Value;
        return shared is null || ReferenceEquals(shared.Problem, problem) ? shared : shared with { Problem = problem, Queries = 0 };
    }
}
