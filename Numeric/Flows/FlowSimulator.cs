using System.Diagnostics;
using Checker.Numeric.Integration;
using Checker.Symbolic.Evaluation;

namespace Checker.Numeric.Flows;

/// <summary>
/// Runs the training, NCF or sphere flow of docs/theory.md#flows on one instance with <see cref="DormandPrince54"/> and
/// <see cref="OdeDriver"/>, detecting escape, blow-up, collapse, rest points and activation-pattern changes, and
/// computes the trajectory metrics. All gradients come from Symbolic's compiled <see cref="NcfModel"/>.
/// </summary>
public static class FlowSimulator
{
    public static FlowResult Run(NcfModel model, FlowKind kind, ReadOnlySpan<double> w0, FlowOptions options,
        IProgress<FlowProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (w0.Length != model.WeightCount) throw new ArgumentException($"expected {model.WeightCount} weights, got {w0.Length}");
        if (!(Vectors.Norm2(w0) > 0)) throw new ArgumentException("the starting direction must be non-zero");
        foreach (var v in w0) if (!double.IsFinite(v)) throw new ArgumentException("the starting direction must be finite");
        if (!(options.EscapeFactor > 1)) throw new ArgumentOutOfRangeException(nameof(options), "the escape factor must exceed 1");
        if (!(options.CollapseFactor > 0 && options.CollapseFactor < 1)) throw new ArgumentOutOfRangeException(nameof(options), "the collapse factor must lie in (0, 1)");
        return kind == FlowKind.Training
            ? RunTraining(model, w0.ToArray(), options, progress, cancellationToken)
            : RunPolar(model, kind, w0.ToArray(), options, progress, cancellationToken);
    }

    /// <summary>
    /// Detects a sliding mode: the same pre-activation crossing 0 <see cref="Limit"/> times in a row with no other
    /// event between. Smooth dynamics do not do that; a trajectory pinned to a kink by the two one-sided fields does.
    /// </summary>
    private sealed class ChatterDetector
    {
        public const int Limit = 12;
        private int _component = -1, _run;
        public string? Sliding { get; private set; }
        public bool Accept(EventOccurrence e, PreActivations? pre)
        {
            if (e.Name != "pattern-change") { _run = 0; _component = -1; return true; }
            if (e.Component == _component) _run++; else { _component = e.Component; _run = 1; }
            if (_run < Limit) return true;
            Sliding = $"the trajectory slides along the kink {pre?.Describe(e.Component)} = 0 ({Limit} crossings in a row): the classical flow is not defined there (Filippov sliding mode)";
            return false;
        }
    }

    /// <summary>Recorded (time, weights) points, thinned by doubling the stride when too many accumulate.</summary>
    private sealed class Recorder(int maxSamples)
    {
        private readonly int _cap = Math.Max(16, maxSamples) * 8;
        private int _stride = 1, _counter;
        public List<(double Time, double[] W)> Points { get; } = [];
        public void Add(double time, double[] w, bool force = false)
        {
            if (!force && _counter++ % _stride != 0) return;
            Points.Add((time, w));
            if (Points.Count > _cap)
            {
                var kept = Points.Where((_, i) => i % 2 == 0 || i == Points.Count - 1).ToList();
                Points.Clear(); Points.AddRange(kept);
                _stride *= 2;
            }
        }
    }

