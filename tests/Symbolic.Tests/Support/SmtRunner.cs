using System.Diagnostics;
using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Tests.Support;

/// <summary>Runs an SMT-LIB2 script through an installed solver executable and reads back <c>get-value</c> results.</summary>
public static class SmtRunner
{
    public static bool Available(string exe) =>
        Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(d => File.Exists(Path.Combine(d, exe)));

    public static string Run(string exe, string args, string script)
    {
        var psi = new ProcessStartInfo(exe, args) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(script);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(); throw new TimeoutException(exe + " did not answer"); }
        return stdout.Result;
    }

    /// <summary>Parses the values of a <c>(get-value (t1 t2 …))</c> answer, in order.</summary>
    public static List<Rational> ParseValues(string output)
    {
        int start = output.IndexOf("((", StringComparison.Ordinal);
        if (start < 0) throw new FormatException("no get-value answer in: " + output);
        var tokens = Tokenize(output[start..]);
        int pos = 0;
        var list = Read(tokens, ref pos) as List<object> ?? throw new FormatException(output);
        return list.Select(pair => ToRational(((List<object>)pair)[1])).ToList();
    }

    private static List<string> Tokenize(string s)
    {
        var t = new List<string>();
        for (int i = 0; i < s.Length;)
        {
            char c = s[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')') { t.Add(c.ToString()); i++; continue; }
            int j = i;
            while (j < s.Length && !char.IsWhiteSpace(s[j]) && s[j] != '(' && s[j] != ')') j++;
            t.Add(s[i..j]);
            i = j;
        }
        return t;
    }

    private static object Read(List<string> t, ref int pos)
    {
        if (t[pos] != "(") return t[pos++];
        pos++;
        var list = new List<object>();
        while (t[pos] != ")") list.Add(Read(t, ref pos));
        pos++;
        return list;
    }

    private static Rational ToRational(object e)
    {
        if (e is string s) return Rational.Parse(s);
        var l = (List<object>)e;
        return (string)l[0] switch
        {
            "-" when l.Count == 2 => -ToRational(l[1]),
            "/" => ToRational(l[1]) / ToRational(l[2]),
            _ => throw new FormatException("unexpected value term " + l[0]),
        };
    }
}
