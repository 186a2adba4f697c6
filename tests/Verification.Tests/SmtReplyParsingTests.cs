using Checker.Symbolic.Numbers;
using Checker.Verification.Solvers;

namespace Checker.Verification.Tests;

/// <summary>
/// Issue 15: the reader of solver replies and scripts (<see cref="SExpr"/>) and of get-value models
/// (<see cref="SmtModelParser"/>), at the places where a one-token bug changes what is read: the tokenizer's bounds at the
/// end of the text (a comment, a quoted symbol or a string left open there), every character that ends an atom, the
/// arity of <c>(- t)</c> and <c>(/ t t)</c>, and the shapes a <c>root-obj</c> must have to be read as ±√(−B/A). A model
/// read wrongly is re-checked against the wrong values, so these readers are proof-critical.
/// </summary>
public class SmtReplyParsingTests
{
    private static Rational Q(long p, long q = 1) => new(p, q);

    private static string[] Texts(string text) => SExpr.ParseAll(text).Select(e => e.ToString()).ToArray();

    [Fact]
    public void Every_character_that_ends_an_atom_ends_it()
    {
        // Whitespace of every kind, a comment, an opening and a closing parenthesis all end an atom.
        Assert.Equal(["(a b c d)"], Texts("(a\tb\r\nc\u00A0d)"));
        Assert.Equal(["(a b)"], Texts("(a;comment ) (x\nb)"));
        Assert.Equal(["a", "(b)", "c"], Texts("a(b)c"));
        Assert.Equal(["(a)", "(b)"], Texts("(a)(b)"));
        Assert.Equal(["x"], Texts("  \n x \t "));
        Assert.Equal(3, SExpr.ParseAll("(f (g) h)")[0].Count);
    }

    [Fact]
    public void Comments_and_whitespace_at_the_end_of_the_text_are_skipped()
    {
        // A comment with no newline after it ends the text: the skip must stop at the end, not read past it.
        Assert.Equal(["(a)"], Texts("(a) ; trailing comment"));
        Assert.Equal(["x"], Texts("x;"));
        Assert.Empty(SExpr.ParseAll(""));
        Assert.Empty(SExpr.ParseAll(" \n\t"));
        Assert.Empty(SExpr.ParseAll("; only a comment"));
        Assert.Empty(SExpr.ParseAll("; one\n; two\n"));
        Assert.Equal(["(a b)"], Texts("(a ; a comment inside a list )\n b)"));
    }

    [Fact]
    public void Quoted_symbols_and_strings_are_single_atoms()
    {
        Assert.Equal(["(x |a b| y)"], Texts("(x |a b| y)"));
        var items = SExpr.ParseAll("(x |a ; (b| \"c ) d\" e)")[0].Items.Select(i => i.Atom!).ToArray();
        Assert.Equal(["x", "|a ; (b|", "\"c ) d\"", "e"], items);
        // The closing quote ends the atom even when no space follows it.
        Assert.Equal(["|a|", "b"], Texts("|a|b"));
        Assert.Equal(["(|a|)"], Texts("(|a|)"));
        // A quote left open at the end of the text is kept as written: no closing quote is invented, nothing past the end read.
        Assert.Equal(["|abc"], Texts("|abc"));
        Assert.Equal(["\"ab"], Texts("\"ab"));
        Assert.Throws<FormatException>(() => SExpr.ParseAll("(x |a)"));
    }

    [Fact]
    public void Unbalanced_input_is_a_format_error_that_says_which()
    {
        Assert.Contains("unbalanced '('", Assert.Throws<FormatException>(() => SExpr.ParseAll("(a (b)")).Message);
        Assert.Contains("unbalanced '('", Assert.Throws<FormatException>(() => SExpr.ParseAll("(")).Message);
        Assert.Contains("unexpected ')'", Assert.Throws<FormatException>(() => SExpr.ParseAll(")")).Message);
        Assert.Contains("unexpected ')'", Assert.Throws<FormatException>(() => SExpr.ParseAll("(a))")).Message);
        Assert.Contains("unexpected ')'", Assert.Throws<FormatException>(() => SExpr.ParseAll("a )")).Message);
    }

