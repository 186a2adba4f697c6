using System.Diagnostics;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;
using Checker.Verification.Reduced;
using Checker.Verification.Solvers;

namespace Checker.Verification.Tests;

public class SolverTests
{
    private static readonly ISmtSolver[] Backends = [new Z3InProcessSolver(), ProcessSmtSolver.Z3(), ProcessSmtSolver.Cvc5()];

    private static SmtQuery Q(string name, string script, params string[] vars) => new(name, script, vars);

    /// <summary>A battery with known answers: linear and non-linear, sat and unsat, fractions and negatives in models.</summary>
    public static IEnumerable<(SmtQuery Query, SmtStatus Expected)> Battery()
    {
        yield return (Q("lra-sat", "(declare-fun x () Real)(declare-fun y () Real)(assert (= (* 3 x) 1))(assert (< y (- 2)))(assert (> (+ x y) (- 5)))", "x", "y"), SmtStatus.Sat);
        yield return (Q("lra-unsat", "(declare-fun x () Real)(assert (> x 1))(assert (< (* 2 x) 1))"), SmtStatus.Unsat);
        yield return (Q("lra-bool", "(declare-fun p () Bool)(declare-fun x () Real)(assert (=> p (> x 2)))(assert (=> (not p) (< x (- 2))))(assert (> (* x x) 0))(assert (= p (> x 0)))", "p", "x"), SmtStatus.Sat);
        yield return (Q("nra-unsat", "(declare-fun x () Real)(assert (< (* x x) 0))"), SmtStatus.Unsat);
        // (cvc5 1.0.3 without libpoly does not terminate on x·y = 6 ∧ x + y = 5; this one it decides.)
        yield return (Q("nra-sat-rational", "(declare-fun x () Real)(declare-fun y () Real)(assert (= (* x y) 6))(assert (= x 2))(assert (> (* y y) 1))", "x", "y"), SmtStatus.Sat);
        yield return (Q("lia-unsat", "(declare-fun n () Int)(assert (> (* 2 n) 3))(assert (< (* 2 n) 5))(assert (not (= n 2)))"), SmtStatus.Unsat);
        yield return (Q("let-ite", "(declare-fun x () Real)(assert (let ((y (+ x 1))) (and (= (ite (> y 0) y (- y)) (/ 7 2)) (< x 0))))", "x"), SmtStatus.Sat);
        // A reduced-problem query (the encoding actually used), sat and, with its point blocked, another answer.
        var inst = TestInstances.FromInts("t", [[1, 2], [-1, 1], [2, -1], [0, 1]], [1, -1, 1, 2], TestInstances.Leaky(1, 10), 2);
        var enc = new ReducedEncoding(ReducedProblem.Create(inst, [1, 1]));
        yield return (Q("reduced", SmtLib.Print(enc.Header(1)), enc.Variables(1).ToArray()), SmtStatus.Sat);
    }

    [Fact]
    public void Backends_agree_on_a_battery_and_every_model_passes_the_exact_recheck()
    {
        foreach (var (query, expected) in Battery())
            foreach (var solver in Backends)
            {
                var a = solver.Solve(query, TimeSpan.FromSeconds(20));
                Assert.True(expected == a.Status, $"{solver.Name} on {query.Name}: {a.Status} {a.Reason}");
                if (a.Status != SmtStatus.Sat) continue;
                Assert.Empty(a.NonRational!);
                Assert.True(ExactModelChecker.Check(query.Script, a.Model!, out var why), $"{solver.Name} on {query.Name}: {why}");
            }
    }

    [Fact]
    public void Portfolio_answers_and_names_the_winner()
    {
        var p = new PortfolioSolver(new Z3InProcessSolver(), ProcessSmtSolver.Cvc5());
        foreach (var (query, expected) in Battery())
        {
            var a = p.Solve(query, TimeSpan.FromSeconds(20));
            Assert.Equal(expected, a.Status);
            Assert.StartsWith("portfolio(", a.Solver);
        }
    }

    // x³ + y³ = z³ in positive integers: no solver terminates on it (non-linear integer arithmetic).
    private static readonly SmtQuery Hanging = Q("hang", "(declare-fun x () Int)(declare-fun y () Int)(declare-fun z () Int)(assert (> x 0))(assert (> y 0))(assert (> z 0))(assert (= (+ (* x x x) (* y y y)) (* z z z)))", "x");

