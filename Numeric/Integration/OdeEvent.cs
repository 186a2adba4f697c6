namespace Checker.Numeric.Integration;

/// <summary>Writes the values of an event's functions g_j(t, y), j = 0..Count−1; an event happens where one changes sign.</summary>
public delegate void EventFunction(double t, ReadOnlySpan<double> y, Span<double> values);

/// <summary>
/// A family of <see cref="Count"/> scalar event functions sharing one name (e.g. every pre-activation of a network
/// for "pattern-change"). <see cref="Direction"/>: +1 only rising crossings (− to +), −1 only falling, 0 both.
/// A terminal event stops the integration at the earliest located root.
/// </summary>
public sealed record OdeEvent(string Name, int Count, EventFunction Function, bool Terminal, int Direction = 0);

/// <summary>An event located on the dense output: which family, which component, when, and the state there; a driver
/// that switches modes at events (the Filippov flow) adds a <see cref="Detail"/> saying what happened.</summary>
public sealed record EventOccurrence(string Name, int Component, double Time, double[] State, bool Terminal, string? Detail = null);