    [Fact]
    public void Heads_counts_and_printing()
    {
        var e = SExpr.ParseAll("() ((a) b) (f x) z")!;
        Assert.Equal("", e[0].Head);           // empty list: no first item to read
        Assert.Equal("", e[1].Head);           // the first item is a list, not a symbol
        Assert.Equal("f", e[2].Head);
        Assert.Equal("", e[3].Head);           // an atom has no head
        Assert.Equal(0, e[0].Count);
        Assert.False(e[0].IsAtom);
        Assert.True(e[3].IsAtom);
        Assert.Equal("x", e[2][1].Atom);
        Assert.Equal(["()", "((a) b)", "(f x)", "z"], e.Select(x => x.ToString()).ToArray());
        Assert.Equal("(a (b ()) c)", SExpr.List([SExpr.Symbol("a"), SExpr.List([SExpr.Symbol("b"), SExpr.List([])]), SExpr.Symbol("c")]).ToString());
    }

    [Theory]
    [InlineData("sat", true)] [InlineData("sat\n", true)] [InlineData("  unsat  ", true)] [InlineData("a b", true)]
    [InlineData("sat ; a trailing comment", true)]        // comment at the very end: the skip stops at the end
    [InlineData("; c\nsat", true)]
    [InlineData("()", true)] [InlineData("((x 1)) trailing", true)]
    [InlineData("(a ; )\n", false)] [InlineData("(a ; )\n)", true)]  // a ')' inside a comment does not close
    [InlineData("(a \")\" ", false)] [InlineData("(a \")\")", true)] // nor inside a string
    [InlineData("(a |)| ", false)] [InlineData("(a |)|)", true)]     // nor inside a quoted symbol
    [InlineData("(\"abc", false)] [InlineData("(|abc", false)]        // a quote left open at the end
    [InlineData("\"abc\"", true)] [InlineData("|abc|", true)]        // a lone string or quoted symbol is a reply
    [InlineData("a (b", false)] [InlineData("a (b c) (d", true)]     // the first balanced list closes the reply
    [InlineData("x )", false)] [InlineData(")", false)]
    [InlineData(" \t\n", false)] [InlineData("", false)] [InlineData("(", false)]
    public void Completeness_of_a_reply(string text, bool complete) => Assert.Equal(complete, SExpr.IsComplete(text));

    [Theory]
    [InlineData("(- 3)", true, -3, 1)] [InlineData("(- (- 3))", true, 3, 1)] [InlineData("(- 0.5)", true, -1, 2)]
    [InlineData("(/ 6 4)", true, 3, 2)] [InlineData("(/ (- 6) (- 4))", true, 3, 2)] [InlineData("(/ 1.5 (- 3))", true, -1, 2)]
    [InlineData("007", true, 7, 1)] [InlineData("0.50", true, 1, 2)] [InlineData("12.345", true, 2469, 200)]
    [InlineData("0", true, 0, 1)] [InlineData("0.0", true, 0, 1)] [InlineData("true", true, 1, 1)] [InlineData("false", true, 0, 1)]
    // Not rational constants of the accepted forms: unary and binary operators other than the two, wrong arities, symbols.
    [InlineData("(+ 5)", false, 0, 1)] [InlineData("(abs 5)", false, 0, 1)] [InlineData("(- 6 3)", false, 0, 1)]
    [InlineData("(* 6 3)", false, 0, 1)] [InlineData("(/ 6)", false, 0, 1)] [InlineData("(/ 1 2 3)", false, 0, 1)]
    [InlineData("(-)", false, 0, 1)] [InlineData("(- 1 2 3)", false, 0, 1)] [InlineData("(/ 6 0)", false, 0, 1)]
    [InlineData("(/ 6 (- 0))", false, 0, 1)] [InlineData("(- x)", false, 0, 1)] [InlineData("(/ x 2)", false, 0, 1)]
    [InlineData("(/ 2 x)", false, 0, 1)] [InlineData("((- 3))", false, 0, 1)] [InlineData("()", false, 0, 1)]
    [InlineData("(to_real 5)", false, 0, 1)]
    [InlineData(".", false, 0, 1)] [InlineData(".5", false, 0, 1)] [InlineData("1.-2", false, 0, 1)] [InlineData("1..2", false, 0, 1)]
    [InlineData("+1", false, 0, 1)] [InlineData("1 ", false, 0, 1)] [InlineData("\u0661\u0662", false, 0, 1)] [InlineData("|1|", false, 0, 1)]
    public void Constant_values(string text, bool ok, long p, long q)
    {
        var e = text.Length > 0 && (text[0] == '(' || text == "()") ? SExpr.ParseAll(text)[0] : SExpr.Symbol(text);
        Assert.Equal(ok, SmtModelParser.TryValue(e, out var v));
        if (ok) Assert.Equal(Q(p, q), v);
    }

