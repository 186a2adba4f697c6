using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;

namespace Checker.Verification.Solvers;

/// <summary>
/// Re-checks a SAT model in exact rational arithmetic: evaluates every <c>assert</c> of the query's SMT-LIB2 text under
/// the model and reports the first one that is not true (docs/theory.md#solver-answers: a solver's model is never believed unchecked).
/// Covers the fragment our encodings use: Real/Int/Bool constants, define-fun without arguments, let, ite, and, or, not,
/// =>, =, distinct, &lt;, ≤, &gt;, ≥, +, −, ×, /, to_real. Every declared constant must have a model value.
/// </summary>
public static class ExactModelChecker
{
    public static bool Check(string script, IReadOnlyDictionary<string, Rational> model, out string reason)
    {
        reason = "";
        var defs = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var kv in model) defs[kv.Key] = kv.Value;
        int index = 0;
        try
        {
            foreach (var cmd in SExpr.ParseAll(script))
            {
                switch (cmd.Head)
                {
                    case "declare-fun" or "declare-const":
                        {
                            string name = SmtLib.Unquote(cmd[1].ToString());
                            if (!model.ContainsKey(name)) { reason = $"model has no value for {name}"; return false; }
                            string sort = cmd[^1].ToString();
                            if (sort == "Bool") defs[name] = !model[name].IsZero;
                            else if (sort == "Int" && !model[name].IsInteger) { reason = $"model gives Int {name} the non-integer {model[name]}"; return false; }
                            break;
                        }
                    case "define-fun":
                        if (cmd[2].Count != 0) throw new NotSupportedException("define-fun with arguments");
                        defs[SmtLib.Unquote(cmd[1].ToString())] = Eval(cmd[4], defs, null);
                        break;
                    case "assert":
                        index++;
                        if (Eval(cmd[1], defs, null) is not true) { reason = $"assertion {index} is false under the model: {Short(cmd[1])}"; return false; }
                        break;
                }
            }
        }
        catch (Exception e) when (e is NotSupportedException or FormatException or InvalidCastException or KeyNotFoundException or DivideByZeroException)
        {
            reason = "exact re-check could not evaluate the query: " + e.Message;
            return false;
        }
        return true;
    }

    private static string Short(SExpr e) { var s = e.ToString(); return s.Length > 160 ? s[..160] + "…" : s; }

    private sealed class Scope(Dictionary<string, object> vars, Scope? parent)
    {
        public bool TryGet(string name, out object v) => vars.TryGetValue(name, out v!) || (parent is not null && parent.TryGet(name, out v));
    }

    private static object Eval(SExpr e, Dictionary<string, object> defs, Scope? scope)
    {
        if (e.IsAtom)
        {
            var a = SmtLib.Unquote(e.Atom!);
            if (a == "true") return true;
            if (a == "false") return false;
            if (SmtModelParser.TryNumeral(a, out var num)) return num;
            if (scope is not null && scope.TryGet(a, out var lv)) return lv;
            if (defs.TryGetValue(a, out var dv)) return dv;
            throw new KeyNotFoundException("unknown symbol " + a);
        }
        string h = e.Head;
        switch (h)
        {
            case "let":
                {
                    var vars = new Dictionary<string, object>(StringComparer.Ordinal);
                    foreach (var b in e[1].Items) vars[SmtLib.Unquote(b[0].ToString())] = Eval(b[1], defs, scope);
                    return Eval(e[2], defs, new Scope(vars, scope));
                }
            case "ite": return (bool)Eval(e[1], defs, scope) ? Eval(e[2], defs, scope) : Eval(e[3], defs, scope);
            case "and": { bool r = true; for (int i = 1; i < e.Count; i++) r &= (bool)Eval(e[i], defs, scope); return r; }
            case "or": { bool r = false; for (int i = 1; i < e.Count; i++) r |= (bool)Eval(e[i], defs, scope); return r; }
            case "not": return !(bool)Eval(e[1], defs, scope);
            case "=>":
                {
                    bool r = (bool)Eval(e[^1], defs, scope);
                    for (int i = e.Count - 2; i >= 1; i--) r = !(bool)Eval(e[i], defs, scope) || r;
                    return r;
                }
            case "to_real": return Eval(e[1], defs, scope);
            case "=" or "distinct" or "<" or "<=" or ">" or ">=":
                {
                    var vals = e.Items.Skip(1).Select(x => Eval(x, defs, scope)).ToList();
                    if (h == "distinct")
                    {
                        for (int i = 0; i < vals.Count; i++)
                            for (int j = i + 1; j < vals.Count; j++) if (vals[i].Equals(vals[j])) return false;
                        return true;
                    }
                    for (int i = 0; i + 1 < vals.Count; i++)
                    {
                        if (h == "=") { if (!vals[i].Equals(vals[i + 1])) return false; continue; }
                        int c = ((Rational)vals[i]).CompareTo((Rational)vals[i + 1]);
                        bool ok = h switch { "<" => c < 0, "<=" => c <= 0, ">" => c > 0, _ => c >= 0 };
                        if (!ok) return false;
                    }
                    return true;
                }
            case "+": { var s = Rational.Zero; for (int i = 1; i < e.Count; i++) s += (Rational)Eval(e[i], defs, scope); return s; }
            case "*": { var s = Rational.One; for (int i = 1; i < e.Count; i++) s *= (Rational)Eval(e[i], defs, scope); return s; }
            case "-":
                {
                    var s = (Rational)Eval(e[1], defs, scope);
                    if (e.Count == 2) return -s;
                    for (int i = 2; i < e.Count; i++) s -= (Rational)Eval(e[i], defs, scope);
                    return s;
                }
            case "/":
                {
                    var s = (Rational)Eval(e[1], defs, scope);
                    for (int i = 2; i < e.Count; i++) s /= (Rational)Eval(e[i], defs, scope);
                    return s;
                }
        }
        throw new NotSupportedException("operator " + h);
    }
}