    private static FlowResult RunPolar(NcfModel model, FlowKind kind, double[] w0, FlowOptions o,
        IProgress<FlowProgress>? progress, CancellationToken ct)
    {
        bool sphere = kind == FlowKind.Sphere;
        var sys = new PolarNcfSystem(model, sphere);
        double lambda = model.Degree;
        int k = model.WeightCount;
        var y0 = sys.InitialState(w0);
        double s0 = sys.InitialState(w0)[sys.LogNormIndex];
        if (sphere) y0[sys.LogNormIndex] = 0;
        double sigmaBound = sphere && o.Until.Kind == FlowStopKind.Time ? o.Until.Time : 1e300;
        var solver = new DormandPrince54(sys.Rhs, 0, y0, sigmaBound, o.RelativeTolerance, 0, ErrorNorm.Componentwise,
            absoluteTolerances: sys.AbsoluteTolerances(o.RelativeTolerance));
        // Scale of the tangential gradient: ‖∇N‖ at the start direction (a property of the instance, not of ‖u‖).
        double gradScale = Math.Max(Vectors.Norm2(solver.Derivative[..k]), Math.Abs(solver.Derivative[sys.LogNormIndex]) / lambda);
        var startDir = sys.Direction(y0);
        {
            var g = new double[k];
            model.NcfAndGradient(startDir, g);
            gradScale = Math.Max(gradScale, Vectors.Norm2(g));
        }
        double stationaryThreshold = o.StationaryTolerance * (gradScale > 0 ? gradScale : 1);

        var events = new List<OdeEvent>();
        if (!sphere)
        {
            int si = sys.LogNormIndex, ti = sys.TimeIndex;
            double logEscape = s0 + Math.Log(o.EscapeFactor), logCollapse = s0 + Math.Log(o.CollapseFactor);
            events.Add(new OdeEvent("escape", 1, (t, y, v) => v[0] = y[si] - logEscape, o.Until.Kind == FlowStopKind.Escape, +1));
            events.Add(new OdeEvent("collapse", 1, (t, y, v) => v[0] = y[si] - logCollapse, true, -1));
            if (o.Until.Kind == FlowStopKind.Time)
            {
                double bound = o.Until.Time;
                events.Add(new OdeEvent("until", 1, (t, y, v) => v[0] = y[ti] - bound, true, +1));
            }
        }
        var pre = PatternEvents(model, o);
        if (pre is not null)
        {
            var dirBuf = new double[k];
            events.Add(new OdeEvent("pattern-change", pre.Count, (t, y, v) => pre.Evaluate(y[..k], v), false));
        }

        var recorder = new Recorder(o.MaxSamples);
        double TimeOf(ReadOnlySpan<double> y, double sigma) => sphere ? sigma : y[sys.TimeIndex];
        recorder.Add(0, sys.Weights(y0), force: true);
        double? blowup = null;
        bool stationary = false;
        double residual = double.NaN;
        var clock = Stopwatch.StartNew();
        long lastReport = 0;
        bool Step(DenseOutput d)
        {
            var y = solver.Y;
            recorder.Add(TimeOf(y, solver.T), sys.Weights(y));
            var dy = solver.Derivative;
            residual = Vectors.Norm2(dy[..k]);
            double n = sphere ? model.Ncf(sys.Direction(y)) : dy[sys.LogNormIndex] / lambda;
            if (progress is not null && clock.ElapsedMilliseconds - lastReport > 250)
            {
                lastReport = clock.ElapsedMilliseconds;
                progress.Report(new FlowProgress(TimeOf(y, solver.T), sphere ? 1 : Math.Exp(y[sys.LogNormIndex]), solver.AcceptedSteps));
            }
            if (!sphere && lambda > 2 && n > 0)
            {
                double tau = y[sys.TimeIndex];
                double tail = Math.Exp(-(lambda - 2) * y[sys.LogNormIndex]) / ((lambda - 2) * lambda * n);
                if (tail <= o.BlowupTolerance * tau) { blowup = tau + tail; return false; }
            }
            if (residual <= stationaryThreshold)
            {
                // NCF: a rest direction with N = 0 is a rest point of u; with N > 0 (Λ > 2) the blow-up test above
                // finishes the run; with N < 0 the collapse event does. Λ ≤ 2: the direction has converged and the
                // norm grows (Λ = 2: exponentially) for ever, so stop there in the natural mode.
                bool stop = sphere ? o.Until.Kind == FlowStopKind.Natural
                    : Math.Abs(n) <= stationaryThreshold || (lambda <= 2 && o.Until.Kind == FlowStopKind.Natural);
                if (stop) { stationary = true; return false; }
            }
            return true;
        }
        var chatter = new ChatterDetector();
        var run = OdeDriver.Run(solver, events, Step, o.MaxSteps, ct, e => chatter.Accept(e, pre));
        var finalY = run.FinalState;
        double finalTime = TimeOf(finalY, run.FinalTime);
        if (run.Status == DriveStatus.Event) recorder.Add(finalTime, sys.Weights(finalY), force: true);

        var flowEvents = new List<FlowEvent>();
        int dropped = 0;
        double? escape = null;
        foreach (var e in run.Events)
        {
            double time = TimeOf(e.State, e.Time);
            if (e.Name == "escape" && escape is null) escape = time;
            if (e.Name == "until") continue;
            if (flowEvents.Count >= o.MaxRecordedEvents) { dropped++; continue; }
            flowEvents.Add(new FlowEvent(e.Name, time, e.Name == "pattern-change" ? pre!.Describe(e.Component) : null));
        }
        FlowOutcome outcome;
        if (blowup is not null) { outcome = FlowOutcome.BlowUp; flowEvents.Add(new FlowEvent("blowup", blowup.Value)); }
        else if (stationary) { outcome = FlowOutcome.Stationary; flowEvents.Add(new FlowEvent(sphere ? "converged" : "stationary", finalTime)); }
        else if (chatter.Sliding is not null) outcome = FlowOutcome.Sliding;
        else outcome = MapStatus(run, o);
        var direction = sys.Direction(finalY);
        return new FlowResult
        {
            Kind = kind,
            Delta = 1,
            Degree = lambda,
            TimeName = sphere ? "σ" : "τ",
            Outcome = outcome,
            Reason = chatter.Sliding ?? run.Reason,
            Events = flowEvents,
            DroppedEvents = dropped,
            BlowupTime = blowup,
            EscapeTime = escape,
            FinalTime = blowup ?? finalTime,
            FinalState = sys.Weights(finalY),
            FinalDirection = direction,
            Samples = Metrics(model, recorder, w0, o, direction),
            Steps = solver.AcceptedSteps,
            Evaluations = solver.Evaluations,
            RelativeTolerance = solver.RelativeTolerance,
            FinalGradientResidual = TangentialResidual(model, direction),
        };
    }

