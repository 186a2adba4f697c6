using System.Globalization;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Expressions;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;
using Checker.Symbolic.Tests.Support;

namespace Checker.Symbolic.Tests;

/// <summary>Printers: SMT-LIB2 text is checked by an independent solver, text/LaTeX for determinism and shape.</summary>
public class PrinterTests
{
    private static string AssertPoint(SmtText smt, WeightPoint w, IReadOnlyList<Term> terms)
    {
        var script = "(set-option :produce-models true)\n" + smt.ToScript();
        foreach (var v in smt.DeclaredVariables)
            script += $"(assert (= {NcfExpression.WeightName(0, 0, 0)[..0]}{smtName(v)} {SmtLib.Number(w.Flat[v])}))\n";
        return script + "(check-sat)\n(get-value (" + string.Join(" ", terms) + "))\n";

        string smtName(int v)
        {
            var net = w.Network;
            for (int l = net.Depth; l >= 1; l--)
                if (v >= net.Offset(l)) { int k = v - net.Offset(l); return NcfExpression.WeightName(l, k / net.Widths[l - 1], k % net.Widths[l - 1]); }
            throw new InvalidOperationException();
        }
    }

    [Theory]
    [InlineData(1, "leaky:1/10", false)]
    [InlineData(2, "relu", false)]
    [InlineData(3, "polyleaky:2,1/3", false)]
    [InlineData(4, "signedpoly:3,1/2", false)]
    [InlineData(5, "leaky:1/10", true)]
    [InlineData(6, "polyrelu:2", true)]
    [InlineData(7, "linear", true)]
    public void SmtTextEvaluatesInZ3ToTheExactValues(int seed, string preset, bool perPattern)
    {
        Assert.True(SmtRunner.Available("z3"), "the z3 executable is required (docs/cli.md#solvers)");
        var r = new Random(seed);
        var inst = RandomInstances.Create(r, preset, depth: 3, maxWidth: 3, samples: 3);
        var w = RandomInstances.Point(r, inst.Network);
        var ncf = NcfExpression.Build(inst);
        var exact = ncf.Evaluate(w, k => k.High);
        var options = new SmtPrintOptions { Sign = perPattern ? ncf.SignIn(exact.Pattern) : null };
        var smt = SmtPrinter.Print(ncf.Graph, [ncf.Ncf, .. ncf.Gradient, .. ncf.Outputs], options);
        var output = SmtRunner.Run("z3", "-in", AssertPoint(smt, w, smt.Roots));
        Assert.StartsWith("sat", output.Trim());
        var values = SmtRunner.ParseValues(output);
        Rational[] expected = [exact.Ncf, .. exact.Gradient, .. exact.Outputs];
        Assert.Equal(expected, values);
    }

    [Fact]
    public void SmtIteFormWithClarkeTermCoversBothEndsAtAKink()
    {
        // N = w2·relu(w1·1); at w1 = 0 the σ' term is a free Clarke variable c ∈ [0, 1]: z3 must find both ends.
        var net = new Network([1, 1, 1], RandomInstances.Preset("relu"));
        var ncf = NcfExpression.Build(new Instance("kink", [[1]], [1], net));
        var smt = SmtPrinter.Print(ncf.Graph, [ncf.Gradient[0]], new SmtPrintOptions { ClarkeTerm = _ => Term.Var("c") });
        foreach (var (bound, expect) in new[] { ("(= c 0.0)", "0"), ("(= c 1.0)", "3") })
        {
            var script = "(set-option :produce-models true)\n(declare-const c Real)\n" + smt.ToScript()
                + $"(assert (= w1_0_0 0.0))\n(assert (= w2_0_0 3.0))\n(assert {bound})\n(check-sat)\n(get-value ({smt.Roots[0]}))\n";
            var values = SmtRunner.ParseValues(SmtRunner.Run("z3", "-in", script));
            Assert.Equal(Rational.Parse(expect), values[0]);
        }
    }

