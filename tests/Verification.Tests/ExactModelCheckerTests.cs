using Checker.Symbolic.Numbers;
using Checker.Verification.Claims;
using Checker.Verification.Solvers;

namespace Checker.Verification.Tests;

/// <summary>
/// Issue 15: the exact re-check of solver models, operator by operator, at the boundaries where a one-token bug would
/// flip the answer (x &lt; y at x = y, an n-ary chain with one failing link, unary versus binary minus, an Int given a
/// fraction, a missing model value). Every model the project reports passes through this evaluator.
/// </summary>
public class ExactModelCheckerTests
{
    private static Rational Q(long p, long q = 1) => new(p, q);

    private static bool Holds(string assertion, params (string Name, Rational Value)[] values)
    {
        var decls = string.Concat(values.Select(v => $"(declare-const {v.Name} Real)\n"));
        return ExactModelChecker.Check(decls + $"(assert {assertion})\n", values.ToDictionary(v => v.Name, v => v.Value), out _);
    }

    [Theory]
    // Comparisons: strict versus non-strict at equality, chains with one failing link.
    [InlineData("(< x y)", 1, 1, false)] [InlineData("(< x y)", 1, 2, true)] [InlineData("(< x y)", 2, 1, false)]
    [InlineData("(<= x y)", 1, 1, true)] [InlineData("(<= x y)", 2, 1, false)] [InlineData("(<= x y)", 1, 2, true)]
    [InlineData("(> x y)", 1, 1, false)] [InlineData("(> x y)", 2, 1, true)] [InlineData("(> x y)", 1, 2, false)]
    [InlineData("(>= x y)", 1, 1, true)] [InlineData("(>= x y)", 1, 2, false)] [InlineData("(>= x y)", 2, 1, true)]
    [InlineData("(= x y)", 1, 1, true)] [InlineData("(= x y)", 1, 2, false)]
    [InlineData("(distinct x y)", 1, 1, false)] [InlineData("(distinct x y)", 1, 2, true)]
    [InlineData("(< x y 3.0)", 1, 2, true)] [InlineData("(< x y 2.0)", 1, 2, false)] [InlineData("(< 0.0 x y)", 1, 2, true)]
    [InlineData("(<= x y 2.0)", 1, 2, true)] [InlineData("(>= 3.0 y x)", 1, 2, true)] [InlineData("(> 3.0 x y)", 1, 2, false)]
    [InlineData("(= x 1.0 x)", 1, 2, true)] [InlineData("(= x x y)", 1, 2, false)] [InlineData("(distinct x y 1.0)", 1, 2, false)]
    [InlineData("(distinct 5.0 x y)", 1, 2, true)]
    // Arithmetic: n-ary sums and products, unary and binary minus, division, to_real.
    [InlineData("(= (+ x y) 3.0)", 1, 2, true)] [InlineData("(= (+ x y x) 4.0)", 1, 2, true)] [InlineData("(= (+ x y) 2.0)", 1, 2, false)]
    [InlineData("(= (* x y) 2.0)", 1, 2, true)] [InlineData("(= (* y y y) 8.0)", 1, 2, true)] [InlineData("(= (* x y) 3.0)", 1, 2, false)]
    [InlineData("(= (- x) (- 1.0))", 1, 2, true)] [InlineData("(= (- x) 1.0)", 1, 2, false)]
    [InlineData("(= (- y x) 1.0)", 1, 2, true)] [InlineData("(= (- x y) 1.0)", 1, 2, false)] [InlineData("(= (- y x x) 0.0)", 1, 2, true)]
    [InlineData("(= (/ x y) 0.5)", 1, 2, true)] [InlineData("(= (/ y x) 0.5)", 1, 2, false)] [InlineData("(= (/ 8.0 y y) 2.0)", 1, 2, true)]
    [InlineData("(= (to_real x) 1.0)", 1, 2, true)] [InlineData("(= (/ 1 3) (/ 2 6))", 1, 2, true)] [InlineData("(= 0.1 (/ 1 10))", 1, 2, true)]
    [InlineData("(= (* 0.5 y) x)", 1, 2, true)]
    // Logic: and, or, not, =>, ite, let, true, false.
    [InlineData("(and (< x y) (< y 3.0))", 1, 2, true)] [InlineData("(and (< x y) (> y 3.0))", 1, 2, false)] [InlineData("(and (> x y) (< y 3.0))", 1, 2, false)]
    [InlineData("(and)", 1, 2, true)] [InlineData("(or)", 1, 2, false)]
    // Three true conjuncts and two true disjuncts: an exclusive-or accumulator (`r ^= …`, a Stryker survivor) gets these wrong.
    [InlineData("(and (< x y) (< y 3.0) (> x 0.0))", 1, 2, true)] [InlineData("(or (< x y) (< y 3.0))", 1, 2, true)] [InlineData("(or (> x y) (< y 3.0) (< x y))", 1, 2, true)]
    [InlineData("(or (> x y) (< y 3.0))", 1, 2, true)] [InlineData("(or (> x y) (> y 3.0))", 1, 2, false)] [InlineData("(or (< x y) (> y 3.0))", 1, 2, true)]
    [InlineData("(not (< x y))", 1, 2, false)] [InlineData("(not (> x y))", 1, 2, true)]
    [InlineData("(=> (< x y) (= y 2.0))", 1, 2, true)] [InlineData("(=> (< x y) (= y 3.0))", 1, 2, false)] [InlineData("(=> (> x y) (= y 3.0))", 1, 2, true)]
    [InlineData("(=> (< x y) (< 0.0 x) (= y 3.0))", 1, 2, false)] [InlineData("(=> (< x y) (> 0.0 x) (= y 3.0))", 1, 2, true)]
    [InlineData("(= (ite (< x y) x y) 1.0)", 1, 2, true)] [InlineData("(= (ite (> x y) x y) 2.0)", 1, 2, true)] [InlineData("(= (ite (< x y) x y) 2.0)", 1, 2, false)]
    [InlineData("(let ((z (+ x y))) (= z 3.0))", 1, 2, true)] [InlineData("(let ((x y)) (= x 2.0))", 1, 2, true)]
    [InlineData("(let ((z x)) (let ((w (* z y))) (= (+ z w) 3.0)))", 1, 2, true)] [InlineData("(let ((z x)) (let ((z y)) (= z 1.0)))", 1, 2, false)]
    [InlineData("true", 1, 2, true)] [InlineData("false", 1, 2, false)]
    public void Operators_evaluate_exactly(string assertion, int x, int y, bool expected) =>
        Assert.Equal(expected, Holds(assertion, ("x", Q(x)), ("y", Q(y))));