    private static FlowResult RunTraining(NcfModel model, double[] w0, FlowOptions o, IProgress<FlowProgress>? progress, CancellationToken ct)
    {
        double delta = o.Delta;
        var sys = new RescaledTrainingSystem(model, delta);
        int k = model.WeightCount;
        double lambda = model.Degree;
        double r0 = Vectors.Norm2(w0);
        double tauBound = o.Until.Kind == FlowStopKind.Time ? sys.ToRescaled(o.Until.Time) : 1e300;
        var solver = new DormandPrince54(sys.Rhs, 0, w0, tauBound, Math.Max(o.RelativeTolerance, 1e-13), 0, ErrorNorm.StateNorm);
        var events = new List<OdeEvent>
        {
            // Terminal in every mode: past the escape the flow is re-based in its own clock (phase 2 below).
            new("escape", 1, (t, z, v) => v[0] = Math.Log(Vectors.Norm2(z) / r0) - Math.Log(o.EscapeFactor), true, +1),
            new("collapse", 1, (t, z, v) => v[0] = Math.Log(Vectors.Norm2(z) / r0) - Math.Log(o.CollapseFactor), true, -1),
        };
        var pre = PatternEvents(model, o);
        if (pre is not null) events.Add(new OdeEvent("pattern-change", pre.Count, (t, z, v) => pre.Evaluate(z, v), false));

        var recorder = new Recorder(o.MaxSamples);
        double[] W(ReadOnlySpan<double> z) { var w = new double[k]; for (int i = 0; i < k; i++) w[i] = delta * z[i]; return w; }
        recorder.Add(0, W(w0), force: true);
        bool escaped = false, stationary = false;
        double maxField = 0, residual = double.NaN;
        var clock = Stopwatch.StartNew();
        long lastReport = 0;
        bool Step(DenseOutput d)
        {
            var z = solver.Y;
            recorder.Add(sys.ToTraining(solver.T), W(z));
            double field = Vectors.Norm2(solver.Derivative);
            maxField = Math.Max(maxField, field);
            residual = field;
            if (!escaped && Vectors.Norm2(z) >= o.EscapeFactor * r0) escaped = true;
            if (progress is not null && clock.ElapsedMilliseconds - lastReport > 250)
            {
                lastReport = clock.ElapsedMilliseconds;
                progress.Report(new FlowProgress(sys.ToTraining(solver.T), delta * Vectors.Norm2(z), solver.AcceptedSteps));
            }
            // A rest point of the loss: only after the escape, since at δ·w₀ the gradient is O(δ^{Λ−1}) and tiny.
            if (o.Until.Kind == FlowStopKind.Natural && escaped && field <= o.TrainingStationaryTolerance * maxField) { stationary = true; return false; }
            return true;
        }
        var chatter = new ChatterDetector();
        var run = OdeDriver.Run(solver, events, Step, o.MaxSteps, ct, e => chatter.Accept(e, pre));
        double finalTime = sys.ToTraining(run.FinalTime);
        if (run.Status == DriveStatus.Event) recorder.Add(finalTime, W(run.FinalState), force: true);
        var flowEvents = new List<FlowEvent>();
        int dropped = 0;
        double? escapeTau = null;
        foreach (var e in run.Events)
        {
            if (e.Name == "escape" && escapeTau is null) escapeTau = e.Time;
            if (flowEvents.Count >= o.MaxRecordedEvents) { dropped++; continue; }
            flowEvents.Add(new FlowEvent(e.Name, sys.ToTraining(e.Time), e.Name == "pattern-change" ? pre!.Describe(e.Component) : null));
        }
        var finalW = W(run.FinalState);
        long steps = solver.AcceptedSteps, evaluations = solver.Evaluations;
        var last = run;

        // Phase 2, after the escape: the norm still grows from (escape factor)·δ to O(1) over t ~ δ^{−(Λ−2)}, and then
        // the loss dynamics run on the O(1) time scale of t — within δ^{Λ−2}·O(1) of a τ near 25, below the resolution
        // of a double once δ^{Λ−2} ≲ 1e-13 (and likewise for t ≈ 1e16). So the flow continues in the original variables
        // w with a clock s that restarts (is re-based) whenever the step size falls to 1e-7 of the local time: reported
        // times are t_escape + offset + s (docs/theory.md#time-rescaling: the same flow; only the origin of the clock moves).
        if (run.Status == DriveStatus.Event && run.Terminal?.Name == "escape" && o.Until.Kind != FlowStopKind.Escape)
        {
            double offset = finalTime;
            var g2 = new double[k];
            void LossField(double s2, ReadOnlySpan<double> w, Span<double> dw)
            {
                model.LossAndGradient(w, g2);
                for (int i = 0; i < k; i++) dw[i] = -g2[i];
            }
            // The stationarity threshold is relative to the largest field seen; convert phase 1's ‖dz/dτ‖ to ‖dw/dt‖.
            double maxFieldW = maxField * Math.Pow(delta, lambda - 1);
            var events2 = new List<OdeEvent>();
            if (pre is not null) events2.Add(new OdeEvent("pattern-change", pre.Count, (t, w, v) => pre.Evaluate(w, v), false));
            for (int rebase = 0; rebase < 64; rebase++)
            {
                double bound = o.Until.Kind == FlowStopKind.Time ? o.Until.Time - offset : 1e300;
                if (bound <= 0) break;
                var lossFlow = new DormandPrince54(LossField, 0, finalW, bound, Math.Max(o.RelativeTolerance, 1e-13), 0, ErrorNorm.StateNorm);
                bool needRebase = false;
                double clockOrigin = offset;
                bool Step2(DenseOutput d)
                {
                    var w = lossFlow.Y;
                    recorder.Add(clockOrigin + lossFlow.T, w.ToArray());
                    double field = Vectors.Norm2(lossFlow.Derivative);
                    maxFieldW = Math.Max(maxFieldW, field);
                    if (progress is not null && clock.ElapsedMilliseconds - lastReport > 250)
                    {
                        lastReport = clock.ElapsedMilliseconds;
                        progress.Report(new FlowProgress(clockOrigin + lossFlow.T, Vectors.Norm2(w), steps + lossFlow.AcceptedSteps));
                    }
                    if (o.Until.Kind == FlowStopKind.Natural && field <= o.TrainingStationaryTolerance * maxFieldW) { stationary = true; return false; }
                    if (lossFlow.StepSize < 1e-7 * lossFlow.T) { needRebase = true; return false; }
                    return true;
                }
                var run2 = OdeDriver.Run(lossFlow, events2, Step2, Math.Max(1, o.MaxSteps - steps), ct, e => chatter.Accept(e, pre));
                foreach (var e in run2.Events)
                {
                    if (flowEvents.Count >= o.MaxRecordedEvents) { dropped++; continue; }
                    flowEvents.Add(new FlowEvent(e.Name, clockOrigin + e.Time, e.Name == "pattern-change" ? pre!.Describe(e.Component) : null));
                }
                offset = clockOrigin + run2.FinalTime;
                finalTime = offset;
                finalW = run2.FinalState;
                steps += lossFlow.AcceptedSteps;
                evaluations += lossFlow.Evaluations;
                last = run2;
                if (!needRebase || stationary || chatter.Sliding is not null) break;
            }
        }
        var outcome = stationary ? FlowOutcome.Stationary : chatter.Sliding is not null ? FlowOutcome.Sliding
            : ReferenceEquals(last, run) && run.Terminal?.Name == "escape" && o.Until.Kind != FlowStopKind.Escape ? FlowOutcome.TimeReached
            : MapStatus(last, o);
        if (stationary) flowEvents.Add(new FlowEvent("stationary", finalTime));
        var direction = finalW.Select(v => v / Vectors.Norm2(finalW)).ToArray();
        var g = new double[k];
        model.LossAndGradient(finalW, g);
        return new FlowResult
        {
            Kind = FlowKind.Training,
            Delta = delta,
            Degree = lambda,
            TimeName = "t",
            Outcome = outcome,
            Reason = chatter.Sliding ?? last.Reason,
            Events = flowEvents,
            DroppedEvents = dropped,
            EscapeTime = escapeTau is null ? null : sys.ToTraining(escapeTau.Value),
            EscapeTimeRescaled = escapeTau,
            FinalTime = finalTime,
            FinalState = finalW,
            FinalDirection = direction,
            Samples = Metrics(model, recorder, W(w0), o, direction),
            Steps = steps,
            Evaluations = evaluations,
            RelativeTolerance = solver.RelativeTolerance,
            FinalGradientResidual = Vectors.Norm2(g),
        };
    }