    [Fact]
    public void Get_value_replies_are_read_by_name()
    {
        var (m, non) = SmtModelParser.Parse("((x 1) (|a b| (/ 1 3)) (y (- 6 3)) (z (+ 5)) (w (root-obj (+ (^ x 2) (- 2)) 1)))");
        Assert.Equal(Q(1), m["x"]);
        Assert.Equal(Q(1, 3), m["a b"]);               // a quoted name is unquoted
        Assert.Equal(["y", "z", "w"], non);            // binary minus, unary plus and root-obj are not read as constants
        Assert.Equal(2, m.Count);
        var (empty, none) = SmtModelParser.Parse("()");
        Assert.Empty(empty);
        Assert.Empty(none);
    }

    [Fact]
    public void Malformed_get_value_replies_are_format_errors_that_quote_the_reply()
    {
        Assert.StartsWith("get-value reply is not a list: sat", Assert.Throws<FormatException>(() => SmtModelParser.Parse("sat")).Message);
        Assert.StartsWith("get-value reply is not a list: ", Assert.Throws<FormatException>(() => SmtModelParser.Parse(" ; nothing")).Message);
        Assert.Equal("get-value entry is not a pair: (x 1 2)", Assert.Throws<FormatException>(() => SmtModelParser.Parse("((x 1 2))")).Message);
        Assert.Equal("get-value entry is not a pair: x", Assert.Throws<FormatException>(() => SmtModelParser.Parse("(x 1)")).Message);
        Assert.Equal("get-value entry is not a pair: (x)", Assert.Throws<FormatException>(() => SmtModelParser.Parse("((y 2) (x))")).Message);
        // A long reply is quoted to its first 200 characters; one of exactly 200 is quoted whole.
        string exact = new('a', 200), longer = new('b', 201);
        Assert.Equal("get-value reply is not a list: " + exact, Assert.Throws<FormatException>(() => SmtModelParser.Parse(exact)).Message);
        Assert.Equal("get-value reply is not a list: " + new string('b', 200) + "…", Assert.Throws<FormatException>(() => SmtModelParser.Parse(longer)).Message);
    }

    [Fact]
    public void Only_pure_quadratic_root_objects_are_read_as_signed_square_roots()
    {
        var roots = SmtModelParser.QuadraticRoots(
            "((v (root-obj (+ (^ x 2) (- 2)) 1)) (w (root-obj (+ (* 3 (^ x 2)) (- 12)) 2)) (|q r| (root-obj (+ (* (/ 1 2) (^ y 2)) (- 1)) 2))" +
            " (zero (root-obj (+ (^ x 2) 0) 1)) (pos (root-obj (+ (^ x 2) 2) 2)) (a0 (root-obj (+ (* 0 (^ x 2)) (- 2)) 1))" +
            " (k3 (root-obj (+ (^ x 2) (- 2)) 3)) (k0 (root-obj (+ (^ x 2) (- 2)) 0)) (kx (root-obj (+ (^ x 2) (- 2)) x))" +
            " (cube (root-obj (+ (^ x 3) (- 2)) 1)) (shift (root-obj (+ (^ (+ x 1) 2) (- 2)) 1)) (minus (root-obj (- (^ x 2) 2) 1))" +
            " (four (root-obj (+ (^ x 2) (- 2) 1) 1)) (extra (root-obj (+ (^ x 2) (- 2)) 1 1)) (sq3 (root-obj (+ (^ x 2 1) (- 2)) 1))" +
            " (mul3 (root-obj (+ (* 2 (^ x 2) 1) (- 2)) 1)) (mulx (root-obj (+ (* x (^ x 2)) (- 2)) 1)) (b (root-obj (+ (^ x 2) y) 1))" +
            " (other (f (+ (^ x 2) (- 2)) 1)) (plain 5) (atom root-obj) (triple 1 2))");
        Assert.Equal((Q(2), -1), roots["v"]);         // root 1 is the negative root
        Assert.Equal((Q(4), 1), roots["w"]);          // 3x² − 12: the square is 12/3
        Assert.Equal((Q(2), 1), roots["q r"]);
        Assert.Equal(["q r", "v", "w"], roots.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Empty(SmtModelParser.QuadraticRoots("sat"));
        Assert.Empty(SmtModelParser.QuadraticRoots(""));
    }
}
