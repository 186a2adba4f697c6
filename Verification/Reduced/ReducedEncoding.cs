using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;

namespace Checker.Verification.Reduced;

/// <summary>
/// SMT-LIB2 (QF_LRA) text for "a KKT point of the reduced problem" (docs/theory.md#reduced-problem), split by the sign ε of its value λ:
/// <list type="bullet">
/// <item>ε = ±1: λ ≠ 0 forces g = λ b, so b can be taken as ε g (unnormalised) and the unknowns are only the slopes
/// σ_i ∈ [min c, max c]: g = Σ y_i σ_i x_i, t_i = ε x_iᵀg, t_i &gt; 0 ⇒ σ_i = c₊, t_i &lt; 0 ⇒ σ_i = c₋, g ≠ 0. Linear —
/// no λ·b product, no normalisation, no Booleans of our own: the solver's own case splits on the atoms t_i &gt; 0, t_i &lt; 0
/// do the pattern search.</item>
/// <item>ε = 0: g = 0 for some Clarke choice, b ≠ 0 (scaled so some |b_j| ≥ 1), t_i = x_iᵀb.</item>
/// </list>
/// A found pattern P is excluded by the clause ∨_i "sign(t_i) ≠ P_i".
/// </summary>
public sealed class ReducedEncoding(ReducedProblem problem)
{
    public ReducedProblem Problem => problem;

    public static string Sigma(int i) => "s" + i;
    public static string B(int j) => "b" + j;
    public static string G(int j) => "g" + j;
    public static string T(int i) => "t" + i;

    public IReadOnlyList<string> Variables(int eps) =>
        Enumerable.Range(0, problem.SampleCount).Select(Sigma)
            .Concat(eps == 0 ? Enumerable.Range(0, problem.Dimension).Select(B) : [])
            .Concat(Enumerable.Range(0, problem.Dimension).Select(G))
            .Concat(Enumerable.Range(0, problem.SampleCount).Select(T)).ToArray();

    /// <summary>Declarations and constraints of the KKT system for value sign <paramref name="eps"/>.</summary>
    public IReadOnlyList<SmtCommand> Header(int eps)
    {
        int n = problem.SampleCount, d = problem.Dimension;
        var script = new SmtScript().Comment($"{problem}; KKT points with value sign {(eps > 0 ? "+" : eps < 0 ? "-" : "0")} (docs/theory.md#reduced-problem)").Logic("QF_LRA");
        var sigma = Enumerable.Range(0, n).Select(i => script.Declare(Sigma(i))).ToArray();
        var b = eps == 0 ? Enumerable.Range(0, d).Select(j => script.Declare(B(j))).ToArray() : [];
        // g and t are declared constants tied by equalities, not macros: the solver's tableau then has d rows for g and
        // n rows of d entries for t instead of n dense rows over all slopes, which is what makes its simplex fast here.
        var g = Enumerable.Range(0, d).Select(j => script.Declare(G(j))).ToArray();
        var t = Enumerable.Range(0, n).Select(i => script.Declare(T(i))).ToArray();
        for (int j = 0; j < d; j++)
            script.Assert(Term.Eq(g[j], Term.Linear(Enumerable.Range(0, n).Select(i => (problem.Y[i] * problem.X[i][j], sigma[i])))));
        var dir = eps == 0 ? b : g;
        for (int i = 0; i < n; i++)
            script.Assert(Term.Eq(t[i], Term.Linear(Enumerable.Range(0, d).Select(j => ((eps == 0 ? 1 : eps) * problem.X[i][j], dir[j])))));
        for (int i = 0; i < n; i++)
        {
            script.Assert(Term.And(Term.Le(problem.Low, sigma[i]), Term.Le(sigma[i], problem.High)));
            if (problem.Low == problem.High) continue;
            script.Assert(Term.Implies(Term.Gt(t[i], Term.Zero), Term.Eq(sigma[i], problem.SlopePos)));
            script.Assert(Term.Implies(Term.Lt(t[i], Term.Zero), Term.Eq(sigma[i], problem.SlopeNeg)));
        }
        if (eps == 0)
        {
            for (int j = 0; j < d; j++) script.Assert(Term.Eq(g[j], Term.Zero));
            script.Assert(Term.Or(b.SelectMany(bj => new[] { Term.Ge(bj, Term.One), Term.Le(bj, -1) })));
        }
        else script.Assert(Term.Or(g.Select(gj => Term.Not(Term.Eq(gj, Term.Zero)))));
        return script.Commands;
    }

    /// <summary>The literal "t_i does not have sign <paramref name="sign"/>" ('+', '-', or '0').</summary>
    public static Term NotSign(int i, char sign) => sign switch
    {
        '+' => Term.Le(Term.Var(T(i)), Term.Zero),
        '-' => Term.Ge(Term.Var(T(i)), Term.Zero),
        _ => Term.Not(Term.Eq(Term.Var(T(i)), Term.Zero)),
    };

    /// <summary>The assertion "t_i has sign <paramref name="sign"/>" ('+', '-', or '0').</summary>
    public static SmtCommand HasSign(int i, char sign) => new Assertion(sign switch
    {
        '+' => Term.Gt(Term.Var(T(i)), Term.Zero),
        '-' => Term.Lt(Term.Var(T(i)), Term.Zero),
        _ => Term.Eq(Term.Var(T(i)), Term.Zero),
    });

    /// <summary>The clause excluding every b with sign pattern <paramref name="pattern"/> (zero inputs carry no information).</summary>
    public SmtCommand Block(string pattern) =>
        new Assertion(Term.Or(Enumerable.Range(0, pattern.Length).Where(i => !problem.IsZeroInput(i)).Select(i => NotSign(i, pattern[i]))));

    /// <summary>Constraints fixing the pattern exactly.</summary>
    public IEnumerable<SmtCommand> Fix(string pattern) =>
        Enumerable.Range(0, pattern.Length).Where(i => !problem.IsZeroInput(i)).Select(i => HasSign(i, pattern[i]));
}
