using Checker.Symbolic.Numbers;

namespace Checker.Verification.Solvers;

/// <summary>
/// A backend's answer. <paramref name="Model"/> maps each requested variable to its exact rational value (Sat only);
/// variables whose value is not rational (an algebraic <c>root-obj</c>) are listed in <paramref name="NonRational"/> and
/// make the model unusable for an exact re-check. <paramref name="Reason"/> explains Unknown (timeout, killed, solver
/// said unknown, error text).
/// </summary>
public sealed record SmtAnswer(
    SmtStatus Status,
    string Solver,
    TimeSpan Elapsed,
    IReadOnlyDictionary<string, Rational>? Model = null,
    IReadOnlyList<string>? NonRational = null,
    string Reason = "")
{
    /// <summary>Non-rational values that are roots of a pure quadratic A·x² + B (z3's <c>root-obj</c>): their square −B/A
    /// and their sign, exact. Lets a caller look for a rational point on the same solution set (C5's rationalisation).</summary>
    public IReadOnlyDictionary<string, (Rational Square, int Sign)>? QuadraticRoots { get; init; }

    public static SmtAnswer Unknown(string solver, TimeSpan elapsed, string reason) => new(SmtStatus.Unknown, solver, elapsed, Reason: reason);
}