    [Fact]
    public void Hanging_query_is_killed_at_its_limit_and_leaves_no_process()
    {
        foreach (var solver in new[] { ProcessSmtSolver.Z3(), ProcessSmtSolver.Cvc5() })
        {
            var sw = Stopwatch.StartNew();
            var a = solver.Solve(Hanging, TimeSpan.FromSeconds(1));
            Assert.Equal(SmtStatus.Unknown, a.Status);
            Assert.Contains("time limit", a.Reason);
            // Generous bound: the limit is 1 s; this only catches a kill that never happens.
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(15), $"{solver.Name} took {sw.Elapsed}");
            Assert.ThrowsAny<ArgumentException>(() => Process.GetProcessById(solver.LastProcessId));
        }
    }

    [Fact]
    public void Hanging_query_in_process_is_interrupted()
    {
        var sw = Stopwatch.StartNew();
        var a = new Z3InProcessSolver().Solve(Hanging, TimeSpan.FromSeconds(1));
        Assert.Equal(SmtStatus.Unknown, a.Status);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(15));
        // The library is still usable afterwards.
        Assert.Equal(SmtStatus.Unsat, new Z3InProcessSolver().Solve(Battery().First(b => b.Query.Name == "lra-unsat").Query, TimeSpan.FromSeconds(10)).Status);
    }

    [Fact]
    public void Forged_model_is_caught_by_the_exact_recheck()
    {
        var (query, _) = Battery().First(b => b.Query.Name == "lra-sat");
        var good = new Z3InProcessSolver().Solve(query, TimeSpan.FromSeconds(10)).Model!;
        Assert.True(ExactModelChecker.Check(query.Script, good, out _));
        // 0.3333 is not 1/3: a rounded model must fail.
        var forged = new Dictionary<string, Rational>(good) { ["x"] = new Rational(3333, 10000) };
        Assert.False(ExactModelChecker.Check(query.Script, forged, out var why));
        Assert.Contains("assertion 1", why);
        Assert.False(ExactModelChecker.Check(query.Script, new Dictionary<string, Rational> { ["x"] = new Rational(1, 3) }, out why));
        Assert.Contains("no value for y", why);
    }

    private sealed class LyingSolver : ISmtSolver
    {
        public string Name => "liar";
        public SmtAnswer Solve(SmtQuery query, TimeSpan limit, CancellationToken cancellationToken = default) =>
            new(SmtStatus.Sat, Name, TimeSpan.Zero, query.ModelVariables.ToDictionary(v => v, _ => Rational.One), []);
    }

    [Fact]
    public void Enumeration_with_a_lying_solver_is_not_complete()
    {
        var inst = TestInstances.FromInts("t", [[1, 2], [-1, 1], [2, -1]], [1, -1, 1], TestInstances.Leaky(1, 10), 2);
        var r = ReducedKktEnumerator.Enumerate(ReducedProblem.Create(inst, [1, 1]), new ReducedKktOptions(new LyingSolver()) { Seed = false });
        Assert.False(r.Complete);
        Assert.Contains("exact re-check", r.Reason);
        Assert.Empty(r.Points);
    }

    [Fact]
    public void Models_are_parsed_exactly()
    {
        var (m, non) = SmtModelParser.Parse("((x (/ 1.0 3.0)) (y (- 2)) (z 0.125) (w (/ (- 1) 3)) (v (root-obj (+ (^ x 2) (- 2)) 1)))");
        Assert.Equal(new Rational(1, 3), m["x"]);
        Assert.Equal((Rational)(-2), m["y"]);
        Assert.Equal(new Rational(1, 8), m["z"]);
        Assert.Equal(new Rational(-1, 3), m["w"]);
        Assert.Equal(["v"], non);
    }

    [Fact]
    public void Certificates_reproduce_the_verdict_with_a_stock_solver()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ver-cert-" + Guid.NewGuid().ToString("N"));
        try
        {
            var inst = TestInstances.FromInts("t", [[1, 2], [-1, 1], [2, -1], [1, 1]], [1, -1, 1, -1], TestInstances.Leaky(1, 10), 2);
            var solver = new CertifyingSolver(new Z3InProcessSolver(), dir);
            var r = ReducedKktEnumerator.Enumerate(ReducedProblem.Create(inst, [1, 1]), new ReducedKktOptions(solver));
            Assert.True(r.Complete);
            Assert.NotEmpty(solver.Written);
            foreach (var file in solver.Written)
            {
                var expected = File.ReadLines(file).First(l => l.StartsWith("; expected: ")).Split(' ')[2];
                var psi = new ProcessStartInfo("z3", [file]) { RedirectStandardOutput = true };
                using var proc = Process.Start(psi)!;
                var first = proc.StandardOutput.ReadLine();
                proc.WaitForExit();
                Assert.Equal(expected, first);
            }
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}
