using Checker.Numeric.Integration;
using MathNet.Numerics.LinearAlgebra;

namespace Checker.Numeric.Flows;

/// <summary>
/// Filippov solutions of a flow of a p = 1 network with kinks (docs/theory.md#filippov-solutions: du/dτ ∈ ∂N(u)), integrated piece by piece.
/// <para>
/// A <em>mode</em> fixes, for every switching surface {z_g = 0} (<see cref="KinkSurfaces"/>), either a side (+ or −:
/// the field is that side's polynomial piece, smooth across the surface, so <see cref="DormandPrince54"/> keeps its
/// order) or sliding: the slope there is a₋ + β_g(a₊ − a₋), the convex combination β_g f₊ + (1 − β_g) f₋ of the two
/// sides' fields, with the weights β of all sliding surfaces solved at every evaluation so that every sliding
/// pre-activation stays put: ż_g = −κ z_g (κ a weak pull that removes the integration drift off the surface; on the
/// surface it is ż_g = 0, Filippov's condition ∇z_g·f = 0). For one surface the field is affine in β and this is one
/// division; for several it is a small linear system, solved by Newton (the field is multilinear in β) with a
/// least-squares step where surfaces are dependent.
/// </para>
/// <para>
/// Each mode runs as one segment of <see cref="OdeDriver"/> (a fresh solver, since the field jumps at a switch) with
/// terminal events: a side's pre-activation crossing zero, and a sliding weight β_g leaving [0, 1]. At a crossing the
/// two sides' fields decide: if the far side pushes back towards the surface (both fields point into it) the run
/// slides on it, otherwise it crosses. A weight reaching 0 or 1 means one side's field has become tangent, and the
/// run leaves the surface to that side. So the chattering an integrator of the discontinuous field would do at an
/// attracting kink never happens: it is replaced by its limit, the sliding motion.
/// </para>
/// </summary>
public sealed class FilippovFlow
{
    /// <summary>The flow's field on one piece: <paramref name="slopes"/> gives σ'(z) for every hidden pre-activation.</summary>
    public delegate void PieceField(double t, ReadOnlySpan<double> y, ReadOnlySpan<double> slopes, Span<double> dy);

    /// <summary>Creates the solver of one segment from its field and start.</summary>
    public delegate DormandPrince54 SolverFactory(OdeFunction f, double t0, double[] y0);

    /// <summary>|β| beyond [0, 1] by more than this is a real exit, not rounding.</summary>
    private const double WeightTolerance = 1e-9;
    private const int MaxNewton = 30;
    /// <summary>This many mode switches in a row, each after at most one accepted step, is taken as Zeno behaviour.</summary>
    private const int MaxStalledSwitches = 64;

    private readonly PieceGradients _pieces;
    private readonly KinkSurfaces _surfaces;
    private readonly PieceField _field;
    private readonly SolverFactory _makeSolver;
    private readonly int _k, _dimension;
    private readonly double _aPos, _aNeg;

    /// <summary>+1 / −1: the side of each surface; 0: sliding on it.</summary>
    private readonly int[] _side;
    private readonly double[] _beta;
    private double _kappa;
    /// <summary>The sliding surfaces of the segment running now.</summary>
    private int[] _current = [];
    private bool _started;

    // Scratch.
    private readonly double[] _slopes, _zdot, _z, _dyA, _dyB;
    private double[] _cacheY = [];
    private double _cacheT = double.NaN;
    private double[] _cacheBeta = [];

    public long Steps { get; private set; }
    public long Evaluations { get; private set; }
    /// <summary>The solver of the segment running now (for step callbacks).</summary>
    public DormandPrince54 Solver { get; private set; } = null!;
    /// <summary>Surfaces the run is sliding on at its end.</summary>
    public IReadOnlyList<int> SlidingAtEnd => Enumerable.Range(0, _side.Length).Where(g => _side[g] == 0).ToArray();
    /// <summary>Number of sliding segments entered.</summary>
    public int SlidingSegments { get; private set; }
    /// <summary>Flow time spent sliding (in the driver's clock).</summary>
    public double SlidingTime { get; private set; }
    public KinkSurfaces Surfaces => _surfaces;
    /// <summary>The flow's own time at a state, when the driver's clock is another one (the polar NCF system runs in σ
    /// and carries τ in its state); <see cref="SlidingTime"/> is measured in it.</summary>
    public Func<double, double[], double>? Clock { get; init; }

