using System.Collections.Immutable;
using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Smt;

/// <summary>
/// An SMT-LIB2 term over Real and Bool: an exact rational constant, a symbol, an application of an operator, or a
/// <c>let</c>. Immutable; every query and certificate is built from these and printed by <see cref="SmtLib"/>, so
/// number formatting, name quoting and the n-ary shapes (an empty sum is <c>0.0</c>, a one-term sum is the term) are
/// decided in one place. The builders keep the shapes the solvers were measured on: no flattening, no reordering.
/// </summary>
public abstract record Term
{
    public static readonly Term Zero = new Constant(Rational.Zero);
    public static readonly Term One = new Constant(Rational.One);
    public static readonly Term True = new Symbol("true");
    public static readonly Term False = new Symbol("false");

    public static Term Real(Rational value) => new Constant(value);
    public static Term Var(string name) => new Symbol(name);
    public static Term App(string op, params IEnumerable<Term> args) => new Application(op, [.. args]);

    public static implicit operator Term(Rational value) => new Constant(value);
    public static implicit operator Term(int value) => new Constant(value);
    public static implicit operator Term(long value) => new Constant(value);
    public static implicit operator Term(System.Numerics.BigInteger value) => new Constant(value);

    /// <summary>Σ terms: <c>0.0</c> when empty, the term itself when single, else <c>(+ …)</c>.</summary>
    public static Term Sum(IEnumerable<Term> terms)
    {
        var t = terms.ToArray();
        return t.Length switch { 0 => Zero, 1 => t[0], _ => new Application("+", [.. t]) };
    }

    /// <summary>Σ c·v over the non-zero coefficients, c = 1 printed as v alone.</summary>
    public static Term Linear(IEnumerable<(Rational Coef, Term Var)> terms) =>
        Sum(terms.Where(t => !t.Coef.IsZero).Select(t => t.Coef == Rational.One ? t.Var : Mul(t.Coef, t.Var)));

    /// <summary>Σ_k x_k·y_k.</summary>
    public static Term Dot(IEnumerable<Term> x, IEnumerable<Term> y) => Sum(x.Zip(y, (a, b) => Mul(a, b)));

    public static Term Add(params IEnumerable<Term> args) => App("+", args);
    public static Term Mul(params IEnumerable<Term> args) => App("*", args);
    public static Term Sub(Term a, Term b) => App("-", a, b);
    public static Term Neg(Term a) => App("-", a);
    public static Term Div(Term a, Term b) => App("/", a, b);
    public static Term Eq(Term a, Term b) => App("=", a, b);
    public static Term Lt(Term a, Term b) => App("<", a, b);
    public static Term Le(Term a, Term b) => App("<=", a, b);
    public static Term Gt(Term a, Term b) => App(">", a, b);
    public static Term Ge(Term a, Term b) => App(">=", a, b);
    public static Term Not(Term a) => App("not", a);
    public static Term Implies(Term a, Term b) => App("=>", a, b);
    public static Term Ite(Term c, Term a, Term b) => App("ite", c, a, b);
    public static Term And(params IEnumerable<Term> args) => App("and", args);

    /// <summary>Disjunction: <c>false</c> when empty, the term itself when single, else <c>(or …)</c>.</summary>
    public static Term Or(params IEnumerable<Term> args)
    {
        var t = args.ToArray();
        return t.Length switch { 0 => False, 1 => t[0], _ => new Application("or", [.. t]) };
    }

    public static Term Let(IEnumerable<(string Name, Term Value)> bindings, Term body) => new LetTerm([.. bindings], body);

    /// <summary>The SMT-LIB2 text of this term.</summary>
    public sealed override string ToString() => SmtLib.Print(this);
}

/// <summary>An exact rational constant, printed as <c>3.0</c>, <c>(/ 1 3)</c>, <c>(- (/ 1 3))</c>.</summary>
public sealed record Constant(Rational Value) : Term;

/// <summary>A constant, function or Boolean literal name; quoted as <c>|…|</c> when it is not a simple symbol.</summary>
public sealed record Symbol(string Name) : Term;

/// <summary><c>(op arg …)</c>; the operator is an SMT-LIB theory symbol or a defined name.</summary>
public sealed record Application(string Operator, ImmutableArray<Term> Arguments) : Term;

/// <summary><c>(let ((x t) …) body)</c>: parallel bindings, as in SMT-LIB.</summary>
public sealed record LetTerm(ImmutableArray<(string Name, Term Value)> Bindings, Term Body) : Term;
