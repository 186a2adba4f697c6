using Checker.Symbolic.Expressions;

namespace Checker.Bench;

/// <summary>
/// Expanded NCF polynomial of a 48-weight net (issue 2): widths [3,4,4,4,1] (12 + 16 + 16 + 4 = 48 weights),
/// leaky:1/10, n = 10, in the activation pattern of a random point. Goal &lt; 40 ms. The reference is SymPy expanding
/// the same piece in the same run (<see cref="SymPyAnchor"/>), timed between two halves of our repetitions; without
/// python3 and SymPy there is no ratio (null), never a remembered figure.
/// </summary>
public sealed class SymbolicExpansionBenchmark : IBenchmarkCase
{
    public string Name => "symbolic/expand-ncf";
    public string Description => "canonical polynomial of N per activation pattern, [3,4,4,4,1] (48 weights), n = 10 (ratio = SymPy / ours, both measured in this run; goal < 40 ms)";

    public BenchmarkResult Run(BenchOptions options, IProgress<string>? log)
    {
        var inst = SymbolicBenchInstances.Create(options.Seed, [3, 4, 4, 4, 1], 10, "leaky:1/10");
        if (inst.Network.WeightCount != 48) throw new InvalidOperationException("the expansion benchmark needs 48 weights");
        var ncf = NcfExpression.Build(inst);
        var pattern = ncf.Evaluate(SymbolicBenchInstances.Point(options.Seed, inst.Network)).Pattern;
        int repeats = options.Quick ? 3 : 11;
        ExpansionResult? n = null, all = null;
        // Our figure brackets SymPy's: half the repetitions before it, half after, median over both.
        var times = new List<double>();
        void Ours(int count) { for (int r = 0; r < count; r++) { var sw = System.Diagnostics.Stopwatch.StartNew(); n = ncf.Expand(pattern, gradient: false); times.Add(sw.Elapsed.TotalMilliseconds); } }
        ncf.Expand(pattern, gradient: false);
        Ours((repeats + 1) / 2);
        var sympy = SymPyAnchor.Measure(inst, pattern, options.Quick ? 1 : 3, TimeSpan.FromSeconds(120), out var why);
        Ours(repeats / 2 + 1);
        times.Sort();
        double nMs = times[times.Count / 2];
        double allMs = BenchmarkSuite.MedianMilliseconds(() => all = ncf.Expand(pattern, gradient: true), repeats);
        bool ok = !n!.TooBig && !all!.TooBig;
        int terms = ok ? n[0].TermCount : -1;
        log?.Report($"  N: {nMs:F2} ms ({terms} terms); N and all 48 ∂N/∂w_j: {allMs:F2} ms");
        log?.Report(sympy is null ? $"  SymPy reference not measured: {why}" : $"  SymPy ({sympy.Python}): {sympy.Milliseconds:F0} ms ({sympy.Terms} terms)");
        var figures = new Dictionary<string, double> { ["ncf_ms"] = nMs, ["ncf_and_gradient_ms"] = allMs, ["ncf_terms"] = terms };
        string notes = "";
        if (sympy is not null)
        {
            figures["sympy_ms"] = sympy.Milliseconds;
            figures["sympy_terms"] = sympy.Terms;
            if (sympy.Terms != terms) notes = $"term counts differ (SymPy {sympy.Terms}, ours {terms}): the two expanded different polynomials. ";
        }
        else notes = $"no SymPy reference in this run ({why}), so no ratio. ";
        return new BenchmarkResult(Name, figures, sympy is null ? null : sympy.Milliseconds / nMs,
            "N expanded in < 40 ms", ok && nMs < 40 && (sympy is null || sympy.Terms == terms), notes.Trim());
    }
}