    public FilippovFlow(PieceGradients pieces, KinkSurfaces surfaces, int dimension, PieceField field, SolverFactory makeSolver)
    {
        _pieces = pieces;
        _surfaces = surfaces;
        _field = field;
        _makeSolver = makeSolver;
        _k = pieces.WeightCount;
        _dimension = dimension;
        _aPos = pieces.PositiveSlope;
        _aNeg = pieces.NegativeSlope;
        _side = new int[surfaces.Count];
        _beta = new double[surfaces.Count];
        _slopes = new double[pieces.Count];
        _zdot = new double[pieces.Count];
        _z = new double[pieces.Count];
        _dyA = new double[dimension];
        _dyB = new double[dimension];
    }

    /// <summary>Sliding surfaces in order.</summary>
    private int[] Sliding() => Enumerable.Range(0, _side.Length).Where(g => _side[g] == 0).ToArray();

    /// <summary>Slopes of the current mode with sliding weights <paramref name="beta"/> (indexed like <paramref name="sliding"/>).</summary>
    private void FillSlopes(ReadOnlySpan<int> sliding, ReadOnlySpan<double> beta)
    {
        Array.Fill(_slopes, _aPos); // components of zero inputs: any slope (it multiplies a zero activation)
        for (int g = 0; g < _side.Length; g++)
        {
            if (_side[g] == 0) continue;
            foreach (var (c, o) in _surfaces.Members[g]) _slopes[c] = _pieces.SideSlope(_side[g] * o);
        }
        for (int m = 0; m < sliding.Length; m++)
            foreach (var (c, o) in _surfaces.Members[sliding[m]])
            {
                double b = o > 0 ? beta[m] : 1 - beta[m];
                _slopes[c] = _aNeg + b * (_aPos - _aNeg);
            }
    }

    /// <summary>Evaluates the piece field with the current slopes and the constraint residuals ż_g + κz_g of <paramref name="sliding"/>.</summary>
    private void FieldAndResiduals(double t, ReadOnlySpan<double> y, ReadOnlySpan<int> sliding, Span<double> dy, Span<double> residual)
    {
        _field(t, y, _slopes, dy);
        Evaluations++;
        if (sliding.Length == 0) return;
        _pieces.Rates(y[.._k], dy[.._k], _slopes, _zdot);
        _pieces.PreActivations(y[.._k], _slopes, _z);
        for (int m = 0; m < sliding.Length; m++)
        {
            int c = _surfaces.Representative[sliding[m]];
            residual[m] = _zdot[c] + _kappa * _z[c];
        }
    }

    /// <summary>
    /// Solves the sliding weights at (t, y) for the surfaces <paramref name="sliding"/> (warm start and result in
    /// <paramref name="beta"/>) and writes the Filippov field into <paramref name="dy"/>. False when no solution was found.
    /// </summary>
    private bool Solve(double t, ReadOnlySpan<double> y, int[] sliding, double[] beta, Span<double> dy)
    {
        int m = sliding.Length;
        var r0 = new double[m];
        var r1 = new double[m];
        if (m == 1)
        {
            // Affine in β: f(β) = f₋ + β(f₊ − f₋), and so is the residual.
            beta[0] = 0; FillSlopes(sliding, beta); FieldAndResiduals(t, y, sliding, _dyA, r0);
            beta[0] = 1; FillSlopes(sliding, beta); FieldAndResiduals(t, y, sliding, _dyB, r1);
            double denominator = r0[0] - r1[0];
            beta[0] = Degenerate(denominator, r0[0]) is { } outside ? outside : r0[0] / denominator;
            if (!double.IsFinite(beta[0])) return false;
            for (int i = 0; i < _dimension; i++) dy[i] = _dyA[i] + beta[0] * (_dyB[i] - _dyA[i]);
            FillSlopes(sliding, beta);
            return true;
        }
        // Several surfaces: Newton on the multilinear residual, Jacobian columns by the exact secants β_g ∈ {0, 1}.
        var f = new double[m];
        var jac = Matrix<double>.Build.Dense(m, m);
        for (int iteration = 0; iteration < MaxNewton; iteration++)
        {
            FillSlopes(sliding, beta);
            FieldAndResiduals(t, y, sliding, dy, f);
            double scale = 0;
            for (int g = 0; g < m; g++)
            {
                double keep = beta[g];
                beta[g] = 0; FillSlopes(sliding, beta); FieldAndResiduals(t, y, sliding, _dyA, r0);
                beta[g] = 1; FillSlopes(sliding, beta); FieldAndResiduals(t, y, sliding, _dyB, r1);
                beta[g] = keep;
                for (int h = 0; h < m; h++) { jac[h, g] = r1[h] - r0[h]; scale = Math.Max(scale, Math.Max(Math.Abs(r0[h]), Math.Abs(r1[h]))); }
            }
            double norm = f.Max(Math.Abs);
            if (norm <= 1e-14 * scale || scale == 0) { FillSlopes(sliding, beta); return true; }
            // A surface whose side no longer changes any rate (its column is 0) cannot be held by its weight: it is
            // released to the side its own rate moves it to, as for one surface.
            bool released = false;
            for (int g = 0; g < m; g++)
            {
                double column = 0;
                for (int h = 0; h < m; h++) column = Math.Max(column, Math.Abs(jac[h, g]));
                if (column == 0 && Degenerate(column, f[g]) is { } outside && outside != 0.5) { beta[g] = outside; released = true; }
            }
            if (released) { FillSlopes(sliding, beta); return true; }
            // A non-finite residual or Jacobian (the field blew up inside the step) makes the SVD fail to converge;
            // either way this evaluation has no sliding weights, which the caller turns into a failed step.
            if (f.Any(v => !double.IsFinite(v)) || jac.Enumerate().Any(v => !double.IsFinite(v))) return false;
            Vector<double> step;
            try { step = jac.Svd(true).Solve(Vector<double>.Build.DenseOfArray(f)); }
            catch (MathNet.Numerics.NonConvergenceException) { return false; }
            for (int g = 0; g < m; g++) beta[g] -= step[g];
            if (beta.Any(b => !double.IsFinite(b))) return false;
        }
        FillSlopes(sliding, beta);
        FieldAndResiduals(t, y, sliding, dy, f);
        return true;
    }

