using Checker.Symbolic.Numbers;

namespace Checker.Verification.Reduced;

/// <summary>
/// A continuum of KKT points sharing one pattern (degenerate data, docs/theory.md#boundary-cases): reported as a family with
/// its description and one representative direction instead of being mis-enumerated as points.
/// <see cref="Dimension"/> is the dimension of the family on the sphere (−1 when not determined).
/// </summary>
public sealed record ReducedKktFamily(string Pattern, int Dimension, int ValueSign, string Description, Rational[] Representative);
