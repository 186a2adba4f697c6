using System.Globalization;

namespace Checker.Verification.RankOne;

/// <summary>One entry per SMT query of a C6 check (what, status, seconds, reason). Serialises as a JSON array; as text
/// (the `check` table) it prints a one-line summary instead of a type name.</summary>
public sealed class PolynomialQueryLog : List<PolynomialQueryLog.Entry>
{
    public sealed record Entry(string Query, string Status, double Seconds, string Reason, int Pass = 1);

    public override string ToString()
    {
        var byStatus = this.GroupBy(e => e.Status).Select(g => $"{g.Count()} {g.Key}");
        var slowest = this.OrderByDescending(e => e.Seconds).FirstOrDefault();
        return $"{Count} queries ({string.Join(", ", byStatus)}), {this.Sum(e => e.Seconds).ToString("F1", CultureInfo.InvariantCulture)} s solver time" +
               (slowest is null ? "" : $"; slowest: {slowest.Query} ({slowest.Status}, {slowest.Seconds.ToString("F2", CultureInfo.InvariantCulture)} s)");
    }
}
