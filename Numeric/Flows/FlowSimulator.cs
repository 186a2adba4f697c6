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

    /// <summary>
    /// One integration of a flow's field, the same for both kinds of net: on a net with kinks (p = 1, a₊ ≠ a₋, depth ≥ 2)
    /// a <see cref="FilippovFlow"/> (sliding included), otherwise one <see cref="DormandPrince54"/> driven by
    /// <see cref="OdeDriver"/>. Step callbacks get the solver of the running segment.
    /// </summary>
    private sealed class Integration
    {
        private readonly FilippovFlow? _filippov;
        private readonly OdeFunction _rhs;
        private readonly FilippovFlow.SolverFactory _make;
        private readonly PreActivations? _pattern;
        private DormandPrince54? _plain;
        public long Steps => _filippov?.Steps ?? _plain?.AcceptedSteps ?? 0;
        public long Evaluations => _filippov?.Evaluations ?? _plain?.Evaluations ?? 0;
        public FilippovFlow? Filippov => _filippov;

        public Integration(Kinks? kinks, int dimension, OdeFunction rhs, FilippovFlow.PieceField? pieceRhs, FilippovFlow.SolverFactory make,
            PreActivations? pattern, Func<double, double[], double>? clock = null)
        {
            _rhs = rhs; _make = make; _pattern = pattern;
            if (kinks is not null && pieceRhs is not null) _filippov = new FilippovFlow(kinks.Gradients, kinks.Surfaces, dimension, pieceRhs, make) { Clock = clock };
        }

        public DriveResult Run(double t0, double[] y0, List<OdeEvent> events, Func<DormandPrince54, bool> onStep, long maxSteps, CancellationToken ct)
        {
            if (_filippov is not null) return _filippov.Run(t0, y0, events, onStep, maxSteps, ct);
            var solver = _make(_rhs, t0, y0);
            _plain = solver;
            var all = new List<OdeEvent>(events);
            // A net with a kink-free activation: pattern changes only when asked for (FlowOptions.DetectPatternChanges).
            if (_pattern is not null) all.Add(new OdeEvent("pattern-change", _pattern.Count, (t, y, v) => _pattern.Evaluate(y, v), false));
            var run = OdeDriver.Run(solver, all, _ => onStep(solver), maxSteps, ct);
            var named = run.Events.Select(e => e.Name == "pattern-change" ? e with { Detail = _pattern!.Describe(e.Component) } : e).ToList();
            return run with { Events = named };
        }

        /// <summary>The flow's field at (t, y): on a net with kinks the Filippov one of the mode the run ended in.</summary>
        public double[] FieldAt(double t, double[] y)
        {
            if (_filippov is not null) return _filippov.FieldAt(t, y);
            var dy = new double[y.Length];
            _rhs(t, y, dy);
            return dy;
        }
    }

    /// <summary>The pieces and switching surfaces of a net with kinks.</summary>
    private sealed record Kinks(PieceGradients Gradients, KinkSurfaces Surfaces);

    private static Kinks? KinksOf(NcfModel model)
    {
        var net = model.Network;
        if (!net.Activation.HasKink || net.Depth < 2) return null;
        var g = new PieceGradients(model.Instance);
        return new Kinks(g, new KinkSurfaces(model.Instance, g));
    }

    private static FlowResult RunPolar(NcfModel model, FlowKind kind, double[] w0, FlowOptions o,
        IProgress<FlowProgress>? progress, CancellationToken ct)
    {
        bool sphere = kind == FlowKind.Sphere;
        var kinks = KinksOf(model);
        var sys = new PolarNcfSystem(model, sphere, kinks?.Gradients);
        double lambda = model.Degree;
        int k = model.WeightCount;
        var y0 = sys.InitialState(w0);
        double s0 = sys.InitialState(w0)[sys.LogNormIndex];
        if (sphere) y0[sys.LogNormIndex] = 0;
        double sigmaBound = sphere && o.Until.Kind == FlowStopKind.Time ? o.Until.Time : 1e300;
        var atol = sys.AbsoluteTolerances(o.RelativeTolerance);
        var flow = new Integration(kinks, sys.Dimension, sys.Rhs, kinks is null ? null : sys.PieceRhs,
            (f, t0, y) => new DormandPrince54(f, t0, y, sigmaBound, o.RelativeTolerance, 0, ErrorNorm.Componentwise, absoluteTolerances: atol),
            PatternEvents(model, o, kinks), (sigma, y) => sphere ? sigma : y[sys.TimeIndex]);
        // Scale of the tangential gradient: ‖∇N‖ at the start direction (a property of the instance, not of ‖u‖).
        var d0 = new double[sys.Dimension];
        sys.Rhs(0, y0, d0);
        double gradScale = Math.Max(Vectors.Norm2(d0.AsSpan(0, k)), Math.Abs(d0[sys.LogNormIndex]) / lambda);
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

        var recorder = new Recorder(o.MaxSamples);
        double TimeOf(ReadOnlySpan<double> y, double sigma) => sphere ? sigma : y[sys.TimeIndex];
        recorder.Add(0, sys.Weights(y0), force: true);
        double? blowup = null;
        bool stationary = false;
        double residual = double.NaN;
        var clock = Stopwatch.StartNew();
        long lastReport = 0;
        bool Step(DormandPrince54 solver)
        {
            var y = solver.Y;
            recorder.Add(TimeOf(y, solver.T), sys.Weights(y));
            var dy = solver.Derivative;
            residual = Vectors.Norm2(dy[..k]);
            double n = sphere ? model.Ncf(sys.Direction(y)) : dy[sys.LogNormIndex] / lambda;
            if (progress is not null && clock.ElapsedMilliseconds - lastReport > 250)
            {
                lastReport = clock.ElapsedMilliseconds;
                progress.Report(new FlowProgress(TimeOf(y, solver.T), sphere ? 1 : Math.Exp(y[sys.LogNormIndex]), flow.Steps));
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
                // norm grows (Λ = 2: exponentially) for ever, so stop there in the natural mode. On a net with kinks
                // the field is the Filippov one (the sliding combination on a kink), which vanishes at Clarke
                // stationary directions.
                bool stop = sphere ? o.Until.Kind == FlowStopKind.Natural
                    : Math.Abs(n) <= stationaryThreshold || (lambda <= 2 && o.Until.Kind == FlowStopKind.Natural);
                if (stop) { stationary = true; return false; }
            }
            return true;
        }
        var run = flow.Run(0, y0, events, Step, o.MaxSteps, ct);
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
            flowEvents.Add(new FlowEvent(e.Name, time, e.Detail));
        }
        FlowOutcome outcome;
        if (blowup is not null) { outcome = FlowOutcome.BlowUp; flowEvents.Add(new FlowEvent("blowup", blowup.Value)); }
        else if (stationary) { outcome = FlowOutcome.Stationary; flowEvents.Add(new FlowEvent(sphere ? "converged" : "stationary", finalTime)); }
        else outcome = MapStatus(run, o);
        var direction = sys.Direction(finalY);
        var slidingAtEnd = SlidingAtEnd(flow);
        return new FlowResult
        {
            Kind = kind,
            Delta = 1,
            Degree = lambda,
            TimeName = sphere ? "σ" : "τ",
            Outcome = outcome,
            Reason = run.Reason,
            Events = flowEvents,
            DroppedEvents = dropped,
            BlowupTime = blowup,
            EscapeTime = escape,
            FinalTime = blowup ?? finalTime,
            FinalState = sys.Weights(finalY),
            FinalDirection = direction,
            Samples = Metrics(model, recorder, w0, o, direction),
            Steps = flow.Steps,
            Evaluations = flow.Evaluations,
            RelativeTolerance = Math.Max(o.RelativeTolerance, 100 * 2.220446049250313e-16),
            // On a kink the classical gradient is one side's; the Filippov field there is the one that vanishes at a
            // Clarke stationary direction.
            FinalGradientResidual = slidingAtEnd.Count > 0
                ? Vectors.Norm2(flow.FieldAt(run.FinalTime, PolarAtUnitScale(sys, finalY)).AsSpan(0, k))
                : TangentialResidual(model, direction),
            SlidingSegments = flow.Filippov?.SlidingSegments ?? 0,
            SlidingTime = flow.Filippov?.SlidingTime ?? 0,
            SlidingAtEnd = slidingAtEnd,
        };
    }

    /// <summary>A polar state with θ normalised (its field is then the tangential gradient at the unit direction).</summary>
    private static double[] PolarAtUnitScale(PolarNcfSystem sys, double[] y)
    {
        var d = sys.Direction(y);
        var r = y.ToArray();
        d.CopyTo(r, 0);
        return r;
    }

    private static IReadOnlyList<string> SlidingAtEnd(Integration flow) =>
        flow.Filippov is { } f ? f.SlidingAtEnd.Select(g => f.Surfaces.Describe(g)).ToArray() : [];

    private static FlowResult RunTraining(NcfModel model, double[] w0, FlowOptions o, IProgress<FlowProgress>? progress, CancellationToken ct)
    {
        double delta = o.Delta;
        var kinks = KinksOf(model);
        var sys = new RescaledTrainingSystem(model, delta, kinks?.Gradients);
        int k = model.WeightCount;
        double lambda = model.Degree;
        double r0 = Vectors.Norm2(w0);
        double tauBound = o.Until.Kind == FlowStopKind.Time ? sys.ToRescaled(o.Until.Time) : 1e300;
        double rtol = Math.Max(o.RelativeTolerance, 1e-13);
        var pattern = PatternEvents(model, o, kinks);
        var flow = new Integration(kinks, k, sys.Rhs, kinks is null ? null : sys.PieceRhs,
            (f, t0, y) => new DormandPrince54(f, t0, y, tauBound, rtol, 0, ErrorNorm.StateNorm), pattern);
        var events = new List<OdeEvent>
        {
            // Terminal in every mode: past the escape the flow is re-based in its own clock (phase 2 below).
            new("escape", 1, (t, z, v) => v[0] = Math.Log(Vectors.Norm2(z) / r0) - Math.Log(o.EscapeFactor), true, +1),
            new("collapse", 1, (t, z, v) => v[0] = Math.Log(Vectors.Norm2(z) / r0) - Math.Log(o.CollapseFactor), true, -1),
        };

        var recorder = new Recorder(o.MaxSamples);
        double[] W(ReadOnlySpan<double> z) { var w = new double[k]; for (int i = 0; i < k; i++) w[i] = delta * z[i]; return w; }
        recorder.Add(0, W(w0), force: true);
        bool escaped = false, stationary = false;
        double maxField = 0;
        var clock = Stopwatch.StartNew();
        long lastReport = 0;
        bool Step(DormandPrince54 solver)
        {
            var z = solver.Y;
            recorder.Add(sys.ToTraining(solver.T), W(z));
            double field = Vectors.Norm2(solver.Derivative);
            maxField = Math.Max(maxField, field);
            if (!escaped && Vectors.Norm2(z) >= o.EscapeFactor * r0) escaped = true;
            if (progress is not null && clock.ElapsedMilliseconds - lastReport > 250)
            {
                lastReport = clock.ElapsedMilliseconds;
                progress.Report(new FlowProgress(sys.ToTraining(solver.T), delta * Vectors.Norm2(z), flow.Steps));
            }
            // A rest point of the loss: only after the escape, since at δ·w₀ the gradient is O(δ^{Λ−1}) and tiny.
            if (o.Until.Kind == FlowStopKind.Natural && escaped && field <= o.TrainingStationaryTolerance * maxField) { stationary = true; return false; }
            return true;
        }
        var run = flow.Run(0, w0, events, Step, o.MaxSteps, ct);
        double finalTime = sys.ToTraining(run.FinalTime);
        if (run.Status == DriveStatus.Event) recorder.Add(finalTime, W(run.FinalState), force: true);
        var flowEvents = new List<FlowEvent>();
        int dropped = 0;
        double? escapeTau = null;
        foreach (var e in run.Events)
        {
            if (e.Name == "escape" && escapeTau is null) escapeTau = e.Time;
            if (flowEvents.Count >= o.MaxRecordedEvents) { dropped++; continue; }
            flowEvents.Add(new FlowEvent(e.Name, sys.ToTraining(e.Time), e.Detail));
        }
        var finalW = W(run.FinalState);
        long steps = flow.Steps, evaluations = flow.Evaluations;
        int slidingSegments = flow.Filippov?.SlidingSegments ?? 0;
        double slidingTime = sys.ToTraining(flow.Filippov?.SlidingTime ?? 0);
        var last = run;
        var lastFlow = flow;
        var pieces = kinks?.Gradients;
        bool reachedTime = false;

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
            // −∇ℒ on one piece: Σ_i (y_i − H(x_i))·∇H(x_i).
            void LossPiece(double s2, ReadOnlySpan<double> w, ReadOnlySpan<double> slopes, Span<double> dw) => pieces!.Gradient(w, slopes, -1, 1, dw);
            // The stationarity threshold is relative to the largest field seen; convert phase 1's ‖dz/dτ‖ to ‖dw/dt‖.
            double maxFieldW = maxField * Math.Pow(delta, lambda - 1);
            var previous = flow.Filippov;
            for (int rebase = 0; rebase < 64; rebase++)
            {
                double bound = o.Until.Kind == FlowStopKind.Time ? o.Until.Time - offset : 1e300;
                // A leg that asked for a re-base on its last step (the step clipped at the bound is tiny next to t)
                // has reached the requested time: the run is complete, not stopped.
                if (bound <= 0) { reachedTime = true; break; }
                var lossFlow = new Integration(kinks, k, LossField, kinks is null ? null : LossPiece,
                    (f, t0, y) => new DormandPrince54(f, t0, y, bound, rtol, 0, ErrorNorm.StateNorm), pattern);
                // The same kinks in w = δz as in z: keep the mode (a sliding run stays on its surface).
                if (previous is not null) lossFlow.Filippov!.AdoptMode(previous);
                bool needRebase = false;
                double clockOrigin = offset;
                bool Step2(DormandPrince54 solver)
                {
                    var w = solver.Y;
                    recorder.Add(clockOrigin + solver.T, w.ToArray());
                    double field = Vectors.Norm2(solver.Derivative);
                    maxFieldW = Math.Max(maxFieldW, field);
                    if (progress is not null && clock.ElapsedMilliseconds - lastReport > 250)
                    {
                        lastReport = clock.ElapsedMilliseconds;
                        progress.Report(new FlowProgress(clockOrigin + solver.T, Vectors.Norm2(w), steps + lossFlow.Steps));
                    }
                    if (o.Until.Kind == FlowStopKind.Natural && field <= o.TrainingStationaryTolerance * maxFieldW) { stationary = true; return false; }
                    if (solver.StepSize < 1e-7 * solver.T) { needRebase = true; return false; }
                    return true;
                }
                var run2 = lossFlow.Run(0, finalW, [], Step2, Math.Max(1, o.MaxSteps - steps), ct);
                foreach (var e in run2.Events)
                {
                    if (flowEvents.Count >= o.MaxRecordedEvents) { dropped++; continue; }
                    flowEvents.Add(new FlowEvent(e.Name, clockOrigin + e.Time, e.Detail));
                }
                offset = clockOrigin + run2.FinalTime;
                finalTime = offset;
                finalW = run2.FinalState;
                steps += lossFlow.Steps;
                evaluations += lossFlow.Evaluations;
                slidingSegments += lossFlow.Filippov?.SlidingSegments ?? 0;
                slidingTime += lossFlow.Filippov?.SlidingTime ?? 0;
                last = run2;
                lastFlow = lossFlow;
                previous = lossFlow.Filippov;
                if (!needRebase || stationary) break;
            }
        }
        var outcome = stationary ? FlowOutcome.Stationary
            : reachedTime ? FlowOutcome.TimeReached
            : ReferenceEquals(last, run) && run.Terminal?.Name == "escape" && o.Until.Kind != FlowStopKind.Escape ? FlowOutcome.TimeReached
            : MapStatus(last, o);
        if (stationary) flowEvents.Add(new FlowEvent("stationary", finalTime));
        var direction = finalW.Select(v => v / Vectors.Norm2(finalW)).ToArray();
        var slidingAtEnd = SlidingAtEnd(lastFlow);
        double finalResidual;
        if (slidingAtEnd.Count > 0 && ReferenceEquals(lastFlow, flow))
            finalResidual = Vectors.Norm2(flow.FieldAt(run.FinalTime, run.FinalState)) * Math.Pow(delta, lambda - 1); // dz/dτ → dw/dt
        else if (slidingAtEnd.Count > 0) finalResidual = Vectors.Norm2(lastFlow.FieldAt(0, finalW));
        else
        {
            var g = new double[k];
            model.LossAndGradient(finalW, g);
            finalResidual = Vectors.Norm2(g);
        }
        return new FlowResult
        {
            Kind = FlowKind.Training,
            Delta = delta,
            Degree = lambda,
            TimeName = "t",
            Outcome = outcome,
            // Past the escape each re-based leg gets what is left of the budget: the limit to report is the run's.
            Reason = last.Status == DriveStatus.StepLimit ? $"step limit {o.MaxSteps} reached" : last.Reason,
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
            RelativeTolerance = Math.Max(rtol, 100 * 2.220446049250313e-16),
            FinalGradientResidual = finalResidual,
            SlidingSegments = slidingSegments,
            SlidingTime = slidingTime,
            SlidingAtEnd = slidingAtEnd,
        };
    }

    /// <summary>
    /// Pattern changes as plain (non-terminal) events on a net without kinks, when asked for: with kinks the Filippov
    /// flow reports them itself.
    /// </summary>
    private static PreActivations? PatternEvents(NcfModel model, FlowOptions o, Kinks? kinks)
    {
        if (kinks is not null) return null;
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
            // Half the budget evenly by step (dense where the flow is fast, e.g. near a blow-up), half evenly in time
            // (so a long slow stretch with few steps, e.g. a training flow before its escape, is not drawn as a few
            // straight segments when most steps fall after it).
            int half = Math.Max(2, m / 2);
            for (int j = 0; j < half; j++) chosen.Add((int)Math.Round((double)j * (points.Count - 1) / (half - 1)));
            double t0 = points[0].Time, t1 = points[^1].Time;
            int cursor = 0;
            for (int j = 0; j < m - half; j++)
            {
                double t = t0 + (t1 - t0) * j / Math.Max(1, m - half - 1);
                while (cursor < points.Count - 1 && points[cursor + 1].Time <= t) cursor++;
                chosen.Add(cursor);
            }
            chosen = chosen.Distinct().Order().ToList();
        }
        return chosen.Select(i => metrics.Sample(points[i].Time, points[i].W, reference)).ToList();
    }
}
