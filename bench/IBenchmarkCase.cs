namespace Checker.Bench;

/// <summary>
/// One benchmark of bench/: it times the thing measured and a reference run in the same process and reports the ratio
/// (docs/cli.md#bench: ratios, not absolute times). Cases are discovered by reflection, so adding one touches no registry.
/// </summary>
public interface IBenchmarkCase
{
    /// <summary>Short stable name, e.g. "symbolic/exact-gradient".</summary>
    string Name { get; }

    /// <summary>What is measured, against what reference, and the goal, in one sentence.</summary>
    string Description { get; }

    BenchmarkResult Run(BenchOptions options, IProgress<string>? log);
}

public sealed record BenchOptions(bool Quick = false, int Seed = 1);

/// <summary>
/// A measured figure next to its reference. <paramref name="Ratio"/> is reference / measured when lower is better for both
/// (so &gt; 1 means faster than the reference), as the case's Description says; <paramref name="GoalMet"/> compares
/// against the goal, null when there is none. Figures are name → value with units in the name.
/// </summary>
public sealed record BenchmarkResult(
    string Name,
    IReadOnlyDictionary<string, double> Figures,
    double? Ratio,
    string Goal,
    bool? GoalMet,
    string Notes = "");

public static class BenchmarkSuite
{
    public static IReadOnlyList<IBenchmarkCase> Cases { get; } =
        typeof(IBenchmarkCase).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IBenchmarkCase).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IBenchmarkCase)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToArray();

    /// <summary>
    /// Median wall times in milliseconds of <paramref name="measured"/> and <paramref name="reference"/>, run alternately
    /// (one warm-up each, then measured, reference, measured, …), so drift in machine load (other processes, frequency
    /// scaling, GC) hits both sides alike instead of only the one timed second.
    /// </summary>
    public static (double Measured, double Reference) InterleavedMedianMilliseconds(Action measured, Action reference, int repeats)
    {
        measured();
        reference();
        var a = new double[repeats];
        var b = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            measured();
            a[r] = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            reference();
            b[r] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(a);
        Array.Sort(b);
        return (a[repeats / 2], b[repeats / 2]);
    }

    /// <summary>Median wall time in milliseconds of <paramref name="repeats"/> runs after one warm-up.</summary>
    public static double MedianMilliseconds(Action action, int repeats)
    {
        action();
        var times = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            action();
            times[r] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }
}