    /// <summary>
    /// When the side of a sliding surface no longer changes its rate (<paramref name="sensitivity"/> = r(0) − r(1) is
    /// rounding: e.g. a ReLU above it switched off, so no slope at this kink reaches the weights that move it), no weight
    /// holds the run on it: the surface is left to the side its rate <paramref name="rate"/> moves it to, signalled by a
    /// weight outside [0, 1] (2: the + side, −1: the − side), which the exit event and <see cref="Release"/> act on. A
    /// rate within rounding of 0 too: the flow is tangent to the surface and the weight is immaterial (0.5). Null: not
    /// degenerate. The scale is the largest pre-activation rate of the evaluation (<see cref="_zdot"/>).
    /// </summary>
    private double? Degenerate(double sensitivity, double rate)
    {
        double scale = 0;
        foreach (var v in _zdot) scale = Math.Max(scale, Math.Abs(v));
        if (Math.Abs(sensitivity) > 1e-12 * scale && sensitivity != 0) return null;
        if (Math.Abs(rate) <= 1e-9 * scale) return 0.5;
        return rate > 0 ? 2 : -1;
    }

    /// <summary>The field of the current mode at (t, y); in a sliding mode it also leaves the weights in the cache.</summary>
    private void Rhs(double t, ReadOnlySpan<double> y, Span<double> dy)
    {
        var sliding = _current;
        if (sliding.Length == 0)
        {
            _field(t, y, _slopes, dy);
            Evaluations++;
            return;
        }
        var beta = sliding.Select(g => _beta[g]).ToArray();
        if (!Solve(t, y, sliding, beta, dy)) { dy.Fill(double.NaN); return; }
        _cacheT = t; _cacheY = y.ToArray(); _cacheBeta = beta;
    }

    /// <summary>Sliding weights at (t, y), from the cache when the solver's last evaluation was there (FSAL).</summary>
    private double[] WeightsAt(double t, ReadOnlySpan<double> y, int[] sliding)
    {
        if (t == _cacheT && y.SequenceEqual(_cacheY)) return _cacheBeta;
        var beta = sliding.Select(g => _beta[g]).ToArray();
        var dy = new double[_dimension];
        Solve(t, y, sliding, beta, dy);
        return beta;
    }

    /// <summary>Rate ż of surface g's representative under its side <paramref name="side"/>, the other sliding surfaces re-solved.</summary>
    private double RateOnSide(double t, ReadOnlySpan<double> y, int g, int side)
    {
        int keep = _side[g];
        _side[g] = side;
        var sliding = Sliding();
        var dy = new double[_dimension];
        if (sliding.Length > 0)
        {
            var beta = sliding.Select(h => _beta[h]).ToArray();
            Solve(t, y, sliding, beta, dy);
        }
        else { FillSlopes([], []); _field(t, y, _slopes, dy); Evaluations++; }
        _pieces.Rates(y[.._k], dy[.._k], _slopes, _zdot);
        _side[g] = keep;
        return _zdot[_surfaces.Representative[g]];
    }