    [Fact]
    public void A_rounded_model_fails_and_the_first_false_assertion_is_named()
    {
        const string script = "(declare-fun x () Real)\n(declare-const y Real)\n(assert (= (* 3.0 x) 1.0))\n(assert (< y x))\n";
        Assert.True(ExactModelChecker.Check(script, new Dictionary<string, Rational> { ["x"] = Q(1, 3), ["y"] = 0 }, out var why));
        Assert.Equal("", why);
        Assert.False(ExactModelChecker.Check(script, new Dictionary<string, Rational> { ["x"] = Q(3333, 10000), ["y"] = 0 }, out why));
        Assert.StartsWith("assertion 1 is false under the model: (= (* 3.0 x) 1.0)", why);
        Assert.False(ExactModelChecker.Check(script, new Dictionary<string, Rational> { ["x"] = Q(1, 3), ["y"] = Q(1, 3) }, out why));
        Assert.StartsWith("assertion 2 is false", why);
        Assert.False(ExactModelChecker.Check(script, new Dictionary<string, Rational> { ["x"] = Q(1, 3) }, out why));
        Assert.Equal("model has no value for y", why);
        // A long assertion is shortened in the message.
        var longScript = "(declare-const x Real)\n(assert (= x " + string.Concat(Enumerable.Repeat("(+ 1.0 ", 40)) + "0.0" + new string(')', 40) + "))\n";
        Assert.False(ExactModelChecker.Check(longScript, new Dictionary<string, Rational> { ["x"] = 0 }, out why));
        Assert.EndsWith("…", why);
        Assert.True(why.Length < 260, why);
    }

    [Fact]
    public void Sorts_definitions_and_unsupported_input()
    {
        var model = new Dictionary<string, Rational> { ["n"] = 3, ["b"] = 1, ["c"] = 0, ["h"] = Q(1, 2) };
        const string decls = "(declare-const n Int)\n(declare-const b Bool)\n(declare-const c Bool)\n(declare-const h Real)\n";
        Assert.True(ExactModelChecker.Check(decls + "(assert b)\n(assert (not c))\n(assert (= (to_real n) 3.0))\n", model, out _));
        Assert.False(ExactModelChecker.Check(decls + "(assert c)\n", model, out _));
        Assert.False(ExactModelChecker.Check(decls + "(assert (not b))\n", model, out _));
        Assert.False(ExactModelChecker.Check("(declare-const h Int)\n(assert true)\n", model, out var why));
        Assert.Equal("model gives Int h the non-integer 1/2", why);
        // define-fun without arguments is evaluated once, and later definitions see earlier ones.
        Assert.True(ExactModelChecker.Check(decls + "(define-fun d () Real (* 2.0 h))\n(define-fun e () Real (+ d 1.0))\n(assert (= e 2.0))\n", model, out _));
        Assert.False(ExactModelChecker.Check(decls + "(define-fun d () Real (* 2.0 h))\n(assert (= d 2.0))\n", model, out _));
        // What the evaluator cannot evaluate is a failed re-check (never a pass), with the reason.
        foreach (var bad in new[] { "(assert (= (f h) 1.0))", "(define-fun f ((a Real)) Real a)\n(assert true)", "(assert (= unknown 1.0))", "(assert (= (/ h 0.0) 1.0))", "(assert (< b h))", "(assert (= (" })
        {
            Assert.False(ExactModelChecker.Check(decls + bad + "\n", model, out why), bad);
            Assert.StartsWith("exact re-check could not evaluate the query", why);
        }
        // Comments, check-sat and options are ignored; an empty script is trivially satisfied.
        Assert.True(ExactModelChecker.Check("; a comment (assert false)\n(set-logic QF_LRA)\n(check-sat)\n", new Dictionary<string, Rational>(), out _));
    }

