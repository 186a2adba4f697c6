using Checker.Symbolic.Numbers;
using Checker.Verification.Solvers;

namespace Checker.Verification.Clarke;

/// <summary>Limits of the exact Clarke engine (<see cref="ClarkeEngine"/>).</summary>
public sealed record ClarkeOptions
{
    /// <summary>Documented default cap on essential kinks: deciding Clarke stationarity is NP-hard, the engine looks at up
    /// to 2^cap sign patterns; past the cap it answers inconclusive.</summary>
    public const int DefaultMaxEssentialKinks = 12;

    public int MaxEssentialKinks { get; init; } = DefaultMaxEssentialKinks;

    /// <summary>Solver for the neighbourhood query that refutes adjacency where the exact rules do not decide; null: such
    /// patterns stay inconclusive.</summary>
    public ISmtSolver? Solver { get; init; }

    public TimeSpan SolverLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Half-width of the box around the point in which the neighbourhood query looks (any positive radius is
    /// sound: no point of that sign pattern in one neighbourhood refutes adjacency).</summary>
    public Rational NeighbourhoodRadius { get; init; } = new(1, 1000);
}
