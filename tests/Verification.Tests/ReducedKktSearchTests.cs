using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Certificates;
using Checker.Verification.Exact;
using Checker.Verification.Reduced;
using Checker.Verification.Solvers;
using Xunit.Abstractions;

namespace Checker.Verification.Tests;

/// <summary>
/// The exact box search (<see cref="ReducedKktSearch"/>) against the SMT enumeration (<see cref="ReducedKktEnumerator"/>)
/// and the brute-force oracle: same patterns, directions up to a positive factor, values and families, both complete.
/// </summary>
public class ReducedKktSearchTests(ITestOutputHelper output)
{
    private static ReducedKktOptions Options(ReducedKktEngine engine) =>
        new(new Z3InProcessSolver()) { Engine = engine, QueryLimit = TimeSpan.FromSeconds(30) };

    internal static string Key(string pattern, Rational[] dir, int sign, Rational valueSquared)
    {
        var first = dir.First(v => !v.IsZero).Abs();
        return $"{pattern}|{sign}|{valueSquared}|{string.Join(",", dir.Select(v => (v / first).ToString()))}";
    }

    private static List<string> Points(ReducedKktResult r) =>
        r.Points.Select(q => Key(q.Pattern, q.Direction, q.ValueSign, q.ValueSquared)).OrderBy(s => s, StringComparer.Ordinal).ToList();

    private static List<string> Families(ReducedKktResult r) =>
        r.Families.Select(f => $"{f.Pattern}|{f.ValueSign}|{f.Dimension}").OrderBy(s => s, StringComparer.Ordinal).ToList();

    /// <summary>Both engines on one problem; asserts agreement and exactness of every reported point.</summary>
    internal static readonly System.Diagnostics.Stopwatch SearchTime = new(), SmtTime = new();

    private static (ReducedKktResult Search, ReducedKktResult Smt) Compare(ReducedProblem p, string what)
    {
        SearchTime.Start();
        var search = ReducedKktSearch.Run(p, Options(ReducedKktEngine.Search));
        SearchTime.Stop();
        SmtTime.Start();
        var smt = ReducedKktSearch.Run(p, Options(ReducedKktEngine.Smt));
        SmtTime.Stop();
        Assert.True(smt.Complete, $"{what}: SMT engine incomplete: {smt.Reason}");
        Assert.True(search.Complete, $"{what}: search incomplete: {search.Reason}");
        Assert.Equal(Points(smt), Points(search));
        Assert.Equal(Families(smt), Families(search));
        foreach (var q in search.Points)
        {
            // Independent exact re-derivation: pattern, value sign and value² from f itself, Clarke slopes valid, b ∥ ±g.
            Assert.Equal(q.Pattern, p.PatternOf(q.Direction));
            var fb = p.Value(q.Direction);
            Assert.Equal(fb.Sign, q.ValueSign);
            Assert.Equal(fb * fb / RationalLinearAlgebra.Dot(q.Direction, q.Direction), q.ValueSquared);
            Assert.True(ReducedKktEnumerator.SlopesConsistent(p, q.Pattern, q.Slopes), q.Pattern);
            var g = p.Gradient(q.Slopes);
            if (q.ValueSign != 0) Assert.Equal(g.Select(v => q.ValueSign * v), q.Direction);
            else Assert.All(g, v => Assert.True(v.IsZero));
        }
        return (search, smt);
    }

