using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Claims;
using Checker.Verification.Contracts;
using Checker.Verification.RankOne;
using Checker.Verification.Reduced;
using Checker.Verification.Search;
using Checker.Verification.Solvers;

namespace Checker.Verification.Tests;

/// <summary>
/// Issue 15: a solver that lies is pushed through every pipeline that re-checks models exactly. The liar answers every
/// query that the real solver proves UNSAT with SAT and a made-up model — for an unsat query no model exists, so every
/// such model is wrong — and passes genuine answers through. A pipeline that believed it would report a KKT point,
/// a continuum or a counterexample that does not exist; each must instead reject the model and end inconclusive or
/// incomplete, and nothing it does report may differ from the truth.
/// </summary>
public class ForgedModelPipelineTests
{
    /// <summary>Turns every UNSAT into SAT with a forged model (seeded small rationals, or all ones). Counts forgeries.</summary>
    private sealed class ForgingSolver(ISmtSolver inner, int seed, bool ones = false) : ISmtSolver
    {
        private readonly Random _rng = new(seed);
        private int _forged;
        public int Forged => Volatile.Read(ref _forged);
        public string Name => "forger";

        public SmtAnswer Solve(SmtQuery query, TimeSpan limit, CancellationToken cancellationToken = default)
        {
            var real = inner.Solve(query, limit, cancellationToken);
            if (real.Status != SmtStatus.Unsat) return real with { Solver = Name };
            Interlocked.Increment(ref _forged);
            Dictionary<string, Rational> model;
            lock (_rng) model = query.ModelVariables.ToDictionary(v => v, _ => ones ? Rational.One : new Rational(_rng.Next(-9, 10), _rng.Next(1, 5)));
            return new SmtAnswer(SmtStatus.Sat, Name, real.Elapsed, model, []);
        }
    }

    private static ISmtSolver Z3 => new Z3InProcessSolver();

    private static string Key(ReducedKktPoint p)
    {
        var first = p.Direction.First(v => !v.IsZero).Abs();
        return $"{p.Pattern}|{p.ValueSign}|{string.Join(",", p.Direction.Select(v => (v / first).ToString()))}";
    }

    public static TheoryData<int, int, int, string, int> ReducedCases => new()
    {
        { 1, 2, 4, "leaky:1/10", 2 },
        { 2, 3, 5, "relu", 2 },
        { 3, 2, 5, "leaky:1/2", 3 },
        { 4, 3, 4, "leaky:1/5", 2 },
    };

    private static IEnumerable<ReducedProblem> Problems(int seed, int d, int n, string act, int depth)
    {
        var inst = TestInstances.Random(seed, d, n, Activation.TryParsePreset(act, out _)!, depth, range: 4);
        return ReducedProblem.AllSignVectors(depth).Select(s => ReducedProblem.Create(inst, s)).Where(p => !ReducedKktEnumerator.IdenticallyZero(p));
    }

    /// <summary>Sound under a liar: whatever is reported is true, and "complete" is never claimed once a lie was told.</summary>
    private static void AssertSound(ReducedKktResult truth, ReducedKktResult lied, ForgingSolver liar, string label)
    {
        Assert.True(truth.Complete, label + ": " + truth.Reason);
        var real = truth.Points.Select(Key).ToHashSet();
        Assert.True(lied.Points.Select(Key).All(real.Contains), $"{label}: a forged point was reported");
        Assert.True(lied.Families.Count <= truth.Families.Count, $"{label}: a forged continuum was reported");
        if (liar.Forged > 0)
        {
            Assert.False(lied.Complete, $"{label}: {liar.Forged} forged models and still complete; {lied.Reason}; {lied.Statistics}; points {lied.Points.Count} vs {truth.Points.Count}");
            Assert.Contains("re-check", lied.Reason);
        }
    }

