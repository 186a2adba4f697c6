using System.Numerics;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.Solvers;

/// <summary>
/// Reads a get-value reply <c>((x 1) (y (/ 1 3)) (z (- 2)) (w 0.5) (v (/ 1.0 3.0)))</c> exactly. Values that are not
/// rational constants (z3's <c>root-obj</c>, cvc5's algebraic forms) are reported as non-rational rather than rounded.
/// </summary>
public static class SmtModelParser
{
    public static (Dictionary<string, Rational> Values, List<string> NonRational) Parse(string reply)
    {
        var values = new Dictionary<string, Rational>(StringComparer.Ordinal);
        var nonRational = new List<string>();
        var top = SExpr.ParseAll(reply);
        if (top.Count == 0 || top[0].IsAtom) throw new FormatException("get-value reply is not a list: " + Trim(reply));
        foreach (var pair in top[0].Items)
        {
            if (pair.IsAtom || pair.Count != 2) throw new FormatException("get-value entry is not a pair: " + pair);
            string name = Checker.Symbolic.Smt.SmtLib.Unquote(pair[0].ToString());
            if (TryValue(pair[1], out var v)) values[name] = v; else nonRational.Add(name);
        }
        return (values, nonRational);
    }

    /// <summary>Exact value of a constant term: numeral, decimal, (- t), (/ t t), true/false as 1/0.</summary>
    public static bool TryValue(SExpr e, out Rational value)
    {
        value = Rational.Zero;
        if (e.IsAtom)
        {
            if (e.Atom == "true") { value = Rational.One; return true; }
            if (e.Atom == "false") { value = Rational.Zero; return true; }
            return TryNumeral(e.Atom!, out value);
        }
        if (e.Head == "-" && e.Count == 2 && TryValue(e[1], out var a)) { value = -a; return true; }
        if (e.Head == "/" && e.Count == 3 && TryValue(e[1], out var n) && TryValue(e[2], out var d) && !d.IsZero) { value = n / d; return true; }
        return false;
    }

    /// <summary>SMT-LIB numeral or decimal (digits, optional '.digits'), read exactly.</summary>
    public static bool TryNumeral(string s, out Rational value)
    {
        value = Rational.Zero;
        if (s.Length == 0) return false;
        int dot = s.IndexOf('.');
        string ip = dot < 0 ? s : s[..dot], fp = dot < 0 ? "" : s[(dot + 1)..];
        if (ip.Length == 0 || !ip.All(char.IsAsciiDigit) || !fp.All(char.IsAsciiDigit)) return false;
        var num = BigInteger.Parse(ip + fp);
        value = new Rational(num, BigInteger.Pow(10, fp.Length));
        return true;
    }

    private static string Trim(string s) => s.Length > 200 ? s[..200] + "…" : s;
}
