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

    /// <summary>
    /// The entries of a get-value reply that are z3 <c>root-obj</c>s of a pure quadratic, <c>(root-obj (+ (* A (^ x 2)) B) k)</c>
    /// (or without the coefficient A): the square −B/A and the sign (root 1 is the negative one, root 2 the positive one).
    /// </summary>
    public static Dictionary<string, (Rational Square, int Sign)> QuadraticRoots(string reply)
    {
        var roots = new Dictionary<string, (Rational, int)>(StringComparer.Ordinal);
        var top = SExpr.ParseAll(reply);
        if (top.Count == 0 || top[0].IsAtom) return roots;
        foreach (var pair in top[0].Items)
        {
            if (pair.IsAtom || pair.Count != 2) continue;
            var v = pair[1];
            if (v.IsAtom || v.Head != "root-obj" || v.Count != 3 || !v[2].IsAtom || !int.TryParse(v[2].Atom, out int k)) continue;
            var poly = v[1];
            if (poly.IsAtom || poly.Head != "+" || poly.Count != 3 || !TryValue(poly[2], out var b)) continue;
            Rational a;
            if (IsXSquared(poly[1])) a = Rational.One;
            else if (!poly[1].IsAtom && poly[1].Head == "*" && poly[1].Count == 3 && TryValue(poly[1][1], out var c) && IsXSquared(poly[1][2])) a = c;
            else continue;
            if (a.IsZero) continue;
            var square = -b / a;
            if (square.Sign <= 0 || (k != 1 && k != 2)) continue;
            roots[Checker.Symbolic.Smt.SmtLib.Unquote(pair[0].ToString())] = (square, k == 1 ? -1 : 1);
        }
        return roots;
    }

    private static bool IsXSquared(SExpr e) => !e.IsAtom && e.Head == "^" && e.Count == 3 && e[1].IsAtom && e[2].IsAtom && e[2].Atom == "2";

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