    /// <summary>
    /// At a point where surface g's pre-activation is zero: slide on it if both sides' fields point into the surface,
    /// else take the side the flow moves into. <paramref name="from"/>: the side the run came from (0 at the start).
    /// Returns whether the mode is sliding on g.
    /// </summary>
    private bool Enter(double t, ReadOnlySpan<double> y, int g, int from)
    {
        double rPos = RateOnSide(t, y, g, +1);
        double scale = _zdot.Max(Math.Abs);
        double rNeg = RateOnSide(t, y, g, -1);
        scale = Math.Max(scale, _zdot.Max(Math.Abs));
        double tol = 1e-9 * scale;
        // Attracting: on the + side z falls, on the − side it rises. A side whose rate is within rounding of 0 counts as
        // pointing in when the other side's pushes back: e.g. z[1,j] on a kink with z[2,m] = c·σ(z[1,j]) already sliding,
        // whose constraint holds z[1,j] still on the + side (the two surfaces then slide together).
        if (rPos < 0 && rNeg > 0)
        {
            _side[g] = 0;
            _beta[g] = rNeg / (rNeg - rPos);
            return true;
        }
        if (from != 0) _side[g] = -from;          // crossing: the far side, whose field carries the run on
        else _side[g] = rPos > 0 || rNeg >= 0 ? +1 : -1; // starting on the surface: the side the flow moves into (+ if both repel)
        return false;
    }

    /// <summary>
    /// A surface on which the run stands (z within rounding of 0) but whose side's field carries it to the other side is
    /// decided again as at a crossing. A segment's kink event only sees z leave its side from strictly inside it, so
    /// without this a side chosen while another surface changed mode at the same point (coupled kinks: z[2,m] = c·σ(z[1,j])
    /// both 0) would be kept while z runs through to the wrong side — and the run would follow the wrong piece's field.
    /// Returns the surfaces whose mode changed.
    /// </summary>
    private List<int> Reconsider(double t, ReadOnlySpan<double> y, HashSet<int> skip)
    {
        var changed = new List<int>();
        for (int round = 0; round < _side.Length; round++)
        {
            FillSlopes(Sliding(), Sliding().Select(g => _beta[g]).ToArray());
            _pieces.PreActivations(y[.._k], _slopes, _z);
            double zScale = _z.Max(Math.Abs);
            int bad = -1;
            for (int g = 0; g < _side.Length && bad < 0; g++)
            {
                if (_side[g] == 0 || skip.Contains(g)) continue;
                if (_side[g] * _z[_surfaces.Representative[g]] > 1e-12 * zScale) continue;
                double r = RateOnSide(t, y, g, _side[g]);
                if (_side[g] * r < -1e-6 * _zdot.Max(Math.Abs)) bad = g;
            }
            if (bad < 0) break;
            Enter(t, y, bad, _side[bad]);
            changed.Add(bad);
        }
        return changed;
    }

    /// <summary>Drops sliding surfaces whose weights left [0, 1] (to the side whose field became tangent); repeats until consistent.</summary>
    private List<(int Surface, int Side)> Release(double t, ReadOnlySpan<double> y)
    {
        var released = new List<(int, int)>();
        for (int round = 0; round < _side.Length + 1; round++)
        {
            var sliding = Sliding();
            if (sliding.Length == 0) break;
            var beta = sliding.Select(g => _beta[g]).ToArray();
            var dy = new double[_dimension];
            bool ok = Solve(t, y, sliding, beta, dy);
            int worst = -1;
            double excess = WeightTolerance;
            for (int m = 0; m < sliding.Length; m++)
            {
                double e = !ok ? double.PositiveInfinity : Math.Max(-beta[m], beta[m] - 1);
                if (e > excess) { excess = e; worst = m; }
            }
            for (int m = 0; m < sliding.Length; m++) _beta[sliding[m]] = Math.Clamp(beta[m], 0, 1);
            if (worst < 0) break;
            int side = ok && beta[worst] > 1 ? +1 : -1;
            _side[sliding[worst]] = side;
            released.Add((sliding[worst], side));
        }
        return released;
    }