    private static PreActivations? PatternEvents(NcfModel model, FlowOptions o)
    {
        bool want = o.DetectPatternChanges ?? model.Network.Activation.HasKink;
        if (!want || model.Network.Depth < 2) return null;
        return new PreActivations(model.Instance);
    }

    private static FlowOutcome MapStatus(DriveResult run, FlowOptions o) => run.Status switch
    {
        DriveStatus.Event => run.Terminal!.Name switch
        {
            "collapse" => FlowOutcome.Collapse,
            "escape" => FlowOutcome.Escape,
            "until" => FlowOutcome.TimeReached,
            _ => FlowOutcome.TimeReached,
        },
        DriveStatus.Finished => FlowOutcome.TimeReached,
        DriveStatus.StepLimit => FlowOutcome.StepLimit,
        DriveStatus.Cancelled => FlowOutcome.Timeout,
        DriveStatus.Failed => FlowOutcome.Failed,
        _ => FlowOutcome.Failed,
    };

    /// <summary>‖∇N(θ) − (θ·∇N(θ))θ‖ at a unit direction: zero exactly at KKT points.</summary>
    public static double TangentialResidual(NcfModel model, ReadOnlySpan<double> direction)
    {
        var g = new double[direction.Length];
        model.NcfAndGradient(direction, g);
        double radial = 0;
        for (int i = 0; i < g.Length; i++) radial += direction[i] * g[i];
        for (int i = 0; i < g.Length; i++) g[i] -= radial * direction[i];
        return Vectors.Norm2(g);
    }

    private static List<FlowSample> Metrics(NcfModel model, Recorder recorder, double[] start, FlowOptions o, double[] finalDirection)
    {
        var points = recorder.Points;
        var metrics = new TrajectoryMetrics(model, start);
        var reference = o.Reference ?? finalDirection;
        int m = Math.Max(2, o.MaxSamples);
        var chosen = new List<int>();
        if (points.Count <= m) chosen.AddRange(Enumerable.Range(0, points.Count));
        else
        {
            for (int j = 0; j < m; j++) chosen.Add((int)Math.Round((double)j * (points.Count - 1) / (m - 1)));
            chosen = chosen.Distinct().ToList();
        }
        return chosen.Select(i => metrics.Sample(points[i].Time, points[i].W, reference)).ToList();
    }
}
