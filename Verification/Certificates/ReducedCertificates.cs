using Checker.Verification.Reduced;

namespace Checker.Verification.Certificates;

/// <summary>
/// Certificates of a reduced KKT enumeration (docs/theory.md): per value sign, the statement "a KKT point whose pattern is
/// none of those listed" (<see cref="ReducedKktResult.Completeness"/>), which a stock solver must answer unsat.
/// </summary>
public static class ReducedCertificates
{
    /// <summary>Writes the completeness statements of <paramref name="result"/> (none when the list is incomplete);
    /// returns their paths.</summary>
    public static IReadOnlyList<string> WriteCompleteness(ReducedKktResult result, string directory)
    {
        var paths = new List<string>();
        foreach (var c in result.Completeness)
        {
            string file = c.Query.Name + ".smt2";
            string sign = c.ValueSign > 0 ? "+" : c.ValueSign < 0 ? "-" : "0";
            paths.Add(CertificateFile.Write(directory, file, c.Query,
                $"Completeness of the reduced KKT enumeration, {result.Problem} (docs/theory.md#reduced-problem), value sign {sign}.\n" +
                $"Proves: every KKT point with this value sign of the independent-slope outer bound (every kink slope in [min c, max c]; it contains the Clarke KKT points) has one of the {c.Patterns} sign patterns blocked below; checker lists the Clarke KKT points among them.\n" +
                "expected: unsat (found by checker's exact box search, not by a solver; a sat answer would refute checker's list)\n" +
                $"reproduce: z3 {file}   or   cvc5 {file}"));
        }
        return paths;
    }
}
