using System.Text;

namespace Checker.Verification.Solvers;

/// <summary>An SMT-LIB2 S-expression: an atom (symbol, numeral, decimal, string) or a list. Plain immutable data.</summary>
public sealed class SExpr
{
    public string? Atom { get; }
    public IReadOnlyList<SExpr> Items { get; }

    private SExpr(string? atom, IReadOnlyList<SExpr> items) { Atom = atom; Items = items; }

    public static SExpr Symbol(string atom) => new(atom, []);
    public static SExpr List(IReadOnlyList<SExpr> items) => new(null, items);

    public bool IsAtom => Atom is not null;
    public SExpr this[int i] => Items[i];
    public int Count => Items.Count;
    public string Head => !IsAtom && Items.Count > 0 && Items[0].IsAtom ? Items[0].Atom! : "";

    public override string ToString() => IsAtom ? Atom! : "(" + string.Join(' ', Items) + ")";

    /// <summary>Parses every top-level expression of <paramref name="text"/> (comments after ';' skipped, |quoted|
    /// symbols and "strings" kept as atoms).</summary>
    public static List<SExpr> ParseAll(string text)
    {
        var result = new List<SExpr>();
        int pos = 0;
        while (true)
        {
            SkipSpace(text, ref pos);
            if (pos >= text.Length) return result;
            result.Add(ParseOne(text, ref pos));
        }
    }

    /// <summary>True when <paramref name="text"/> holds at least one complete expression (parentheses balanced, outside
    /// strings and quoted symbols): the point at which a solver's reply can be parsed.</summary>
    public static bool IsComplete(string text)
    {
        int depth = 0; bool any = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == ';') { while (i < text.Length && text[i] != '\n') i++; continue; }
            if (c == '"') { i++; while (i < text.Length && text[i] != '"') i++; any = true; continue; }
            if (c == '|') { i++; while (i < text.Length && text[i] != '|') i++; any = true; continue; }
            if (c == '(') { depth++; any = true; }
            else if (c == ')') { depth--; if (depth == 0) return true; }
            else if (!char.IsWhiteSpace(c) && depth == 0) { any = true; }
        }
        return any && depth == 0 && text.TrimEnd().Length > 0 && !text.TrimStart().StartsWith('(');
    }

    private static void SkipSpace(string t, ref int pos)
    {
        while (pos < t.Length)
        {
            if (char.IsWhiteSpace(t[pos])) pos++;
            else if (t[pos] == ';') { while (pos < t.Length && t[pos] != '\n') pos++; }
            else break;
        }
    }

    private static SExpr ParseOne(string t, ref int pos)
    {
        SkipSpace(t, ref pos);
        if (pos >= t.Length) throw new FormatException("unexpected end of S-expression");
        char c = t[pos];
        if (c == '(')
        {
            pos++;
            var items = new List<SExpr>();
            while (true)
            {
                SkipSpace(t, ref pos);
                if (pos >= t.Length) throw new FormatException("unbalanced '(' in S-expression");
                if (t[pos] == ')') { pos++; return List(items); }
                items.Add(ParseOne(t, ref pos));
            }
        }
        if (c == ')') throw new FormatException("unexpected ')' in S-expression");
        var sb = new StringBuilder();
        if (c == '|' || c == '"')
        {
            char close = c;
            sb.Append(c); pos++;
            while (pos < t.Length && t[pos] != close) sb.Append(t[pos++]);
            if (pos < t.Length) { sb.Append(close); pos++; }
            return Symbol(sb.ToString());
        }
        while (pos < t.Length && !char.IsWhiteSpace(t[pos]) && t[pos] != '(' && t[pos] != ')' && t[pos] != ';') sb.Append(t[pos++]);
        return Symbol(sb.ToString());
    }
}
