using System.Runtime.CompilerServices;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.IO;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;
using Checker.Verification.Certificates;
using Checker.Verification.RankOne;
using Checker.Verification.Reduced;
using Checker.Verification.Solvers;

namespace Checker.Verification.Tests;

/// <summary>
/// The term-AST printer must not change what is asked: the files in SmtGolden/ were written by the string-interpolating
/// writers it replaced (commit 95db0e2), on a ReLU instance with kinks (relu-kink), a polynomial one (polynomial-deep,
/// p = 2) and a leaky one with Λ = 2 (lambda-two). Each is regenerated here and compared command by command after
/// normalising only spellings that mean the same to a solver: numerals (<c>3</c>, <c>3.0</c>, <c>(/ 3.0 4.0)</c>,
/// <c>(/ 3 4)</c> as the exact rational), <c>declare-fun x () Real</c> vs <c>declare-const x Real</c>, a one-argument
/// <c>or</c>, comments, and the <c>produce-models</c> option and <c>exit</c> of the shared prologue. The certificates
/// among them are then re-run by stock z3 to their <c>; expected:</c> answer.
/// </summary>
public class SmtGoldenTests
{
    private static readonly string Golden = Path.Combine(TestInstances.RepoRoot, "tests", "Verification.Tests", "SmtGolden");
    private static string Example(params string[] parts) => TestInstances.Example(parts);

    /// <summary>Writes, with today's writers, every file that SmtGolden/ holds.</summary>
    private static void Generate(string dir)
    {
        var relu = InstanceReader.Read(Example("basics", "relu-kink.json"));
        var poly = InstanceReader.Read(Example("polynomial-deep.json"));
        var leaky = InstanceReader.Read(Example("lambda-two.json"));
        EulerCertificates.WritePieces(relu, dir, "C1", EulerCertificates.Identity.Both, default);
        EulerCertificates.WritePieces(poly, dir, "C3", EulerCertificates.Identity.PerLayer, default);
        EulerCertificates.WriteMultiplierStep(leaky, dir, "C2");
        EulerCertificates.WriteNormLawStep(poly, dir, "C3");
        var w = WeightReader.Read(Example("basics", "relu-kink-weights.json"), relu.Network);
        var e = ExactEvaluator.Evaluate(relu, w, k => k.High);
        EulerCertificates.WriteViolationWitness(relu, dir, "C1", w.Flat, e.Pattern, e.Kinks, e.ChosenSlopes, "Euler (test)");
        var v = Enumerable.Range(0, poly.Network.WeightCount).Select(j => new Rational(j - 3, j + 2)).ToArray();
        File.Move(EulerCertificates.WriteNormShareWitness(poly, dir, "C3", v, [new Rational(1, 2), 2, 3], 2, "test"), Path.Combine(dir, "C3-share.smt2"), true);
        foreach (var signs in ReducedProblem.AllSignVectors(leaky.Network.Depth))
        {
            var p = ReducedProblem.Create(leaky, signs);
            var enc = new ReducedEncoding(p);
            string tag = string.Concat(signs.Select(s => s > 0 ? 'p' : 'm'));
            foreach (int eps in new[] { 1, 0 })
                File.WriteAllText(Path.Combine(dir, $"reduced-header-{tag}-{eps}.smt2"), SmtLib.Print([.. enc.Header(eps), enc.Block("+-+")]));
            var r = ReducedKktSearch.Run(p, new ReducedKktOptions(new Z3InProcessSolver()));
            Assert.True(r.Complete, r.Reason);
            ReducedCertificates.WriteCompleteness(r, dir);
        }
        int L = relu.Network.Depth;
        var factors = new List<string>();
        for (int l = 1; l <= L; l++)
        {
            if (l < L) for (int r = 0; r < relu.Network.Widths[l]; r++) factors.Add($"a{l}_{r}");
            for (int c = 0; c < relu.Network.Widths[l - 1]; c++) factors.Add($"b{l}_{c}");
        }
        var rank = new RankOneSmtEncoding(relu, factors, (l, r, c) => l == L ? Term.Var($"b{l}_{c}") : Term.Mul(Term.Var($"a{l}_{r}"), Term.Var($"b{l}_{c}")));
        File.WriteAllText(Path.Combine(dir, "rank-one-relu.smt2"), rank.Query("rank-one", [Term.Gt(Term.Var("a1_0"), Term.Zero), .. rank.OffKinks()]).ToCertificate("x"));
        var q = new PolynomialRankOneQueries(poly);
        File.WriteAllText(Path.Combine(dir, "poly-necessity.smt2"), q.Necessity([1, 1, -1, 1], "nec").ToCertificate("x"));
        File.WriteAllText(Path.Combine(dir, "poly-sufficiency-lift.smt2"), q.Sufficiency([1, 2], [1, 1, -1, 1], PolynomialRankOneQueries.SufficiencyPart.Lift, true, "suf").ToCertificate("x"));
        File.WriteAllText(Path.Combine(dir, "poly-sufficiency-one.smt2"), q.Sufficiency([2, 1], [1, 1, -1, 1], PolynomialRankOneQueries.SufficiencyPart.LayerOne, false, "suf").ToCertificate("x"));
    }

