using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;

namespace Checker.Symbolic.Tests;

/// <summary>The one SMT-LIB2 printer (<see cref="SmtLib"/>): exact numbers, quoting, n-ary shapes, let, documents.</summary>
public class SmtLibTests
{
    [Theory]
    [InlineData(0, 1, "0.0")]
    [InlineData(3, 1, "3.0")]
    [InlineData(-5, 1, "(- 5.0)")]
    [InlineData(1, 3, "(/ 1 3)")]
    [InlineData(-7, 2, "(- (/ 7 2))")]
    [InlineData(6, -4, "(- (/ 3 2))")]
    public void Rationals_print_exactly_with_the_sign_outside(long num, long den, string text)
    {
        Assert.Equal(text, SmtLib.Print(Term.Real(new Rational(num, den))));
        Assert.Equal(text, SmtLib.Number(new Rational(num, den)));
    }

    [Fact]
    public void Huge_rationals_are_not_rounded()
    {
        var q = new Rational(System.Numerics.BigInteger.Pow(10, 40) + 1, System.Numerics.BigInteger.Pow(3, 50));
        Assert.Equal($"(/ {q.Numerator} {q.Denominator})", SmtLib.Print((Term)q));
        Assert.Equal($"(- (/ {q.Numerator} {q.Denominator}))", SmtLib.Print((Term)(-q)));
    }

    [Theory]
    [InlineData("w1_0_2", "w1_0_2")]
    [InlineData("th_17", "th_17")]
    [InlineData("a.b-c+d<=e?", "a.b-c+d<=e?")]
    [InlineData("x y", "|x y|")]
    [InlineData("2b", "|2b|")]
    [InlineData("λ", "|λ|")]
    [InlineData("let", "|let|")]
    [InlineData("assert", "|assert|")]
    [InlineData("a(b)", "|a(b)|")]
    [InlineData("semi;colon", "|semi;colon|")]
    public void Names_are_quoted_only_when_they_are_not_simple_symbols(string name, string text)
    {
        Assert.Equal(text, SmtLib.Print(Term.Var(name)));
        Assert.Equal($"(declare-const {text} Real)", SmtLib.Print(new DeclareConst(name)));
        Assert.Equal(name, SmtLib.Unquote(text));
    }

    [Theory]
    [InlineData("a|b")]
    [InlineData("back\\slash")]
    public void Names_that_cannot_be_quoted_are_rejected(string name) =>
        Assert.Throws<ArgumentException>(() => SmtLib.Print(Term.Var(name)));

    [Fact]
    public void Sums_products_and_disjunctions_keep_the_shapes_solvers_were_measured_on()
    {
        var x = Term.Var("x");
        var y = Term.Var("y");
        Assert.Equal("0.0", Term.Sum([]).ToString());
        Assert.Equal("x", Term.Sum([x]).ToString());
        Assert.Equal("(+ x y x)", Term.Sum([x, y, x]).ToString());
        Assert.Equal("(+ x (* (- 2.0) y))", Term.Linear([(1, x), (0, Term.Var("z")), (-2, y)]).ToString());
        Assert.Equal("(+ (* x x) (* y y))", Term.Dot([x, y], [x, y]).ToString());
        Assert.Equal("false", Term.Or([]).ToString());
        Assert.Equal("(<= x 0.0)", Term.Or([Term.Le(x, Term.Zero)]).ToString());
        Assert.Equal("(or (<= x 0.0) (> y (/ 1 2)))", Term.Or(Term.Le(x, Term.Zero), Term.Gt(y, new Rational(1, 2))).ToString());
        Assert.Equal("(ite (>= x 0.0) (* x x x) (- (* 2.0 x)))", Term.Ite(Term.Ge(x, 0), Term.Mul(x, x, x), Term.Neg(Term.Mul(2, x))).ToString());
    }

    [Fact]
    public void Lets_nest_and_bind_in_parallel()
    {
        var x = Term.Var("x");
        var inner = Term.Let([("y", Term.Add(x, 1)), ("z", Term.Mul(x, x))], Term.Sub(Term.Var("y"), Term.Var("z")));
        var outer = Term.Let([("x", new Rational(-1, 3))], Term.Eq(inner, Term.Zero));
        Assert.Equal("(let ((x (- (/ 1 3)))) (= (let ((y (+ x 1.0)) (z (* x x))) (- y z)) 0.0))", outer.ToString());
        Assert.Equal("(let ((|a b| 1.0)) |a b|)", Term.Let([("a b", Term.One)], Term.Var("a b")).ToString());
    }

    [Fact]
    public void Commands_and_documents_print_one_per_line_with_the_prologue_once()
    {
        var script = new SmtScript().Logic("QF_NRA");
        var x = script.Declare("x");
        var sq = script.Define("sq", Term.Mul(x, x));
        script.Comment("two\nlines").Assert(Term.Eq(sq, 2));
        Assert.Equal("(set-logic QF_NRA)\n(declare-const x Real)\n(define-fun sq () Real (* x x))\n; two\n; lines\n(assert (= sq 2.0))\n", script.ToString());
        var doc = SmtLib.Document("checker query q\nexpected: sat", script.ToString(), ["x", "my var"]);
        Assert.Equal("; checker query q\n; expected: sat\n(set-option :produce-models true)\n" + script + "(check-sat)\n(get-value (x |my var|))\n", doc);
        Assert.Equal(1, doc.Split('\n').Count(l => l.StartsWith("(set-option", StringComparison.Ordinal)));
        Assert.Equal("(set-option :produce-models true)\n(check-sat)\n", SmtLib.Document(null, ""));
    }

    [Fact]
    public void Printing_is_deterministic_and_structural_equality_holds()
    {
        Term Build()
        {
            var terms = Enumerable.Range(0, 50).Select(i => Term.Mul(new Rational(i - 25, i + 1), Term.Var($"v{i}")));
            return Term.And(Term.Ge(Term.Sum(terms), Term.Zero), Term.Not(Term.Eq(Term.Var("v3"), new Rational(-2, 7))));
        }
        var a = Build();
        var b = Build();
        Assert.Equal(a.ToString(), b.ToString());
        Assert.Equal(SmtLib.Print(new Assertion(a)), SmtLib.Print(new Assertion(b)));
        Assert.Equal(new Constant(new Rational(2, 4)), new Constant(new Rational(1, 2)));
        Assert.Equal(Term.Var("x"), Term.Var("x"));
    }
}