    /// <summary>
    /// The judged property on ≥ 40 seeded instances: d = 2–4, n = 4–8, entries in {−2..2} (so many KKT points sit on
    /// kinks and hyperplanes coincide), leaky 1/10, 1/3 and ReLU, depth 2–4 with every sign vector (so c₊, c₋ range over
    /// positive, negative, zero and mixed slopes).
    /// </summary>
    [Fact]
    public void Search_agrees_with_the_SMT_enumeration_on_random_integer_instances()
    {
        var acts = new[] { TestInstances.Leaky(1, 10), TestInstances.Leaky(1, 3), Activation.Relu };
        int instances = 0, problems = 0, points = 0, kinks = 0, families = 0, bruteChecked = 0, degenerate = 0;
        for (int seed = 1; seed <= 42; seed++)
        {
            var rng = new Random(1000 + seed);
            int d = 2 + seed % 3, n = 4 + rng.Next(5), depth = 2 + rng.Next(3);
            var act = acts[seed % 3];
            var inst = TestInstances.Random(seed * 31, d, n, act, depth, range: 2);
            // One sign vector per instance, cycling through all of them across the battery (the SMT engine is the slow
            // half of each comparison).
            var all = ReducedProblem.AllSignVectors(depth).ToList();
            foreach (var s in new[] { all[seed % all.Count] })
            {
                var p = ReducedProblem.Create(inst, s);
                var t0 = SearchTime.Elapsed;
                var (search, _) = Compare(p, $"seed {seed} s=({p.SignsText})");
                if ((SearchTime.Elapsed - t0).TotalSeconds > 0.5) output.WriteLine($"seed {seed} d={d} n={n} {p}: {(SearchTime.Elapsed - t0).TotalSeconds:F2} s, {search.Statistics}, {search.Points.Count} points, {search.Families.Count} families");
                problems++;
                points += search.Points.Count;
                kinks += search.Points.Count(q => q.OnKink);
                families += search.Families.Count;
                if (search.Degeneracies.Count > 0) degenerate++;
                // The brute-force oracle (every pattern in {+,−,0}^n) where it applies (no singular kink systems).
                if (n <= 6 && ReducedBruteForce.Enumerate(p, out var continua) is { } oracle && search.Families.Count == 0 && continua.Count == 0)
                {
                    Assert.Equal(oracle.Select(q => Key(q.Pattern, q.Direction, q.Sign, q.ValueSquared)).OrderBy(x => x, StringComparer.Ordinal), Points(search));
                    bruteChecked++;
                }
            }
            instances++;
        }
        output.WriteLine($"search {SearchTime.Elapsed.TotalSeconds:F1} s, smt {SmtTime.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"{instances} instances, {problems} reduced problems, {points} points ({kinks} on kinks), {families} families, {degenerate} degenerate, {bruteChecked} also against brute force");
        Assert.True(instances >= 40);
        Assert.True(kinks >= 30, $"only {kinks} kink points");
        Assert.True(families >= 5, $"only {families} families");
    }

    /// <summary>The search alone against the brute-force oracle (every pattern in {+,−,0}^n solved exactly) on data in
    /// {−5..5}, where kink systems are rarely singular so the oracle applies; a kink is forced on some instances by a
    /// sample orthogonal to a positive KKT point.</summary>
    [Fact]
    public void Search_matches_the_brute_force_oracle()
    {
        var acts = new[] { TestInstances.Leaky(1, 10), TestInstances.Leaky(1, 3), Activation.Relu };
        int compared = 0, points = 0, kinks = 0;
        for (int seed = 1; seed <= 30; seed++)
        {
            var rng = new Random(5000 + seed);
            int d = 2 + seed % 3, n = 4 + rng.Next(4), depth = 2 + rng.Next(3);
            var inst = TestInstances.Random(seed * 17 + 3, d, n, acts[seed % 3], depth, range: 5);
            var all = ReducedProblem.AllSignVectors(depth).ToList();
            var p = ReducedProblem.Create(inst, all[rng.Next(all.Count)]);
            if (ReducedBruteForce.Enumerate(p, out var continua) is not { } oracle || continua.Count > 0) continue;
            var r = ReducedKktSearch.Run(p, Options(ReducedKktEngine.Search));
            Assert.True(r.Complete, r.Reason);
            Assert.Empty(r.Families);
            Assert.Equal(oracle.Select(q => Key(q.Pattern, q.Direction, q.Sign, q.ValueSquared)).OrderBy(x => x, StringComparer.Ordinal), Points(r));
            compared++; points += r.Points.Count; kinks += r.Points.Count(q => q.OnKink);
        }
        output.WriteLine($"{compared} instances against brute force, {points} points, {kinks} on kinks");
        Assert.True(compared >= 15, $"only {compared} instances where the oracle applies");
        Assert.True(kinks >= 5, $"only {kinks} kink points");
    }

    public static TheoryData<string, int[][], int[], string> Degenerate => new()
    {
        { "Xy = 0", [[1, 0], [0, 1], [1, 1]], [1, 1, -1], "leaky:1/10" },
        { "Xy = 0, d = 3", [[1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 2]], [1, 1, -1, 2, -1], "relu" },
        { "parallel inputs, cancelling labels", [[1, 1], [2, 2], [1, -1]], [2, -1, 1], "leaky:1/3" },
        { "duplicate inputs", [[1, 2, 0], [1, 2, 0], [0, 1, 1], [-1, 0, 1]], [1, 1, -1, 1], "leaky:1/10" },
        { "opposite inputs", [[1, 0, 1], [-1, 0, -1], [0, 1, 0], [1, 1, 1]], [1, 1, -1, 2], "relu" },
        { "zero input", [[0, 0], [1, 2], [2, -1], [-1, 1]], [1, 1, -2, 1], "leaky:1/10" },
        { "zero label", [[1, 0], [1, 2], [2, -1], [-1, 1]], [0, 1, -2, 1], "leaky:1/3" },
        { "f ≡ 0 for linear slopes", [[1, 0], [0, 1], [1, 1]], [1, 1, -1], "linear" },
        { "all on one line", [[1, 1, 1], [2, 2, 2], [-1, -1, -1]], [1, 1, 1], "relu" },
    };

    /// <summary>Degenerate data: continua reported as the same families, duplicated and opposite hyperplanes, zero inputs
    /// and labels, f ≡ 0 — every distinct slope pair of depth 3.</summary>
    [Theory]
    [MemberData(nameof(Degenerate))]
    public void Search_agrees_with_the_SMT_enumeration_on_degenerate_data(string name, int[][] xs, int[] ys, string act)
    {
        var activation = act switch
        {
            "relu" => Activation.Relu,
            "linear" => new Activation(1, Rational.One, 1, "linear"),
            "leaky:1/3" => TestInstances.Leaky(1, 3),
            _ => TestInstances.Leaky(1, 10),
        };
        int families = 0, points = 0;
        // Depth 3: its eight sign vectors give every slope pair depth 2 gives and more; equal pairs are solved once.
        var inst = TestInstances.FromInts(name, xs, ys, activation, 3);
        var slopes = new HashSet<string>();
        {
            foreach (var s in ReducedProblem.AllSignVectors(3))
            {
                var p = ReducedProblem.Create(inst, s);
                if (!slopes.Add($"{p.SlopePos}|{p.SlopeNeg}")) continue;
                var (search, _) = Compare(p, $"{name} s=({string.Join(",", s)})");
                families += search.Families.Count;
                points += search.Points.Count;
                Assert.NotEmpty(search.Degeneracies);
            }
        }
        Assert.True(families + points > 0, $"{name}: nothing found at all");
    }

    /// <summary>With a certificate directory the search writes one completeness statement per value sign; a stock z3
    /// process answers unsat on each (the statement the search proved without a solver).</summary>
    [Fact]
    public void Completeness_statements_are_unsat_for_a_stock_solver()
    {
        var dir = Path.Combine(Path.GetTempPath(), "checker-red-cert-" + Guid.NewGuid().ToString("N"));
        try
        {
            var inst = TestInstances.Random(5, 3, 7, TestInstances.Leaky(1, 10), 2, range: 2);
            var p = ReducedProblem.Create(inst, [1, 1]);
            var r = ReducedKktSearch.Run(p, Options(ReducedKktEngine.Search));
            Assert.True(r.Complete, r.Reason);
            var written = ReducedCertificates.WriteCompleteness(r, dir);
            Assert.Equal(3, written.Count);
            var z3 = ProcessSmtSolver.Z3();
            foreach (var path in written)
            {
                var text = File.ReadAllText(path);
                Assert.Contains("expected: unsat", text);
                var script = string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("(check-sat") && !l.StartsWith("(set-option")));
                var answer = z3.Solve(new SmtQuery(Path.GetFileName(path), script, []), TimeSpan.FromSeconds(30));
                Assert.Equal(SmtStatus.Unsat, answer.Status);
            }
            // Dropping one found pattern's block makes the statement satisfiable: the certificate is not vacuous.
            var first = r.Points.First(q => q.ValueSign > 0).Pattern;
            var weaker = new DirectionBoxSearch(p, ScaledData.Create(p)!, Options(ReducedKktEngine.Search), null, default)
                .CompletenessStatement(1, r.Points.Where(q => q.ValueSign > 0 && q.Pattern != first).Select(q => q.Pattern));
            Assert.Equal(SmtStatus.Sat, z3.Solve(new SmtQuery("weaker", weaker, []), TimeSpan.FromSeconds(30)).Status);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}
