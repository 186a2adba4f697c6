using Checker.Verification.Solvers;

namespace Checker.Verification.Reduced;

/// <summary>How a reduced enumeration runs: the backend, the per-query limit, an overall deadline and safety caps.</summary>
public sealed record ReducedKktOptions(ISmtSolver Solver)
{
    public TimeSpan QueryLimit { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Wall-clock point after which no new query starts (the result is then incomplete, never complete).</summary>
    public DateTime? Deadline { get; init; }
    public int MaxPoints { get; init; } = 20000;
    public int MaxFamilies { get; init; } = 64;
    /// <summary>Find candidate points first by exact fixed-point iteration in C#, so the solver mostly proves.</summary>
    public bool Seed { get; init; } = true;
    public int RandomSeed { get; init; } = 1;
    /// <summary>Which enumeration runs (<see cref="ReducedKktSearch.Run"/> dispatches); the default is the box search.</summary>
    public ReducedKktEngine Engine { get; init; } = ReducedKktEngine.Search;
    /// <summary>Box search: a cone cut by at most this many distinct hyperplanes has its sign choices enumerated in C#.</summary>
    public int LeafPlanes { get; init; } = 5;
    /// <summary>Box search: a cone cut by more than <see cref="LeafPlanes"/> and at most this many hyperplanes goes to the
    /// solver as one small cube query (slopes of the other samples fixed); 0 keeps the search solver-free except for
    /// degenerate patterns.</summary>
    public int CubePlanes { get; init; } = 0;
    /// <summary>Box search: after the per-inequality test, try the joint Farkas test (an LP in double whose dual
    /// certificate is checked exactly) on cones whose cut samples number at most <see cref="JointMaxOpen"/>.</summary>
    public bool JointPrune { get; init; } = true;
    public int JointMaxOpen { get; init; } = 64;
    /// <summary>Box search: worker threads sharing the cone stack (the result does not depend on it).</summary>
    public int Threads { get; init; } = Math.Min(Environment.ProcessorCount, 8);
    /// <summary>Also apply the joint test at every node of the leaf sign enumeration.</summary>
    public bool JointInLeaves { get; init; } = true;
}