    [Theory]
    [MemberData(nameof(ReducedCases))]
    public void Reduced_smt_enumeration_rejects_forged_models(int seed, int d, int n, string act, int depth)
    {
        int forged = 0;
        foreach (var p in Problems(seed, d, n, act, depth))
        {
            var options = new ReducedKktOptions(Z3) { QueryLimit = TimeSpan.FromSeconds(30), Engine = ReducedKktEngine.Smt };
            var truth = ReducedKktSearch.Run(p, options);
            foreach (var seedPoints in new[] { true, false })
            {
                var liar = new ForgingSolver(Z3, seed, ones: !seedPoints);
                var lied = ReducedKktSearch.Run(p, options with { Solver = liar, Seed = seedPoints });
                AssertSound(truth, lied, liar, $"{p} seed={seedPoints}");
                forged += liar.Forged;
            }
        }
        Assert.True(forged > 0, "the liar never lied: the completeness queries were not asked");
    }

    [Theory]
    [MemberData(nameof(ReducedCases))]
    public void Reduced_box_search_rejects_forged_models_in_its_solver_cones(int seed, int d, int n, string act, int depth)
    {
        int forged = 0;
        foreach (var p in Problems(seed, d, n, act, depth))
        {
            // Leaves of one plane and cube queries for the rest: the search asks the solver in most cones.
            var options = new ReducedKktOptions(Z3) { QueryLimit = TimeSpan.FromSeconds(30), LeafPlanes = 1, CubePlanes = 64, Threads = 1 };
            var truth = ReducedKktSearch.Run(p, options);
            var liar = new ForgingSolver(Z3, seed);
            var lied = ReducedKktSearch.Run(p, options with { Solver = liar });
            AssertSound(truth, lied, liar, p.ToString()!);
            forged += liar.Forged;
        }
        Assert.True(forged > 0, "the search never asked the solver");
    }

    public static TheoryData<string, int, int, int, int> RankOneCases => new()
    {
        { "relu", 2, 4, 2, 1 }, { "leaky:1/10", 2, 4, 2, 6 }, { "leaky:1/2", 2, 5, 2, 4 },
    };

    // leaky:1/2 seed 4 is left out of the converse: since the Clarke engine (docs/theory.md) its honest run leaves
    // s = (+1,-1) open on an ad-only point, so there is no proved baseline for the forged run to differ from.
    public static TheoryData<string, int, int, int, int> ConverseCases => new()
    {
        { "relu", 2, 4, 2, 1 }, { "leaky:1/10", 2, 4, 2, 6 },
    };

    private static Instance RankOneInstance(string act, int d, int n, int depth, int seed) =>
        TestInstances.Random(seed, d, n, Activation.TryParsePreset(act, out _)!, depth, range: 4);

    [Theory]
    [MemberData(nameof(RankOneCases))]
    public void C5_never_reports_a_forged_witness(string act, int d, int n, int depth, int seed)
    {
        var inst = RankOneInstance(act, d, n, depth, seed);
        var honest = ClaimRunner.Run("C5", inst, new CheckOptions { TimeoutSeconds = 20 }).Result;
        Assert.Equal(Verdict.Holds, honest.Verdict);
        var liar = new ForgingSolver(Z3, seed);
        var lied = ClaimRunner.Run("C5", inst, new CheckOptions { TimeoutSeconds = 20, Backend = liar }).Result;
        Assert.True(liar.Forged > 0);
        Assert.Equal(Verdict.Inconclusive, lied.Verdict);
        Assert.Null(lied.Witness);
        Assert.Contains("re-check", lied.Detail);
    }

