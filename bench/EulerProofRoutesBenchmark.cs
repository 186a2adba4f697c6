using Checker.Verification.Contracts;
using System.Diagnostics;
using Checker.Verification.Certificates;
using Checker.Verification.Claims;

namespace Checker.Bench;

/// <summary>
/// The two routes of the Euler piece proof behind C1–C3 (<see cref="EulerProof"/>): the SMT route (in-process z3 on the
/// certificate queries) against the reference, polynomial expansion in C#, on a deep Leaky-ReLU and a deep polynomial
/// net; plus the time a stock `z3` process needs to re-run all certificate files (what a reader pays). Ratio = SMT /
/// expansion time (how much the fallback costs where both work); no goal.
/// </summary>
public sealed class EulerProofRoutesBenchmark : IBenchmarkCase
{
    public string Name => "certificates/euler-proof-routes";
    public string Description => "Euler piece proof: SMT route vs polynomial expansion (reference), and stock z3 replay of the .smt2 certificates, on [2,3,3,1] leaky:1/10 n=4 and [2,2,2,1] polyrelu:2 n=4 (ratio = SMT / expansion)";

    public BenchmarkResult Run(BenchOptions options, IProgress<string>? log)
    {
        var figures = new Dictionary<string, double>();
        double smtTotal = 0, expTotal = 0;
        foreach (var (tag, widths, act) in new[] { ("leaky", new[] { 2, 3, 3, 1 }, "leaky:1/10"), ("poly", new[] { 2, 2, 2, 1 }, "polyrelu:2") })
        {
            var inst = SymbolicBenchInstances.Create(options.Seed, widths, 4, act);
            var opts = new CheckOptions { TimeoutSeconds = 120 };
            int repeats = options.Quick ? 1 : 3;
            double exp = BenchmarkSuite.MedianMilliseconds(() => Require(EulerProof.Run(inst, CheckContext.For("B", opts), EulerCertificates.Identity.Both, expand: true)), repeats);
            double smt = BenchmarkSuite.MedianMilliseconds(() => Require(EulerProof.Run(inst, CheckContext.For("B", opts), EulerCertificates.Identity.Both, expand: false)), repeats);
            var dir = Path.Combine(Path.GetTempPath(), "checker-bench-euler-" + Guid.NewGuid().ToString("N"));
            var files = EulerCertificates.WritePieces(inst, dir, "B", EulerCertificates.Identity.Both, default);
            var sw = Stopwatch.StartNew();
            foreach (var f in files)
            {
                using var p = Process.Start(new ProcessStartInfo("z3", ["-T:60", f]) { RedirectStandardOutput = true, UseShellExecute = false })!;
                var answer = p.StandardOutput.ReadLine();
                p.WaitForExit();
                if (answer != "unsat") throw new InvalidOperationException($"stock z3 answered {answer} on {f}");
            }
            double replay = sw.Elapsed.TotalMilliseconds;
            try { Directory.Delete(dir, true); } catch (IOException) { }
            log?.Report($"  {tag}: expansion {exp:F0} ms, SMT route {smt:F0} ms, stock z3 replay of {files.Count} files {replay:F0} ms");
            figures[$"{tag}_expansion_ms"] = exp;
            figures[$"{tag}_smt_route_ms"] = smt;
            figures[$"{tag}_z3_replay_ms"] = replay;
            figures[$"{tag}_files"] = files.Count;
            smtTotal += smt; expTotal += exp;
        }
        return new BenchmarkResult(Name, figures, smtTotal / expTotal, "none (the SMT route is the fallback for pieces too large to expand)", null,
            "both routes prove both identities on every piece; the SMT route includes printing the queries");
    }

    private static void Require(EulerProof.Result r)
    {
        if (!r.Proved) throw new InvalidOperationException("Euler proof did not complete: " + r.NotCompleted);
    }
}
