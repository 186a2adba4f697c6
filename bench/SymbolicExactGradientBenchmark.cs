using Checker.Symbolic.Expressions;

namespace Checker.Bench;

/// <summary>
/// Exact ∇N on widths [4,8,8,1], n = 50, leaky:1/10 (issue 2): evaluating the NCF expression DAG against the direct
/// exact backprop over rationals, same point, same process. The DAG is built once per instance (timed separately).
/// </summary>
public sealed class SymbolicExactGradientBenchmark : IBenchmarkCase
{
    public string Name => "symbolic/exact-gradient";
    public string Description => "exact N and ∇N of [4,8,8,1], n = 50 by the expression DAG vs direct exact backprop (ratio = reference/DAG; goal ≥ 0.5)";

    public BenchmarkResult Run(BenchOptions options, IProgress<string>? log)
    {
        var inst = SymbolicBenchInstances.Create(options.Seed, [4, 8, 8, 1], 50, "leaky:1/10");
        var w = SymbolicBenchInstances.Point(options.Seed, inst.Network);
        int repeats = options.Quick ? 3 : 15;
        NcfExpression? ncf = null;
        double buildMs = BenchmarkSuite.MedianMilliseconds(() => ncf = NcfExpression.Build(inst), options.Quick ? 1 : 5);
        // Warm both paths past tiered JIT's first tiers so neither is timed in unoptimised code.
        for (int k = 0; k < (options.Quick ? 2 : 30); k++) { ncf!.Evaluate(w); SymbolicReferenceExactBackprop.Evaluate(inst, w); }
        // Interleaved, so a change in machine load between the two series does not bias the ratio.
        var dagTimes = new double[repeats];
        var refTimes = new double[repeats];
        for (int k = 0; k < repeats; k++)
        {
            dagTimes[k] = BenchmarkSuite.MedianMilliseconds(() => ncf!.Evaluate(w), 1);
            refTimes[k] = BenchmarkSuite.MedianMilliseconds(() => SymbolicReferenceExactBackprop.Evaluate(inst, w), 1);
        }
        Array.Sort(dagTimes); Array.Sort(refTimes);
        double dagMs = dagTimes[repeats / 2], refMs = refTimes[repeats / 2];
        var a = ncf!.Evaluate(w);
        var b = SymbolicReferenceExactBackprop.Evaluate(inst, w);
        bool same = a.Ncf == b.Ncf && a.Gradient.SequenceEqual(b.Gradient);
        double ratio = refMs / dagMs;
        log?.Report($"  DAG {dagMs:F2} ms, reference {refMs:F2} ms, build {buildMs:F1} ms ({ncf.Graph.NodeCount} nodes)");
        return new BenchmarkResult(Name,
            new Dictionary<string, double> { ["dag_ms"] = dagMs, ["reference_ms"] = refMs, ["build_ms"] = buildMs, ["nodes"] = ncf.Graph.NodeCount },
            ratio, "DAG within 2× of direct exact backprop", same && ratio >= 0.5,
            same ? "" : "RESULTS DIFFER from the reference");
    }
}
