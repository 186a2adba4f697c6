using System.Globalization;
using System.Text;

namespace Checker.Cli.Rendering;

/// <summary>
/// `verify --format latex|csv`: the verdict table for a paper's appendix. LaTeX is a booktabs table (needs
/// <c>\usepackage{booktabs}</c>) whose cells are escaped: the ten special characters of LaTeX, and the Unicode
/// mathematics the checkers write (Λ, ‖·‖, ≤, σ, subscripts, …) as math-mode commands, so the table compiles with pdflatex.
/// CSV is RFC 4180: comma-separated, CRLF line ends, a header row, and fields with a comma, quote or line break quoted
/// with doubled quotes. Both list every row (claims and, with --conjectures, conjectures) of every instance in order.
/// </summary>
public static class VerdictTableFormatter
{
    public static string Csv(IReadOnlyList<VerifyReport> reports)
    {
        var sb = new StringBuilder();
        Row(sb, ["instance", "claim", "kind", "verdict", "detail", "seconds"]);
        foreach (var r in reports)
            foreach (var c in r.Claims)
                Row(sb, [r.Instance, c.Id, c.Kind, c.Verdict, c.Detail, c.ElapsedSeconds.ToString("0.###", CultureInfo.InvariantCulture)]);
        return sb.ToString();

        static void Row(StringBuilder sb, string[] fields) => sb.Append(string.Join(",", fields.Select(CsvField))).Append("\r\n");
    }