    /// <summary>
    /// Integrates from (t0, y0) until a terminal event of <paramref name="events"/>, the solver's bound, the step
    /// budget, cancellation, or <paramref name="onStep"/> returning false. Kink crossings, sliding starts and ends are
    /// reported as events ("pattern-change", "slide-start", "slide-end") with a detail.
    /// </summary>
    public DriveResult Run(double t0, double[] y0, IReadOnlyList<OdeEvent> events, Func<DormandPrince54, bool>? onStep,
        long maxSteps, CancellationToken ct)
    {
        var found = new List<EventOccurrence>();
        double t = t0;
        var y = y0.ToArray();
        // Initial mode (unless resuming, or adopted from another run): the sign of every surface's pre-activation; on a
        // surface, decide as at a crossing.
        if (!_started)
        {
            _started = true;
            var signs = SignsAt(y[.._k]);
            for (int g = 0; g < _side.Length; g++) _side[g] = signs[g] == 0 ? 1 : signs[g];
            for (int g = 0; g < _side.Length; g++)
                if (signs[g] == 0 && Enter(t, y, g, 0))
                {
                    SlidingSegments++;
                    found.Add(new EventOccurrence("slide-start", g, t, y.ToArray(), false, SlideDetail(g)));
                }
        }
        int stalled = 0;
        string? terminalName = null;
        int terminalSurface = -1;
        while (true)
        {
            var releasedNow = Release(t, y);
            foreach (var (g, leaveTo) in releasedNow)
                found.Add(new EventOccurrence("slide-end", g, t, y.ToArray(), false, $"{_surfaces.Describe(g)}: leaves to the {(leaveTo > 0 ? "+" : "−")} side"));
            // A surface just left (its weight crossed 0 or 1: that side's field is tangent there) is not re-entered at
            // once, or the two decisions would undo each other at every switch.
            if (terminalName == "slide-exit" && terminalSurface >= 0) releasedNow.Add((terminalSurface, _side[terminalSurface]));
            foreach (var g in Reconsider(t, y, releasedNow.Select(r => r.Surface).ToHashSet()))
                if (_side[g] == 0)
                {
                    SlidingSegments++;
                    found.Add(new EventOccurrence("slide-start", g, t, y.ToArray(), false, SlideDetail(g)));
                }
                else found.Add(new EventOccurrence("pattern-change", g, t, y.ToArray(), false, _surfaces.Describe(g)));
            var sliding = Sliding();
            var regular = Enumerable.Range(0, _side.Length).Where(g => _side[g] != 0).ToArray();
            _kappa = 0;
            FillSlopes(sliding, sliding.Select(g => _beta[g]).ToArray());
            var segmentEvents = new List<OdeEvent>(events);
            var side = _side.ToArray();
            var slopesNow = _slopes.ToArray();
            var zBuf = new double[_pieces.Count];
            if (regular.Length > 0)
                segmentEvents.Add(new OdeEvent("kink", regular.Length, (s, yy, v) =>
                {
                    _pieces.PreActivations(yy[.._k], slopesNow, zBuf);
                    for (int j = 0; j < regular.Length; j++) v[j] = side[regular[j]] * zBuf[_surfaces.Representative[regular[j]]];
                }, true, -1));
            if (sliding.Length > 0)
                segmentEvents.Add(new OdeEvent("slide-exit", 2 * sliding.Length, (s, yy, v) =>
                {
                    var b = WeightsAt(s, yy, sliding);
                    // No finite weights (the sliding system has no solution there): the surface cannot be held, an exit
                    // towards the − side; a NaN would stop the root finder instead.
                    for (int j = 0; j < sliding.Length; j++)
                    {
                        double bj = double.IsFinite(b[j]) ? b[j] : -1;
                        v[2 * j] = bj; v[2 * j + 1] = 1 - bj;
                    }
                }, true, -1));
            _current = sliding;
            var solver = _makeSolver(Rhs, t, y);
            Solver = solver;
            if (sliding.Length > 0)
            {
                // The pull towards the surface acts on the flow's own time scale, so it adds no stiffness.
                double rate = Vectors.Norm2(solver.Derivative[.._k]) / Math.Max(1e-300, Vectors.Norm2(y.AsSpan(0, _k)));
                _kappa = double.IsFinite(rate) ? rate : 0;
            }
            long remaining = maxSteps - Steps;
            long stepsBefore = solver.AcceptedSteps;
            var run = OdeDriver.Run(solver, segmentEvents, onStep is null ? null : _ => onStep(solver), Math.Max(0, remaining), ct);
            Steps += solver.AcceptedSteps - stepsBefore;
            if (sliding.Length > 0) SlidingTime += Math.Abs(Clock is null ? run.FinalTime - t : Clock(run.FinalTime, run.FinalState) - Clock(t, y));
            foreach (var e in run.Events)
                if (e.Name is not ("kink" or "slide-exit")) found.Add(e);
            var terminal = run.Terminal;
            if (run.Status != DriveStatus.Event || terminal is null || terminal.Name is not ("kink" or "slide-exit"))
            {
                var reason = run.Status == DriveStatus.StepLimit ? $"step limit {maxSteps} reached" : run.Reason;
                return run with { Events = found, Reason = reason };
            }
            stalled = solver.AcceptedSteps - stepsBefore <= 1 ? stalled + 1 : 0;
            t = terminal.Time;
            y = terminal.State;
            if (stalled > MaxStalledSwitches)
                return new DriveResult(DriveStatus.Failed, found, null, t, y,
                    $"the Filippov mode switches {MaxStalledSwitches} times without progress at {_surfaces.Describe(terminal.Name == "kink" ? regular[terminal.Component] : sliding[terminal.Component / 2])} (the sliding motion could not be continued)");
            if (terminal.Name == "kink")
            {
                int g = regular[terminal.Component];
                terminalName = "kink"; terminalSurface = g;
                int from = _side[g];
                if (Enter(t, y, g, from))
                {
                    SlidingSegments++;
                    found.Add(new EventOccurrence("slide-start", g, t, y.ToArray(), false, SlideDetail(g)));
                }
                else found.Add(new EventOccurrence("pattern-change", g, t, y.ToArray(), false, _surfaces.Describe(g)));
            }
            else
            {
                int m = terminal.Component / 2, g = sliding[m];
                terminalName = "slide-exit"; terminalSurface = g;
                int newSide = terminal.Component % 2 == 0 ? -1 : +1; // β → 0: the − side's field is tangent; β → 1: the + side's
                for (int j = 0; j < sliding.Length; j++) _beta[sliding[j]] = Math.Clamp(WeightsAt(t, y, sliding)[j], 0, 1);
                _side[g] = newSide;
                found.Add(new EventOccurrence("slide-end", g, t, y.ToArray(), false, $"{_surfaces.Describe(g)}: leaves to the {(newSide > 0 ? "+" : "−")} side"));
            }
        }
    }

