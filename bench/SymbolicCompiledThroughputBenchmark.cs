using Checker.Symbolic.Evaluation;

namespace Checker.Bench;

/// <summary>
/// Compiled evaluator throughput (issue 2): N and ∇N of widths [8,16,16,1], n = 100, through
/// <see cref="NcfModel"/> (code generated from the DAG) against the hand-written double backprop, same process, blocks
/// of calls of the two timed alternately.
/// </summary>
public sealed class SymbolicCompiledThroughputBenchmark : IBenchmarkCase
{
    public string Name => "symbolic/compiled-gradient";
    public string Description => "NcfAndGradient on [8,16,16,1], n = 100: compiled DAG vs hand-written double backprop (ratio = reference/compiled; goal ≥ 0.5, i.e. within 2×)";

    public BenchmarkResult Run(BenchOptions options, IProgress<string>? log)
    {
        var figures = new Dictionary<string, double>();
        double worst = double.PositiveInfinity;
        string notes = "";
        foreach (var act in new[] { "leaky:1/10", "polyrelu:2" })
        {
            var inst = SymbolicBenchInstances.Create(options.Seed, [8, 16, 16, 1], 100, act);
            var w = SymbolicBenchInstances.Point(options.Seed, inst.Network).ToDoubles();
            var g0 = new double[w.Length];
            double compileMs = BenchmarkSuite.MedianMilliseconds(() => NcfModel.Compile(inst).NcfAndGradient(w, g0), 1);
            var model = NcfModel.Compile(inst);
            var reference = SymbolicReferenceDoubleBackprop.Compile(inst);
            var g1 = new double[w.Length];
            var g2 = new double[w.Length];
            int calls = options.Quick ? 200 : 2000;
            int repeats = options.Quick ? 3 : 9;
            var (compiledBlock, handWrittenBlock) = BenchmarkSuite.InterleavedMedianMilliseconds(
                () => { for (int k = 0; k < calls; k++) model.NcfAndGradient(w, g1); },
                () => { for (int k = 0; k < calls; k++) reference.NcfAndGradient(w, g2); }, repeats);
            double compiled = compiledBlock / calls, handWritten = handWrittenBlock / calls;
            double diff = 0, size = 0;
            for (int j = 0; j < w.Length; j++) { diff = Math.Max(diff, Math.Abs(g1[j] - g2[j])); size = Math.Max(size, Math.Abs(g2[j])); }
            if (diff > 1e-9 * (1 + size)) notes += $"{act}: gradients differ by {diff:G3}. ";
            string key = act.Split(':')[0];
            figures[$"{key}_compiled_us_per_call"] = compiled * 1000;
            figures[$"{key}_handwritten_us_per_call"] = handWritten * 1000;
            figures[$"{key}_compile_ms"] = compileMs;
            worst = Math.Min(worst, handWritten / compiled);
            log?.Report($"  {act}: compiled {compiled * 1000:F1} µs/call, hand-written {handWritten * 1000:F1} µs/call, compile {compileMs:F0} ms");
        }
        return new BenchmarkResult(Name, figures, worst, "compiled within 2× of hand-written (ratio ≥ 0.5)", worst >= 0.5 && notes.Length == 0, notes);
    }
}
