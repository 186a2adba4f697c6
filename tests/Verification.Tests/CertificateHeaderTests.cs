using Checker.Symbolic.Smt;
using System.Text.RegularExpressions;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Certificates;
using Checker.Verification.Solvers;

namespace Checker.Verification.Tests;

/// <summary>
/// Issue 15: certificates checked without z3. Each file's "; expected:" line must be the answer the run obtained, and
/// what the file states must be true of the mathematics: the exact evaluator (<see cref="ExactModelChecker"/>, rational
/// arithmetic, no solver) evaluates the asserted negation at points where the hypotheses hold and finds it false for an
/// "unsat" file, true for a "sat" witness — and true again once one constant of the file is changed, so the files pin
/// what they claim. (CertificateReplayTests runs the same files through stock z3.)
/// </summary>
public class CertificateHeaderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cert-headers-" + Guid.NewGuid().ToString("N"));
    public void Dispose() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

    private static string[] ExpectedLines(string text) =>
        Regex.Matches(text, @"^; expected: (.*)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();

    private sealed class ScriptedSolver(SmtAnswer answer) : ISmtSolver
    {
        public string Name => "scripted";
        public SmtAnswer Solve(SmtQuery query, TimeSpan limit, CancellationToken cancellationToken = default) => answer;
    }

    [Fact]
    public void Certifying_solver_writes_the_obtained_answer_in_the_header()
    {
        var q = new SmtQuery("a b/c", "(declare-const x Real)\n(assert (> x 1.0))", ["x"]);
        var sat = new SmtAnswer(SmtStatus.Sat, "s1", TimeSpan.FromMilliseconds(1500), new Dictionary<string, Rational> { ["x"] = 2 });
        var cases = new (SmtAnswer Answer, string Expected)[]
        {
            (sat, "sat (obtained by s1 in 1.500 s)"),
            (new SmtAnswer(SmtStatus.Unsat, "s2", TimeSpan.Zero), "unsat (obtained by s2 in 0.000 s)"),
        };
        var all = new List<string>();
        int k = 0;
        foreach (var (answer, expected) in cases)
        {
            var solver = new CertifyingSolver(new ScriptedSolver(answer), _dir);
            Assert.Same(answer, solver.Solve(q, TimeSpan.FromSeconds(1)));
            var file = Assert.Single(solver.Written);
            Assert.Equal($"0001-a_b_c.smt2", Path.GetFileName(file));
            var text = File.ReadAllText(file);
            Assert.Equal([expected], ExpectedLines(text));
            Assert.StartsWith("; checker query a b/c\n", text);
            Assert.Contains("; reproduce: z3 0001-a_b_c.smt2", text);
            Assert.EndsWith("(check-sat)\n(get-value (x))\n", text);
            Assert.Contains("(set-option :produce-models true)\n(declare-const x Real)\n(assert (> x 1.0))\n(check-sat)", text);
            all.Add(text);
            k++;
        }
        // Numbering continues per solver instance, and a query without model variables asks for none.
        var two = new CertifyingSolver(new ScriptedSolver(cases[1].Answer), _dir + "-2");
        two.Solve(q, TimeSpan.FromSeconds(1));
        two.Solve(q with { Name = "next", ModelVariables = [] }, TimeSpan.FromSeconds(1));
        Assert.Equal(["0001-a_b_c.smt2", "0002-next.smt2"], two.Written.Select(f => Path.GetFileName(f)!).ToArray());
        var second = File.ReadAllText(two.Written[1]);
        Assert.DoesNotContain("get-value", second);
        Assert.EndsWith("(check-sat)\n", second);
        Assert.Equal("scripted", two.Name);
        Directory.Delete(_dir + "-2", true);
    }

    [Fact]
    public void An_undecided_query_is_listed_not_written()
    {
        // Issue 13: a file whose expected answer is "unknown" proves nothing and a stock re-run cannot confirm it.
        var q = new SmtQuery("open case", "(declare-const x Real)\n(assert (> (* x x x) 2.0))", ["x"]);
        var undecided = new UndecidedQueries();
        var solver = new CertifyingSolver(new ScriptedSolver(SmtAnswer.Unknown("s3", TimeSpan.Zero, "time limit 1 s reached")), _dir, undecided);
        var answer = solver.Solve(q, TimeSpan.FromSeconds(1));
        Assert.Equal(SmtStatus.Unknown, answer.Status);
        Assert.Empty(solver.Written);
        Assert.False(Directory.Exists(_dir) && Directory.EnumerateFiles(_dir).Any(), "no file for an undecided query");
        var entry = Assert.Single(undecided.Entries);
        Assert.Equal(("open case", "s3", "time limit 1 s reached"), (entry.Query, entry.Solver, entry.Reason));
        Assert.Same(undecided, solver.Undecided);
        // A decided query is still written, and the list of undecided ones is left as it was.
        var next = new CertifyingSolver(new ScriptedSolver(new SmtAnswer(SmtStatus.Unsat, "s2", TimeSpan.Zero)), _dir, undecided);
        next.Solve(q with { Name = "closed" }, TimeSpan.FromSeconds(1));
        Assert.Equal(["0001-closed.smt2"], next.Written.Select(f => Path.GetFileName(f)!).ToArray());
        Assert.Single(undecided.Entries);
    }

    private static Instance Lambda2 => TestInstances.FromInts("lambda-two", [[1, 2], [-1, 1], [1, -3]], [1, -1, 1], TestInstances.Leaky(1, 5), 2, 3);
    private static Instance Deep => TestInstances.FromInts("deep", [[1, 0], [2, -1]], [1, -1], Activation.Relu, 3, 2);
    private static Instance Poly => TestInstances.FromInts("poly", [[1, 2], [-1, 1]], [1, 2], Activation.TryParsePreset("signedpoly:2,1/2", out _)!, 2, 2);

    public static TheoryData<string> Names => new() { "lambda-two", "deep", "poly" };
    private static Instance ByName(string n) => n switch { "lambda-two" => Lambda2, "deep" => Deep, _ => Poly };

    private static Dictionary<string, Rational> Declared(string text, Random rng, Func<string, Rational>? pick = null)
    {
        var model = new Dictionary<string, Rational>();
        foreach (Match m in Regex.Matches(text, @"\(declare-(?:const|fun) (\S+) (?:\(\) )?Real\)"))
            model[m.Groups[1].Value] = pick?.Invoke(m.Groups[1].Value) ?? new Rational(rng.Next(-9, 10), rng.Next(1, 4));
        return model;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Euler_piece_files_state_a_true_identity_and_pin_its_degree(string name)
    {
        var instance = ByName(name);
        var degree = instance.Network.Degree;
        foreach (var identity in new[] { EulerCertificates.Identity.Whole, EulerCertificates.Identity.PerLayer })
        {
            var dir = Path.Combine(_dir, name + identity);
            var files = EulerCertificates.WritePieces(instance, dir, "C2", identity, default);
            Assert.NotEmpty(files);
            var rng = new Random((int)degree);
            foreach (var file in files)
            {
                var text = File.ReadAllText(file);
                Assert.Equal(["unsat"], ExpectedLines(text));
                Assert.Contains($"checker certificate for C2 on instance \"{instance.Name}\"", text);
                Assert.Contains(identity == EulerCertificates.Identity.Whole ? $"(Lambda = {degree})" : "per-layer Euler", text);
                // The asserted violation is false at random weights: the identity holds there, in exact arithmetic.
                for (int t = 0; t < 3; t++)
                    Assert.False(ExactModelChecker.Check(text, Declared(text, rng), out var why), $"{Path.GetFileName(file)} is violated at random weights");
            }
            if (identity != EulerCertificates.Identity.Whole) continue;
            // Λ + 1 in place of Λ: now the violation holds at a random point (P is not identically 0).
            var first = File.ReadAllText(files[0]);
            var token = $"(* {Num(degree)} P_";
            Assert.Contains(token, first);
            var wrong = first.Replace(token, $"(* {Num(degree + 1)} P_");
            Assert.Contains(Enumerable.Range(0, 5), t => ExactModelChecker.Check(wrong, Declared(wrong, rng), out _));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Multiplier_and_norm_law_steps_hold_where_their_hypotheses_hold(string name)
    {
        var instance = ByName(name);
        var net = instance.Network;
        var rng = new Random(7);
        var step = File.ReadAllText(EulerCertificates.WriteMultiplierStep(instance, _dir, "C2"));
        Assert.Equal(["unsat"], ExpectedLines(step));
        Assert.Contains($"lambda = Lambda*N(u) (Lambda = {net.Degree})", step);
        // u = the first unit vector, g = λu, N = λ/Λ: every hypothesis holds and the conclusion λ = ΛN too.
        var lambda = new Rational(3, 2);
        Rational Pick(string v, Rational n, bool first) => v == "lambda" ? lambda : v == "N" ? n : v.StartsWith('g') ? (v == "g0" ? lambda : 0) : first ? 1 : 0;
        string firstWeight = Regex.Match(step, @"\(declare-const (\S+) Real\)").Groups[1].Value;
        var good = Declared(step, rng, v => Pick(v, lambda / net.Degree, v == firstWeight));
        Assert.False(ExactModelChecker.Check(step, good, out _));
        // N = λ/(Λ+1) breaks Euler (a hypothesis), so the file stays unsatisfied there too; Λ misprinted in the
        // conclusion only would make this model satisfy the file.
        var offEuler = Declared(step, rng, v => Pick(v, lambda / (net.Degree + 1), v == firstWeight));
        Assert.False(ExactModelChecker.Check(step, offEuler, out _));
        Assert.True(ExactModelChecker.Check(step.Replace($"(not (= lambda (* {Num(net.Degree)} N)))", $"(not (= lambda (* {Num(net.Degree + 1)} N)))"), good, out _));

        var steps = EulerCertificates.WriteNormLawStep(instance, _dir, "C3");
        Assert.Equal(2, steps.Count);
        var s1 = File.ReadAllText(steps[0]);
        var s2 = File.ReadAllText(steps[1]);
        Assert.Equal(["unsat"], ExpectedLines(s1));
        Assert.Equal(["unsat"], ExpectedLines(s2));
        for (int t = 0; t < 3; t++) Assert.False(ExactModelChecker.Check(s1, Declared(s1, rng), out _));
        // Step 2 at its solution n_l = p^(L−l)/Λ, N = 1, λ = Λ, e_l = p^(L−l): the hypotheses hold and no n_l differs.
        Rational Step2(string v) => v switch
        {
            "lambda" => net.Degree,
            "N" => 1,
            _ when v[0] == 'n' => new Rational(net.LayerDegree(int.Parse(v[1..]))) / net.Degree,
            _ => net.LayerDegree(int.Parse(v[1..])),
        };
        var solution = Declared(s2, rng, Step2);
        Assert.Equal(2 * net.Depth + 2, solution.Count);
        Assert.False(ExactModelChecker.Check(s2, solution, out _));
        Assert.Contains($"||W_l||^2 = p^(L-l)/Lambda for every layer (Lambda = {net.Degree})", s2);
        // Misprint one layer's share and the same model satisfies the file: step 2 pins every share.
        var share = SmtShare(net, 1);
        Assert.Contains(share, s2);
        Assert.True(ExactModelChecker.Check(s2.Replace($"(not (= n1 {share}))", "(not (= n1 7.0))"), solution, out _));
    }

    private static string Num(System.Numerics.BigInteger k) => SmtLib.Number(new Rational(k));

    private static string SmtShare(Network net, int l) => SmtLib.Number(new Rational(net.LayerDegree(l)) / net.Degree);

    [Fact]
    public void Norm_share_witness_is_sat_exactly_when_the_share_differs()
    {
        var instance = Deep;
        var net = instance.Network;
        var rng = new Random(3);
        var v = Enumerable.Range(0, net.WeightCount).Select(_ => new Rational(rng.Next(1, 9), rng.Next(1, 4))).ToArray();
        var ones = Enumerable.Repeat(Rational.One, net.Depth).ToArray();
        var text = File.ReadAllText(EulerCertificates.WriteNormShareWitness(instance, _dir, "C3", v, ones, 1, "a test point"));
        Assert.Equal(["sat"], ExpectedLines(text));
        Assert.Contains("a COUNTEREXAMPLE", text);
        // The weights are pinned in the file; any other value fails.
        var pinned = Regex.Matches(text, @"\(assert \(= (\S+) ([^()]+|\([^()]*\))\)\)").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(net.WeightCount, pinned.Count);
        var exact = Declared(text, rng, n => v[pinned.Keys.ToList().IndexOf(n)]);
        // Share of layer 1 under unit scales: ‖W_1‖²/Σ‖W_k‖²; generically not p^(L−1)/Λ = 1/3, so the file is sat.
        var norms = Enumerable.Range(1, net.Depth).Select(l => { var (r, c) = net.Shape(l); return Enumerable.Range(net.Offset(l), r * c).Aggregate(Rational.Zero, (s, j) => s + v[j] * v[j]); }).ToArray();
        bool differs = norms[0] / norms.Aggregate(Rational.Zero, (s, x) => s + x) != new Rational(net.LayerDegree(1), net.Degree);
        Assert.True(differs);
        Assert.True(ExactModelChecker.Check(text, exact, out var why), why);
        // Scales that balance the layers (c_l² = 1/‖W_l‖² · share_l): the share is right and the file is false there.
        var balanced = Enumerable.Range(1, net.Depth).Select(l => new Rational(net.LayerDegree(l), net.Degree) / norms[l - 1]).ToArray();
        var text2 = File.ReadAllText(EulerCertificates.WriteNormShareWitness(instance, Path.Combine(_dir, "b"), "C3", v, balanced, 1, "balanced"));
        Assert.False(ExactModelChecker.Check(text2, exact, out _));
    }
}
