using System.Diagnostics;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Reduced;
using Checker.Verification.Solvers;

namespace Checker.Bench;

/// <summary>
/// Complete reduced KKT enumeration (SPEC.md §5) on seeded random data (entries k/10, |k| ≤ 50; labels ±k/10), leaky
/// ReLU 1/10, depth 2, s = (+1, +1), per backend, against the same enumeration without the exact fixed-point seeding as
/// in-process reference. Every run is capped by a deadline; a capped run counts as incomplete and its time is the cap.
/// </summary>
public abstract class KktReducedBenchBase : IBenchmarkCase
{
    protected abstract int D { get; }
    protected abstract int N { get; }
    protected abstract double GoalSeconds { get; }

    public string Name => $"kkt/reduced-d{D}-n{N}";
    public string Description => $"complete reduced KKT enumeration d = {D}, n = {N}, per backend; reference: same without fixed-point seeding; goal < {GoalSeconds} s";

    public static Instance RandomInstance(int d, int n, int seed)
    {
        var rng = new Random(seed);
        var xs = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(_ => new Rational(rng.Next(-50, 51), 10)).ToArray()).ToList();
        var ys = Enumerable.Range(0, n).Select(_ => new Rational((rng.Next(2) == 0 ? 1 : -1) * rng.Next(1, 21), 10)).ToList();
        return new Instance($"bench-d{d}-n{n}-seed{seed}", xs, ys, new Network([d, 4, 1], new Activation(1, new Rational(1, 10), 1, "leaky:1/10")));
    }

    public BenchmarkResult Run(BenchOptions options, IProgress<string>? log)
    {
        var problem = ReducedProblem.Create(RandomInstance(D, N, options.Seed), [1, 1]);
        double cap = options.Quick ? Math.Max(30, 3 * GoalSeconds) : Math.Max(120, 3 * GoalSeconds);
        var figures = new Dictionary<string, double>();
        double? best = null;
        foreach (var name in options.Quick ? new[] { "z3-inprocess" } : new[] { "z3-inprocess", "z3", "cvc5" })
        {
            var (s, r) = Time(problem, SolverFactory.TryCreate(name, out _)!, true, cap);
            figures[$"{name}_s"] = s;
            figures[$"{name}_complete"] = r.Complete ? 1 : 0;
            figures[$"{name}_points"] = r.Points.Count;
            figures[$"{name}_queries"] = r.Queries;
            log?.Report($"  {name}: {s:F2} s, complete {r.Complete}, {r.Points.Count} points ({r.Points.Count(p => p.OnKink)} on kinks), {r.Queries} queries{(r.Complete ? "" : ", " + r.Reason)}");
            if (name == "z3-inprocess") best = r.Complete ? s : null;
        }
        var (refS, refR) = Time(problem, new Z3InProcessSolver(), false, cap);
        figures["reference_unseeded_s"] = refS;
        figures["reference_complete"] = refR.Complete ? 1 : 0;
        log?.Report($"  reference (z3-inprocess, no seeding): {refS:F2} s, complete {refR.Complete}, {refR.Queries} queries");
        double measured = figures["z3-inprocess_s"];
        return new BenchmarkResult(Name, figures, refS / measured, $"< {GoalSeconds} s with z3-inprocess, complete",
            best is { } b && b < GoalSeconds, $"cap {cap} s per run; seed {options.Seed}");
    }

    private static (double Seconds, ReducedKktResult Result) Time(ReducedProblem p, ISmtSolver solver, bool seed, double cap)
    {
        var sw = Stopwatch.StartNew();
        var r = ReducedKktEnumerator.Enumerate(p, new ReducedKktOptions(solver) { Seed = seed, Deadline = DateTime.UtcNow.AddSeconds(cap), QueryLimit = TimeSpan.FromSeconds(cap) });
        return (sw.Elapsed.TotalSeconds, r);
    }
}
