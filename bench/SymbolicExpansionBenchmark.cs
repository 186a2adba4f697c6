using Checker.Symbolic.Expressions;

namespace Checker.Bench;

/// <summary>
/// Expanded NCF polynomial of a 48-weight net (issue 2): widths [3,4,4,4,1] (12 + 16 + 16 + 4 = 48 weights),
/// leaky:1/10, n = 10, in the activation pattern of a random point. Goal &lt; 40 ms (SymPy took 0.8 s on this
/// machine, per the issue; that figure is not re-measured here, so the ratio is 800 ms / measured).
/// </summary>
public sealed class SymbolicExpansionBenchmark : IBenchmarkCase
{
    public const double SymPyMilliseconds = 800;

    public string Name => "symbolic/expand-ncf";
    public string Description => "canonical polynomial of N per activation pattern, [3,4,4,4,1] (48 weights), n = 10 (ratio = SymPy's 800 ms / ours; goal < 40 ms)";

    public BenchmarkResult Run(BenchOptions options, IProgress<string>? log)
    {
        var inst = SymbolicBenchInstances.Create(options.Seed, [3, 4, 4, 4, 1], 10, "leaky:1/10");
        if (inst.Network.WeightCount != 48) throw new InvalidOperationException("the expansion benchmark needs 48 weights");
        var ncf = NcfExpression.Build(inst);
        var pattern = ncf.Evaluate(SymbolicBenchInstances.Point(options.Seed, inst.Network)).Pattern;
        int repeats = options.Quick ? 3 : 11;
        ExpansionResult? n = null, all = null;
        double nMs = BenchmarkSuite.MedianMilliseconds(() => n = ncf.Expand(pattern, gradient: false), repeats);
        double allMs = BenchmarkSuite.MedianMilliseconds(() => all = ncf.Expand(pattern, gradient: true), repeats);
        bool ok = !n!.TooBig && !all!.TooBig;
        int terms = ok ? n[0].TermCount : -1;
        log?.Report($"  N: {nMs:F2} ms ({terms} terms); N and all 48 ∂N/∂w_j: {allMs:F2} ms");
        return new BenchmarkResult(Name,
            new Dictionary<string, double> { ["ncf_ms"] = nMs, ["ncf_and_gradient_ms"] = allMs, ["ncf_terms"] = terms },
            SymPyMilliseconds / nMs, "N expanded in < 40 ms (≥ 20× SymPy's 0.8 s)", ok && nMs < 40,
            "SymPy's 0.8 s is the issue's figure, not re-measured in this process");
    }
}
