namespace Checker.Cli.Tests;

/// <summary>
/// Instances whose checks keep a solver busy for a long time, for the tests that need a command still working when they
/// interrupt it or when its time limit passes. C6 on polynomial-deep used to be one (about 30 s of non-linear queries);
/// the structural route (docs/theory.md#c6-structure) now decides it in about two seconds.
/// </summary>
internal static class SlowInstances
{
    /// <summary>C6 on 40 samples in general-ish position in R³: the arrangement x_iᵀb = 0 has about 1600 cells, each found
    /// by a run of linear feasibility queries in a z3 child process, which takes minutes before any cell is proved.</summary>
    public static string ManyCellsC6Json()
    {
        var xs = Enumerable.Range(1, 40).Select(i => $"[\"{i * 7 % 19 - 9}\", \"{i * 11 % 17 - 8}\", \"{i * 5 % 13 - 6 + (i % 3 == 0 ? 1 : 0)}\"]");
        var ys = Enumerable.Range(1, 40).Select(i => $"\"{(i % 4) switch { 0 => -2, 1 => 1, 2 => -1, _ => 2 }}\"");
        return "{\"name\":\"many-cells\",\"inputs\":[" + string.Join(",", xs) + "],\"labels\":[" + string.Join(",", ys) +
               "],\"network\":{\"widths\":[3,2,2,1],\"activation\":\"polyrelu:2\"}}";
    }
}