    [Fact]
    public void SmtTextIsAcceptedByCvc5()
    {
        if (!SmtRunner.Available("cvc5")) return; // optional second solver; z3 is the required one
        var r = new Random(3);
        var inst = RandomInstances.Create(r, "leaky:1/10", depth: 3, maxWidth: 2, samples: 2);
        var w = RandomInstances.Point(r, inst.Network);
        var ncf = NcfExpression.Build(inst);
        var smt = SmtPrinter.Print(ncf.Graph, [ncf.Ncf]);
        var output = SmtRunner.Run("cvc5", "--lang smt2 --incremental", "(set-logic QF_NRA)\n" + AssertPoint(smt, w, smt.Roots));
        Assert.StartsWith("sat", output.Trim());
        Assert.Equal(ncf.Evaluate(w).Ncf, SmtRunner.ParseValues(output)[0]);
    }

    [Fact]
    public void RationalLiteralsAreExact()
    {
        Assert.Equal("(/ 1 3)", SmtLib.Number(new Rational(1, 3)));
        Assert.Equal("(- (/ 7 2))", SmtLib.Number(new Rational(-7, 2)));
        Assert.Equal("(- 5.0)", SmtLib.Number(-5));
        Assert.Equal("0.0", SmtLib.Number(0));
    }

    [Fact]
    public void SubstitutedVariableTermsReplaceDeclarations()
    {
        var net = new Network([2, 1], RandomInstances.Preset("linear"));
        var ncf = NcfExpression.Build(new Instance("lin", [[1, 2]], [3], net));
        // w1_0_j := s·b_j as SMT text: N = 3(s·b_0 + 2 s·b_1).
        var smt = SmtPrinter.Print(ncf.Graph, [ncf.Ncf], new SmtPrintOptions { VariableTerm = v => Term.Mul(Term.Var("s"), Term.Var($"b{v}")) });
        Assert.Empty(smt.Declarations);
        var script = "(set-option :produce-models true)\n(declare-const s Real)(declare-const b0 Real)(declare-const b1 Real)\n" + smt.ToScript()
            + "(assert (= s 2.0))(assert (= b0 (/ 1 2)))(assert (= b1 (- 1.0)))\n(check-sat)\n(get-value (" + smt.Roots[0] + "))\n";
        Assert.Equal(new Rational(-9), SmtRunner.ParseValues(SmtRunner.Run("z3", "-in", script))[0]);
    }

    [Fact]
    public void TextAndLatexAreDeterministicAndShareSubTerms()
    {
        var inst = new Instance("ex", [[1, 2], [-1, new Rational(1, 2)]], [1, -1], new Network([2, 2, 1], RandomInstances.Preset("leaky:1/10")));
        var a = NcfExpression.Build(inst);
        var b = NcfExpression.Build(inst);
        string ta = ExpressionPrinter.Text(a.Graph, [a.Ncf, .. a.Gradient], ["N", .. a.Graph.VariableNames.Select(n => "dN/d" + n)]);
        string tb = ExpressionPrinter.Text(b.Graph, [b.Ncf, .. b.Gradient], ["N", .. b.Graph.VariableNames.Select(n => "dN/d" + n)]);
        Assert.Equal(ta, tb);
        Assert.Equal(ExpressionPrinter.Latex(a.Graph, [a.Ncf]), ExpressionPrinter.Latex(b.Graph, [b.Ncf]));
        Assert.Contains("σ(", ta);
        Assert.Contains("σ'(", ta);
        Assert.Contains("t1 = ", ta); // pre-activations are used by σ and σ': printed once
        var latex = ExpressionPrinter.Latex(a.Graph, [a.Ncf, a.Gradient[0]], ["N", @"\partial_{1} N"]);
        Assert.StartsWith(@"\begin{aligned}", latex);
        Assert.Contains(@"\sigma\left(", latex);
        Assert.Contains(@"\frac{1}{2}", latex);
        Assert.Equal(SmtPrinter.Print(a.Graph, [a.Ncf]).ToScript(), SmtPrinter.Print(b.Graph, [b.Ncf]).ToScript());
    }
}
