using System.Text;
using Checker.Symbolic.Numbers;

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

    public static string Num(Rational r)
    {
        string mag = r.Abs().Denominator.IsOne ? r.Abs().Numerator.ToString() : $"(/ {r.Abs().Numerator} {r.Abs().Denominator})";
        return r.Sign < 0 ? $"(- {mag})" : mag;
    }

    public static string Sum(IEnumerable<(Rational Coef, string Var)> terms)
    {
        var parts = terms.Where(t => !t.Coef.IsZero).Select(t => t.Coef == Rational.One ? t.Var : $"(* {Num(t.Coef)} {t.Var})").ToList();
        return parts.Count switch { 0 => "0.0", 1 => parts[0], _ => "(+ " + string.Join(' ', parts) + ")" };
    }

    /// <summary>Declarations and constraints of the KKT system for value sign <paramref name="eps"/>.</summary>
    public string Header(int eps)
    {
        int n = problem.SampleCount, d = problem.Dimension;
        var sb = new StringBuilder();
        sb.Append($"; {problem}; KKT points with value sign {(eps > 0 ? "+" : eps < 0 ? "-" : "0")} (docs/theory.md#reduced-problem)\n");
        sb.Append("(set-logic QF_LRA)\n");
        for (int i = 0; i < n; i++) sb.Append($"(declare-fun {Sigma(i)} () Real)\n");
        if (eps == 0) for (int j = 0; j < d; j++) sb.Append($"(declare-fun {B(j)} () Real)\n");
        // g and t are declared constants tied by equalities, not macros: the solver's tableau then has d rows for g and
        // n rows of d entries for t instead of n dense rows over all slopes, which is what makes its simplex fast here.
        for (int j = 0; j < d; j++) sb.Append($"(declare-fun {G(j)} () Real)\n");
        for (int i = 0; i < n; i++) sb.Append($"(declare-fun {T(i)} () Real)\n");
        for (int j = 0; j < d; j++)
            sb.Append($"(assert (= {G(j)} {Sum(Enumerable.Range(0, n).Select(i => (problem.Y[i] * problem.X[i][j], Sigma(i))))}))\n");
        string dir(int j) => eps == 0 ? B(j) : G(j);
        for (int i = 0; i < n; i++)
            sb.Append($"(assert (= {T(i)} {Sum(Enumerable.Range(0, d).Select(j => ((eps == 0 ? 1 : eps) * problem.X[i][j], dir(j))))}))\n");
        string lo = Num(problem.Low), hi = Num(problem.High), cp = Num(problem.SlopePos), cm = Num(problem.SlopeNeg);
        for (int i = 0; i < n; i++)
        {
            sb.Append($"(assert (and (<= {lo} {Sigma(i)}) (<= {Sigma(i)} {hi})))\n");
            if (problem.Low == problem.High) continue;
            sb.Append($"(assert (=> (> {T(i)} 0.0) (= {Sigma(i)} {cp})))\n");
            sb.Append($"(assert (=> (< {T(i)} 0.0) (= {Sigma(i)} {cm})))\n");
        }
        if (eps == 0)
        {
            for (int j = 0; j < d; j++) sb.Append($"(assert (= {G(j)} 0.0))\n");
            sb.Append("(assert (or " + string.Join(' ', Enumerable.Range(0, d).Select(j => $"(>= {B(j)} 1.0) (<= {B(j)} (- 1.0))")) + "))\n");
        }
        else sb.Append("(assert (or " + string.Join(' ', Enumerable.Range(0, d).Select(j => $"(not (= {G(j)} 0.0))")) + "))\n");
        return sb.ToString();
    }

    /// <summary>The clause excluding every b with sign pattern <paramref name="pattern"/> (zero inputs carry no information).</summary>
    public string Block(string pattern)
    {
        var lits = new List<string>();
        for (int i = 0; i < pattern.Length; i++)
        {
            if (problem.IsZeroInput(i)) continue;
            lits.Add(pattern[i] switch { '+' => $"(<= {T(i)} 0.0)", '-' => $"(>= {T(i)} 0.0)", _ => $"(not (= {T(i)} 0.0))" });
        }
        return lits.Count == 0 ? "(assert false)\n" : $"(assert (or {string.Join(' ', lits)}))\n";
    }

    /// <summary>Constraints fixing the pattern exactly.</summary>
    public string Fix(string pattern)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < pattern.Length; i++)
        {
            if (problem.IsZeroInput(i)) continue;
            sb.Append(pattern[i] switch { '+' => $"(assert (> {T(i)} 0.0))\n", '-' => $"(assert (< {T(i)} 0.0))\n", _ => $"(assert (= {T(i)} 0.0))\n" });
        }
        return sb.ToString();
    }
}