    [Theory]
    [MemberData(nameof(ConverseCases))]
    public void C4_converse_never_reports_a_forged_counterexample(string act, int d, int n, int depth, int seed)
    {
        var inst = RankOneInstance(act, d, n, depth, seed);
        var enums = ReducedProblem.AllSignVectors(depth)
            .Select(s => ReducedKktSearch.Run(ReducedProblem.Create(inst, s), new ReducedKktOptions(Z3))).ToList();
        Assert.All(enums, e => Assert.True(e.Complete, e.Reason));
        var honest = RankOneConverse.Run(inst, enums, Z3, TimeSpan.FromSeconds(20), default);
        Assert.True(honest.Proved, honest.Detail);
        var liar = new ForgingSolver(Z3, seed);
        var lied = RankOneConverse.Run(inst, enums, liar, TimeSpan.FromSeconds(20), default);
        Assert.True(liar.Forged > 0);
        Assert.False(lied.Proved);
        Assert.False(lied.Counterexample, lied.Detail);
        Assert.Null(lied.Witness);
        // The whole claim through the options seam: never a counterexample, never "holds".
        var liar2 = new ForgingSolver(Z3, seed + 100);
        var claim = ClaimRunner.Run("C4", inst, new CheckOptions { TimeoutSeconds = 30, Backend = liar2 }).Result;
        Assert.True(liar2.Forged > 0);
        Assert.Equal(Verdict.Inconclusive, claim.Verdict);
    }

    public static TheoryData<string, int> PolynomialCases => new()
    {
        { "polyrelu:2", 1 }, { "signedpoly:3,1/2", 2 },
    };

    [Theory]
    [MemberData(nameof(PolynomialCases))]
    public void C6_never_reports_a_forged_witness(string act, int seed)
    {
        var inst = TestInstances.Random(seed, 2, 3, Activation.TryParsePreset(act, out _)!, 2, range: 3);
        // The solver route (structural route off): every unsat becomes a forged sat, so neither holds nor a counterexample.
        var liar = new ForgingSolver(Z3, seed);
        var solverRoute = ClaimRegistry.Find("C6")! with { Checker = new C6PolynomialRankOneCheck(PolynomialLawTerms.Derived, structureMaxTerms: 1) };
        var lied = ClaimRunner.Run(solverRoute, inst, new CheckOptions { TimeoutSeconds = 30, Backend = liar }).Result;
        Assert.True(liar.Forged > 0);
        Assert.NotEqual(Verdict.Counterexample, lied.Verdict);
        Assert.NotEqual(Verdict.Holds, lied.Verdict);
        Assert.Null(lied.Witness);
        // The structural route (docs/theory.md#c6-structure) asks the solver only for the cells; a forged sat there adds an
        // infeasible cell, on which the identities are checked like any other, so the proof does not rest on the lie and
        // still no witness is reported.
        var liar3 = new ForgingSolver(Z3, seed + 200);
        var structural = ClaimRunner.Run("C6", inst, new CheckOptions { TimeoutSeconds = 30, Backend = liar3 }).Result;
        Assert.True(liar3.Forged > 0);
        Assert.NotEqual(Verdict.Counterexample, structural.Verdict);
        Assert.Null(structural.Witness);
    }

    [Fact]
    public void C1_by_smt_does_not_believe_a_sat_answer()
    {
        // A liar that says SAT to every Euler piece group: the SMT route must not prove, and must not refute either.
        var inst = TestInstances.Random(3, 2, 3, TestInstances.Leaky(1, 10), 3, range: 3);
        var liar = new ForgingSolver(Z3, 3, ones: true);
        var r = ClaimRunner.Run("C1", inst, new CheckOptions { TimeoutSeconds = 20, Backend = liar }).Result;
        Assert.NotEqual(Verdict.Counterexample, r.Verdict);
    }

    [Fact]
    public void Counterexample_search_finds_nothing_with_a_liar_on_a_true_claim()
    {
        var liar = new ForgingSolver(Z3, 7);
        var bounds = new SearchBounds { MaxSamples = 4, MaxWidth = 2 };
        var r = CounterexampleSearch.Run(ClaimRegistry.Find("C5")!, bounds, 3, shrink: false, new CheckOptions { TimeoutSeconds = 10, Backend = liar }, null, default);
        Assert.True(liar.Forged > 0);
        Assert.Null(r.Found);
    }
}