    [Fact]
    public void Queries_and_certificates_say_what_the_string_writers_said()
    {
        var dir = Path.Combine(Path.GetTempPath(), "checker-smt-golden-" + Guid.NewGuid().ToString("N"));
        try
        {
            Generate(dir);
            var golden = Directory.GetFiles(Golden, "*.smt2").OrderBy(f => f, StringComparer.Ordinal).ToList();
            Assert.True(golden.Count >= 15, $"only {golden.Count} golden files");
            foreach (var g in golden)
            {
                var now = Path.Combine(dir, Path.GetFileName(g));
                Assert.True(File.Exists(now), $"{Path.GetFileName(g)} is no longer written");
                var want = Canonical(File.ReadAllText(g));
                var got = Canonical(File.ReadAllText(now));
                if (g.EndsWith("completeness.smt2", StringComparison.Ordinal))
                {
                    // The old writer blocked the patterns in the order the search's workers found them; the clauses are a set.
                    want.Sort(StringComparer.Ordinal);
                    got.Sort(StringComparer.Ordinal);
                }
                Assert.True(want.Count > 3, $"{Path.GetFileName(g)}: golden file has only {want.Count} commands");
                for (int k = 0; k < Math.Max(want.Count, got.Count); k++)
                    Assert.True(k < want.Count && k < got.Count && want[k] == got[k],
                        $"{Path.GetFileName(g)}, command {k + 1}:\n was {(k < want.Count ? want[k] : "(none)")}\n now {(k < got.Count ? got[k] : "(none)")}");
            }
            // Stock z3 reproduces each certificate's expected answer from the new text (not the counterexample form, which
            // is written here at a point where Euler holds, so its "expected: sat" header is deliberately false).
            Assert.True(SmtRunnerAvailable(), "the z3 executable is required");
            var z3 = ProcessSmtSolver.Z3();
            int replayed = 0;
            foreach (var f in golden.Select(g => Path.Combine(dir, Path.GetFileName(g))))
            {
                var text = File.ReadAllText(f);
                var expected = text.Split('\n').FirstOrDefault(l => l.StartsWith("; expected: ", StringComparison.Ordinal))?.Split(' ')[2];
                if (expected is not ("sat" or "unsat") || f.EndsWith("C1-counterexample.smt2", StringComparison.Ordinal)) continue;
                var script = string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("(check-sat") && !l.StartsWith("(set-option") && !l.StartsWith("(get-value")));
                var a = z3.Solve(new SmtQuery(Path.GetFileName(f), script, []), TimeSpan.FromSeconds(60));
                Assert.True(a.Status != SmtStatus.Unknown, $"{Path.GetFileName(f)}: z3 undecided ({a.Reason})");
                Assert.True((expected == "sat" ? SmtStatus.Sat : SmtStatus.Unsat) == a.Status, $"{Path.GetFileName(f)}: z3 says {a.Status}, the file expects {expected}");
                replayed++;
            }
            Assert.True(replayed >= 9, $"only {replayed} certificates replayed");
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    private static bool SmtRunnerAvailable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(p => File.Exists(Path.Combine(p, "z3")));

    /// <summary>The commands of an SMT-LIB2 text in a canonical spelling (see the type's summary).</summary>
    private static List<string> Canonical(string text) =>
        SExpr.ParseAll(text).Where(c => c.Head is not ("set-option" or "exit")).Select(Normal).ToList();

    private static string Normal(SExpr e)
    {
        if (!(e.IsAtom && e.Atom is "true" or "false") && SmtModelParser.TryValue(e, out var value)) return "#" + value;
        if (e.IsAtom) return e.Atom!;
        var items = e.Items.Select(Normal).ToList();
        if (items.Count == 4 && items[0] == "declare-fun" && e[2].Count == 0) return $"(declare-const {items[1]} {items[3]})";
        if (items.Count == 2 && items[0] is "or" or "and" or "+" or "*") return items[1];
        return "(" + string.Join(" ", items) + ")";
    }
}
