using System.Text;
using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Smt;

/// <summary>
/// The one SMT-LIB2 printer: terms, commands and whole documents (header comments and options written once, by
/// <see cref="Document"/>). Output is deterministic — the same AST always prints the same text — and exact: rationals
/// print as <c>3.0</c>, <c>(/ 1 3)</c>, <c>(- 5.0)</c>, <c>(- (/ 7 2))</c>, never as decimals; names that are not
/// simple symbols are quoted <c>|like this|</c>.
/// </summary>
public static class SmtLib
{
    /// <summary>The options every query runs under: models are produced so a SAT answer can be re-checked.</summary>
    public static readonly IReadOnlyList<SmtCommand> Options = [new SetOption(":produce-models", "true")];

    public static string Print(Term term)
    {
        var sb = new StringBuilder();
        Write(sb, term);
        return sb.ToString();
    }

    public static string Print(SmtCommand command)
    {
        var sb = new StringBuilder();
        Write(sb, command);
        return sb.ToString();
    }

    /// <summary>Commands, each followed by a newline.</summary>
    public static string Print(IEnumerable<SmtCommand> commands)
    {
        var sb = new StringBuilder();
        foreach (var c in commands) Write(sb, c).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// A complete document: <paramref name="header"/> as comment lines, the options, <paramref name="script"/> (which may
    /// start with set-logic), then <c>(check-sat)</c> and, when <paramref name="modelTerms"/> is non-empty, get-value.
    /// The same prologue goes to every solver and into every certificate file.
    /// </summary>
    public static string Document(string? header, string script, IReadOnlyList<string>? modelTerms = null)
    {
        var sb = new StringBuilder(Prologue(header));
        sb.Append(script);
        if (script.Length > 0 && !script.EndsWith('\n')) sb.Append('\n');
        Write(sb, new CheckSat()).Append('\n');
        if (modelTerms is { Count: > 0 }) sb.Append(GetValue(modelTerms)).Append('\n');
        return sb.ToString();
    }

    /// <summary>Header comment lines (if any) and the options.</summary>
    public static string Prologue(string? header = null) =>
        Print(header is null ? Options : [new Comment(header), .. Options]);

    /// <summary><c>(get-value (x y …))</c> for model constants named <paramref name="names"/>.</summary>
    public static string GetValue(IEnumerable<string> names) => Print(new GetValue([.. names.Select(Term.Var)]));

    /// <summary>An exact Real literal: <c>3.0</c>, <c>(- 3.0)</c>, <c>(/ 1 3)</c>, <c>(- (/ 1 3))</c>.</summary>
    public static string Number(Rational r) => WriteNumber(new StringBuilder(), r).ToString();

    /// <summary>The symbol as SMT-LIB2 writes it: unchanged when simple, else <c>|name|</c>.</summary>
    public static string Symbol(string name)
    {
        if (IsSimpleSymbol(name)) return name;
        if (name.Contains('|') || name.Contains('\\')) throw new ArgumentException($"'{name}' cannot be an SMT-LIB2 symbol ('|' and '\\' cannot be quoted)", nameof(name));
        return "|" + name + "|";
    }

    /// <summary>A name as a solver echoes it back (get-value replies), with the quoting bars removed.</summary>
    public static string Unquote(string symbol) =>
        symbol.Length >= 2 && symbol[0] == '|' && symbol[^1] == '|' ? symbol[1..^1] : symbol;

    private static readonly HashSet<string> Reserved =
    [
        "_", "!", "as", "let", "exists", "forall", "match", "par", "BINARY", "DECIMAL", "HEXADECIMAL", "NUMERAL", "STRING",
        "assert", "check-sat", "declare-const", "declare-fun", "define-fun", "get-value", "set-logic", "set-option", "exit",
    ];

    private static bool IsSimpleSymbol(string s)
    {
        if (s.Length == 0 || char.IsAsciiDigit(s[0]) || Reserved.Contains(s)) return false;
        foreach (char c in s)
            if (!char.IsAsciiLetterOrDigit(c) && "~!@$%^&*_-+=<>.?/".IndexOf(c) < 0) return false;
        return true;
    }

    private static StringBuilder WriteNumber(StringBuilder sb, Rational r)
    {
        if (r.Sign < 0) sb.Append("(- ");
        var abs = r.Abs();
        if (abs.IsInteger) sb.Append(abs.Numerator).Append(".0");
        else sb.Append("(/ ").Append(abs.Numerator).Append(' ').Append(abs.Denominator).Append(')');
        if (r.Sign < 0) sb.Append(')');
        return sb;
    }

    private static StringBuilder Write(StringBuilder sb, Term t)
    {
        switch (t)
        {
            case Constant c: return WriteNumber(sb, c.Value);
            case Symbol s: return sb.Append(Symbol(s.Name));
            case Application a:
                sb.Append('(').Append(a.Operator);
                foreach (var arg in a.Arguments) Write(sb.Append(' '), arg);
                return sb.Append(')');
            case LetTerm l:
                sb.Append("(let (");
                for (int i = 0; i < l.Bindings.Length; i++)
                {
                    if (i > 0) sb.Append(' ');
                    Write(sb.Append('(').Append(Symbol(l.Bindings[i].Name)).Append(' '), l.Bindings[i].Value).Append(')');
                }
                return Write(sb.Append(") "), l.Body).Append(')');
            default: throw new ArgumentException("unknown term " + t.GetType().Name);
        }
    }

    private static StringBuilder Write(StringBuilder sb, SmtCommand c)
    {
        switch (c)
        {
            case Comment k:
                var lines = k.Text.Split('\n');
                for (int i = 0; i < lines.Length; i++) (i > 0 ? sb.Append('\n') : sb).Append("; ").Append(lines[i]);
                return sb;
            case SetLogic s: return sb.Append("(set-logic ").Append(s.Logic).Append(')');
            case SetOption o: return sb.Append("(set-option ").Append(o.Keyword).Append(' ').Append(o.Value).Append(')');
            case DeclareConst d: return sb.Append("(declare-const ").Append(Symbol(d.Name)).Append(' ').Append(d.Sort).Append(')');
            case DefineFun f: return Write(sb.Append("(define-fun ").Append(Symbol(f.Name)).Append(" () ").Append(f.Sort).Append(' '), f.Body).Append(')');
            case Assertion a: return Write(sb.Append("(assert "), a.Formula).Append(')');
            case CheckSat: return sb.Append("(check-sat)");
            case GetValue g:
                sb.Append("(get-value (");
                for (int i = 0; i < g.Terms.Length; i++) Write(i > 0 ? sb.Append(' ') : sb, g.Terms[i]);
                return sb.Append("))");
            default: throw new ArgumentException("unknown command " + c.GetType().Name);
        }
    }
}