    [Fact]
    public void Model_values_and_numerals_are_read_exactly()
    {
        Assert.True(SmtModelParser.TryNumeral("0.125", out var v)); Assert.Equal(Q(1, 8), v);
        Assert.True(SmtModelParser.TryNumeral("42", out v)); Assert.Equal(Q(42), v);
        Assert.True(SmtModelParser.TryNumeral("7.", out v)); Assert.Equal(Q(7), v);
        foreach (var bad in new[] { "", ".5", "-1", "1e3", "x", "1.2.3", "1/2" }) Assert.False(SmtModelParser.TryNumeral(bad, out _), bad);
        var (m, non) = SmtModelParser.Parse("((a (- 3)) (b (/ 1 4)) (c (- (/ 3 2))) (d true) (e false) (f (/ 1 0)))");
        Assert.Equal(Q(-3), m["a"]); Assert.Equal(Q(1, 4), m["b"]); Assert.Equal(Q(-3, 2), m["c"]);
        Assert.Equal(Rational.One, m["d"]); Assert.Equal(Rational.Zero, m["e"]);
        Assert.Contains("f", non);
        Assert.False(m.ContainsKey("f"));
        Assert.Throws<FormatException>(() => SmtModelParser.Parse("sat"));
        Assert.Throws<FormatException>(() => SmtModelParser.Parse(""));
        Assert.Throws<FormatException>(() => SmtModelParser.Parse("((x))"));
        Assert.Throws<FormatException>(() => SmtModelParser.Parse("(x)"));
    }

    [Fact]
    public void SExpressions_parse_comments_quotes_and_report_completeness()
    {
        var all = SExpr.ParseAll("(a (b c)) ; comment (x)\n|q r| \"s t\" d");
        Assert.Equal(["(a (b c))", "|q r|", "\"s t\"", "d"], all.Select(e => e.ToString()).ToArray());
        Assert.Equal("a", all[0].Head);
        Assert.Equal("", all[3].Head);
        Assert.Equal(2, all[0].Count);
        Assert.Throws<FormatException>(() => SExpr.ParseAll("(a (b)"));
        Assert.Throws<FormatException>(() => SExpr.ParseAll(")"));
        Assert.True(SExpr.IsComplete("sat\n"));
        Assert.True(SExpr.IsComplete("((x 1))"));
        Assert.False(SExpr.IsComplete("((x 1)"));
        Assert.False(SExpr.IsComplete(""));
        Assert.False(SExpr.IsComplete("   "));
        Assert.True(SExpr.IsComplete("(\"a)\")"));
        Assert.False(SExpr.IsComplete("(|a)|"));
        Assert.False(SExpr.IsComplete("; only (a comment)\n"));
    }

    [Fact]
    public void Verdict_names_and_exit_codes()
    {
        Assert.Equal("holds", Verdict.Holds.Name());
        Assert.Equal("holds-numerically", Verdict.HoldsNumerically.Name());
        Assert.Equal("counterexample", Verdict.Counterexample.Name());
        Assert.Equal("inconclusive", Verdict.Inconclusive.Name());
        Assert.Equal("not-applicable", Verdict.NotApplicable.Name());
        Assert.Throws<ArgumentOutOfRangeException>(() => ((Verdict)99).Name());
        Assert.Equal(0, VerdictNames.ExitCode([]));
        Assert.Equal(0, VerdictNames.ExitCode([Verdict.Holds, Verdict.HoldsNumerically, Verdict.NotApplicable]));
        Assert.Equal(1, VerdictNames.ExitCode([Verdict.Counterexample]));
        Assert.Equal(3, VerdictNames.ExitCode([Verdict.Inconclusive]));
        Assert.Equal(3, VerdictNames.ExitCode([Verdict.Holds, Verdict.Inconclusive, Verdict.Holds]));
        // A counterexample wins over an inconclusive claim, before or after it.
        Assert.Equal(1, VerdictNames.ExitCode([Verdict.Inconclusive, Verdict.Counterexample]));
        Assert.Equal(1, VerdictNames.ExitCode([Verdict.Counterexample, Verdict.Inconclusive]));
        Assert.Equal(1, VerdictNames.ExitCode([Verdict.Holds, Verdict.Counterexample, Verdict.Holds]));
    }
}
