namespace Checker.Verification.Reduced;

/// <summary>How the reduced KKT points are enumerated (both exact, both complete when they say so).</summary>
public enum ReducedKktEngine
{
    /// <summary>Exact branch and bound over cones of directions in C# (<see cref="ReducedKktSearch"/>); the solver only
    /// for degenerate patterns and overflow.</summary>
    Search,
    /// <summary>The SMT enumeration "another KKT point" until unsat (<see cref="ReducedKktEnumerator"/>).</summary>
    Smt,
}
