using System.Diagnostics;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Reduced;
using Checker.Verification.Solvers;

namespace Checker.Bench;

/// <summary>
/// Complete reduced KKT enumeration (docs/theory.md#reduced-problem) on seeded random data (entries k/10, |k| ≤ 50; labels ±k/10), leaky
/// ReLU 1/10, depth 2, s = (+1, +1): the exact box search (<see cref="ReducedKktSearch"/>) against the SMT enumeration
/// (<see cref="ReducedKktEnumerator"/>) with every backend on the same instance; ratio = SMT (z3-inprocess) / search.
/// Every run is capped by a deadline; a capped run counts as incomplete and its time is the cap (the ratio is then a
/// lower bound). The search runs first so the point counts of both engines can be compared.
/// </summary>
public abstract class KktReducedBenchBase : IBenchmarkCase
{
    protected abstract int D { get; }
    protected abstract int N { get; }
    protected abstract double GoalSeconds { get; }
    /// <summary>Cap of one SMT-engine run in seconds (quick runs: a third of it, at least 20 s).</summary>
    protected virtual double SmtCapSeconds => 60;

    /// <summary>The instance family: random labels by default (<see cref="RandomInstance"/>).</summary>
    protected virtual string Family => "";
    protected virtual Instance MakeInstance(int seed) => RandomInstance(D, N, seed);

    public string Name => $"kkt/reduced-{Family}d{D}-n{N}";
    public string Description => $"complete reduced KKT enumeration d = {D}, n = {N}: exact box search vs the SMT enumeration (z3-inprocess, z3, cvc5); ratio SMT/search; goal < {GoalSeconds} s";

    public static Instance RandomInstance(int d, int n, int seed)
    {
        var rng = new Random(seed);
        var xs = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(_ => new Rational(rng.Next(-50, 51), 10)).ToArray()).ToList();
        var ys = Enumerable.Range(0, n).Select(_ => new Rational((rng.Next(2) == 0 ? 1 : -1) * rng.Next(1, 21), 10)).ToList();
        return new Instance($"bench-d{d}-n{n}-seed{seed}", xs, ys, new Network([d, 4, 1], new Activation(1, new Rational(1, 10), 1, "leaky:1/10")));
    }

    public BenchmarkResult Run(BenchOptions options, IProgress<string>? log)
    {
        var problem = ReducedProblem.Create(MakeInstance(options.Seed), [1, 1]);
        double searchCap = Math.Max(120, 3 * GoalSeconds);
        double smtCap = options.Quick ? Math.Max(20, SmtCapSeconds / 3) : SmtCapSeconds;
        var figures = new Dictionary<string, double>();
        var (ss, sr) = Time(problem, new Z3InProcessSolver(), ReducedKktEngine.Search, searchCap);
        figures["search_s"] = ss;
        figures["search_complete"] = sr.Complete ? 1 : 0;
        figures["search_points"] = sr.Points.Count;
        figures["search_kink_points"] = sr.Points.Count(p => p.OnKink);
        figures["search_queries"] = sr.Queries;
        log?.Report($"  search: {ss:F2} s, complete {sr.Complete}, {sr.Points.Count} points ({sr.Points.Count(p => p.OnKink)} on kinks); {sr.Statistics}{(sr.Complete ? "" : ", " + sr.Reason)}");
        double reference = double.NaN;
        bool referenceCapped = false;
        foreach (var name in options.Quick ? new[] { "z3-inprocess" } : new[] { "z3-inprocess", "z3", "cvc5" })
        {
            var (s, r) = Time(problem, SolverFactory.TryCreate(name, out _)!, ReducedKktEngine.Smt, smtCap);
            figures[$"smt_{name}_s"] = s;
            figures[$"smt_{name}_complete"] = r.Complete ? 1 : 0;
            figures[$"smt_{name}_points"] = r.Points.Count;
            figures[$"smt_{name}_queries"] = r.Queries;
            bool same = r.Complete && sr.Complete && r.Points.Select(p => p.Pattern).Order(StringComparer.Ordinal).SequenceEqual(sr.Points.Select(p => p.Pattern).Order(StringComparer.Ordinal));
            log?.Report($"  smt {name}: {s:F2} s, complete {r.Complete}, {r.Points.Count} points, {r.Queries} queries{(r.Complete ? (same ? ", same patterns as the search" : ", PATTERNS DIFFER from the search") : ", " + r.Reason)}");
            if (name == "z3-inprocess") { reference = r.Complete ? s : smtCap; referenceCapped = !r.Complete; }
        }
        return new BenchmarkResult(Name, figures, reference / ss, $"< {GoalSeconds} s with the search, complete",
            sr.Complete && ss < GoalSeconds,
            $"seed {options.Seed}; search cap {searchCap} s, SMT cap {smtCap} s per backend{(referenceCapped ? "; SMT reference hit its cap, ratio is a lower bound" : "")}");
    }

    private static (double Seconds, ReducedKktResult Result) Time(ReducedProblem p, ISmtSolver solver, ReducedKktEngine engine, double cap)
    {
        var sw = Stopwatch.StartNew();
        var r = ReducedKktSearch.Run(p, new ReducedKktOptions(solver) { Engine = engine, Deadline = DateTime.UtcNow.AddSeconds(cap), QueryLimit = TimeSpan.FromSeconds(cap) });
        return (sw.Elapsed.TotalSeconds, r);
    }
}