    /// <summary>RFC 4180 §2: a field containing a comma, a double quote, CR or LF is enclosed in double quotes, and a
    /// double quote inside it is written twice.</summary>
    public static string CsvField(string s) =>
        s.IndexOfAny([',', '"', '\r', '\n']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";

    public static string Latex(IReadOnlyList<VerifyReport> reports)
    {
        var sb = new StringBuilder();
        bool several = reports.Count > 1;
        sb.Append("% Verdict table written by `checker verify --format latex`; needs \\usepackage{booktabs} (and longtable for many rows).\n");
        sb.Append("\\begin{tabular}{").Append(several ? "ll" : "l").Append("lp{0.55\\linewidth}r}\n\\toprule\n");
        sb.Append(several ? "Instance & " : "").Append("Claim & Verdict & Detail & Time (s) \\\\\n\\midrule\n");
        for (int i = 0; i < reports.Count; i++)
        {
            var r = reports[i];
            if (i > 0) sb.Append("\\midrule\n");
            foreach (var c in r.Claims)
            {
                if (several) sb.Append(c == r.Claims[0] ? LatexEscape(r.Instance) : "").Append(" & ");
                sb.Append(LatexEscape(c.Id + (c.Conjecture ? " (conjecture)" : ""))).Append(" & ")
                  .Append(LatexEscape(c.Label)).Append(" & ")
                  .Append(LatexEscape(c.Detail)).Append(" & ")
                  .Append(c.ElapsedSeconds.ToString("0.0", CultureInfo.InvariantCulture)).Append(" \\\\\n");
            }
        }
        sb.Append("\\bottomrule\n\\end{tabular}\n");
        if (!several && reports.Count == 1)
        {
            var r = reports[0];
            sb.Append("% ").Append(LatexEscape(r.Instance).Replace("\n", " ")).Append(": ").Append(r.NetworkText).Append(", n = ").Append(r.Samples)
              .Append(", seed ").Append(r.Seed).Append(", solver ").Append(r.Solver).Append(", exit ").Append(r.ExitCode).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Text as LaTeX: specials escaped, Unicode mathematics as math-mode commands. A character outside the table
    /// is kept as it is (it then needs a Unicode engine, lualatex or xelatex).</summary>
    public static string LatexEscape(string s)
    {
        var sb = new StringBuilder(s.Length + 16);
        bool mathOpen = false; // the last thing written was math: a following math character joins it ("$_{1}^{2}$", not "$_{1}$$^{2}$")
        foreach (var ch in s)
        {
            if (ch >= 128 && !Text.ContainsKey(ch) && Math.TryGetValue(ch, out var math))
            {
                sb.Append(mathOpen ? "" : "$").Append(math);
                mathOpen = true;
                continue;
            }
            if (mathOpen) { sb.Append('$'); mathOpen = false; }
            switch (ch)
            {
                case '\\': sb.Append("\\textbackslash{}"); break;
                case '&' or '%' or '$' or '#' or '_' or '{' or '}': sb.Append('\\').Append(ch); break;
                case '~': sb.Append("\\textasciitilde{}"); break;
                case '^': sb.Append("\\textasciicircum{}"); break;
                case '<': sb.Append("\\textless{}"); break;
                case '>': sb.Append("\\textgreater{}"); break;
                case '|': sb.Append("\\textbar{}"); break;
                case '"': sb.Append("\\textquotedbl{}"); break;
                case '\r': break;
                case '\n': sb.Append(' '); break;
                default:
                    if (ch < 128) sb.Append(ch);
                    else if (Text.TryGetValue(ch, out var text)) sb.Append(text);
                    else sb.Append(ch);
                    break;
            }
        }
        if (mathOpen) sb.Append('$');
        return sb.ToString();
    }

    private static readonly Dictionary<char, string> Text = new()
    {
        ['§'] = "\\S{}", ['…'] = "\\dots{}", ['—'] = "---", ['–'] = "--", ['½'] = "\\textonehalf{}", ['\u00A0'] = "~",
        ['\u0302'] = "", ['\u0304'] = "", // combining hat and bar: the base letter stays readable
    };

    private static readonly Dictionary<char, string> Math = new()
    {
        ['α'] = "\\alpha", ['β'] = "\\beta", ['γ'] = "\\gamma", ['δ'] = "\\delta", ['ε'] = "\\varepsilon", ['ζ'] = "\\zeta", ['η'] = "\\eta",
        ['θ'] = "\\theta", ['κ'] = "\\kappa", ['λ'] = "\\lambda", ['μ'] = "\\mu", ['ν'] = "\\nu", ['ξ'] = "\\xi", ['π'] = "\\pi", ['ρ'] = "\\rho",
        ['σ'] = "\\sigma", ['τ'] = "\\tau", ['φ'] = "\\varphi", ['χ'] = "\\chi", ['ψ'] = "\\psi", ['ω'] = "\\omega",
        ['Γ'] = "\\Gamma", ['Δ'] = "\\Delta", ['Θ'] = "\\Theta", ['Λ'] = "\\Lambda", ['Π'] = "\\Pi", ['Σ'] = "\\Sigma", ['Φ'] = "\\Phi", ['Ψ'] = "\\Psi", ['Ω'] = "\\Omega",
        ['−'] = "-", ['‖'] = "\\|", ['∥'] = "\\parallel", ['∦'] = "\\nparallel", ['≥'] = "\\geq", ['≤'] = "\\leq", ['≠'] = "\\neq", ['≈'] = "\\approx", ['≡'] = "\\equiv",
        ['∇'] = "\\nabla", ['∂'] = "\\partial", ['·'] = "\\cdot", ['×'] = "\\times", ['±'] = "\\pm", ['∈'] = "\\in", ['∉'] = "\\notin", ['∋'] = "\\ni",
        ['√'] = "\\surd", ['∘'] = "\\circ", ['⊙'] = "\\odot", ['⟨'] = "\\langle", ['⟩'] = "\\rangle", ['⌊'] = "\\lfloor", ['⌋'] = "\\rfloor",
        ['⌈'] = "\\lceil", ['⌉'] = "\\rceil", ['⇒'] = "\\Rightarrow", ['→'] = "\\to", ['←'] = "\\leftarrow", ['↔'] = "\\leftrightarrow",
        ['∩'] = "\\cap", ['∪'] = "\\cup", ['∝'] = "\\propto", ['∅'] = "\\emptyset", ['⊂'] = "\\subset", ['⊄'] = "\\not\\subset", ['∞'] = "\\infty",
        ['⋯'] = "\\cdots", ['⊥'] = "\\perp", ['∨'] = "\\vee", ['∧'] = "\\wedge", ['∀'] = "\\forall", ['∃'] = "\\exists",
        ['ŵ'] = "\\hat{w}", ['ĝ'] = "\\hat{g}", ['ĉ'] = "\\hat{c}", ['û'] = "\\hat{u}", ['ū'] = "\\bar{u}",
        ['ᵀ'] = "^{\\top}", ['⁰'] = "^{0}", ['¹'] = "^{1}", ['²'] = "^{2}", ['³'] = "^{3}", ['⁴'] = "^{4}", ['⁻'] = "^{-}", ['⁺'] = "^{+}",
        ['₀'] = "_{0}", ['₁'] = "_{1}", ['₂'] = "_{2}", ['₃'] = "_{3}", ['₄'] = "_{4}", ['₊'] = "_{+}", ['₋'] = "_{-}", ['ₗ'] = "_{l}", ['ᵢ'] = "_{i}",
    };
}