    private string SlideDetail(int g) => $"{_surfaces.Describe(g)}: Filippov weight {_beta[g]:G4} on the + side";

    /// <summary>
    /// The Filippov field's value at the end of the run (the sliding combination where sliding): zero exactly at a
    /// Clarke stationary point on the surfaces it slides on.
    /// </summary>
    public double[] FieldAt(double t, ReadOnlySpan<double> y)
    {
        var dy = new double[_dimension];
        Rhs(t, y, dy);
        return dy;
    }

    /// <summary>Takes over another run's mode (sides and sliding weights), e.g. across a change of variables w = δz.</summary>
    public void AdoptMode(FilippovFlow other)
    {
        if (other._side.Length != _side.Length) throw new ArgumentException("a different network");
        other._side.CopyTo(_side, 0);
        other._beta.CopyTo(_beta, 0);
        _started = true;
    }

    /// <summary>Signs of the representatives' pre-activations at a point, 0 within rounding of the kink.</summary>
    private int[] SignsAt(ReadOnlySpan<double> w)
    {
        // Slopes by sign, layer by layer: a deeper pre-activation depends on the slopes of the layers below it, which
        // are fixed once those signs are known; iterate to the fixed point (depth − 1 passes suffice).
        var slopes = new double[_pieces.Count];
        Array.Fill(slopes, _aPos);
        var z = new double[_pieces.Count];
        for (int pass = 0; pass < 64; pass++)
        {
            _pieces.PreActivations(w, slopes, z);
            bool changed = false;
            for (int c = 0; c < z.Length; c++)
            {
                double s = z[c] >= 0 ? _aPos : _aNeg;
                if (s != slopes[c]) { slopes[c] = s; changed = true; }
            }
            if (!changed) break;
        }
        double scale = 0;
        foreach (var v in z) scale = Math.Max(scale, Math.Abs(v));
        var signs = new int[_surfaces.Count];
        for (int g = 0; g < signs.Length; g++)
        {
            double v = z[_surfaces.Representative[g]];
            signs[g] = Math.Abs(v) <= 1e-13 * scale ? 0 : Math.Sign(v);
        }
        return signs;
    }
}
