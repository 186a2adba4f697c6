namespace Checker.Numeric.Integration;

/// <summary>
/// Explicit Runge–Kutta 5(4) of Dormand and Prince with step-size control and the standard quartic dense output
/// (Shampine's continuous extension; the coefficients are the published ones, as in scipy's <c>RK45</c>).
/// It follows scipy's <c>OdeSolver</c> shape: construct at (t0, y0) towards <see cref="TBound"/>, call <see cref="Step"/>
/// repeatedly, read <see cref="T"/>/<see cref="Y"/>, and ask <see cref="DenseOutput"/> for the interpolant over the
/// last accepted step.
/// <para>
/// Why hand-written: MathNet.Numerics 5 ships only fixed-step RK2/RK4 (no error control, no dense output, no events),
/// and the flows need all three — the NCF flow's step sizes vary over many orders of magnitude near blow-up, and event
/// times (escape, blow-up, pattern changes) must be located to machine precision on a continuous interpolant.
/// </para>
/// <para>
/// Error control: see <see cref="ErrorNorm"/>. The step-size update is the classical one (Hairer–Nørsett–Wanner II.4):
/// h_new = h·min(10, max(0.2, 0.9·err^{−1/5})), with no growth right after a rejection; the first step size is chosen by
/// the HNW heuristic from f(t0, y0) and one explicit Euler trial.
/// </para>
/// </summary>
public sealed class DormandPrince54
{
    // Butcher tableau (Dormand & Prince 1980).
    private static readonly double[] C = [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1];
    private static readonly double[][] A =
    [
        [],
        [1.0 / 5],
        [3.0 / 40, 9.0 / 40],
        [44.0 / 45, -56.0 / 15, 32.0 / 9],
        [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
        [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
    ];
    private static readonly double[] B = [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84];
    // Error weights b5 − b4 over the seven stages (the seventh is f(t+h, y_new), first-same-as-last).
    private static readonly double[] E = [-71.0 / 57600, 0, 71.0 / 16695, -71.0 / 1920, 17253.0 / 339200, -22.0 / 525, 1.0 / 40];
    // Dense output: y(t_old + x·h) = y_old + h·Σ_j K_j·(P_j · [x, x², x³, x⁴]).
    internal static readonly double[][] P =
    [
        [1, -8048581381.0 / 2820520608, 8663915743.0 / 2820520608, -12715105075.0 / 11282082432],
        [0, 0, 0, 0],
        [0, 131558114200.0 / 32700410799, -68118460800.0 / 10900136933, 87487479700.0 / 32700410799],
        [0, -1754552775.0 / 470086768, 14199869525.0 / 1410260304, -10690763975.0 / 1880347072],
        [0, 127303824393.0 / 49829197408, -318862633887.0 / 49829197408, 701980252875.0 / 199316789632],
        [0, -282668133.0 / 205662961, 2019193451.0 / 616988883, -1453857185.0 / 822651844],
        [0, 40617522.0 / 29380423, -110615467.0 / 29380423, 69997945.0 / 29380423],
    ];

    private const double Safety = 0.9, MinFactor = 0.2, MaxFactor = 10;
    private const int Stages = 6;

    private readonly OdeFunction _f;
    private readonly double[]? _atolVector;
    private readonly double[][] _k;      // 7 stage derivatives
    private double[] _y, _yOld, _yNew, _f0, _stage, _err;
    private double _h;
    private bool _justRejected;

    public int Dimension { get; }
    public double T { get; private set; }
    public double TOld { get; private set; }
    public double TBound { get; }
    /// <summary>+1 integrating forwards, −1 backwards.</summary>
    public int Direction { get; }
    public ReadOnlySpan<double> Y => _y;
    public ReadOnlySpan<double> YOld => _yOld;
    /// <summary>f(T, Y): the last stage of the accepted step (FSAL).</summary>
    public ReadOnlySpan<double> Derivative => _f0;
    public double RelativeTolerance { get; }
    public double AbsoluteTolerance { get; }
    public ErrorNorm Norm { get; }
    /// <summary>Largest step magnitude allowed (∞ by default).</summary>
    public double MaxStep { get; init; } = double.PositiveInfinity;
    /// <summary>Number of right-hand-side evaluations so far.</summary>
    public long Evaluations { get; private set; }
    public long AcceptedSteps { get; private set; }
    public long RejectedSteps { get; private set; }
    /// <summary>The step size proposed for the next step.</summary>
    public double StepSize => _h;
    public string? FailureReason { get; private set; }

    /// <param name="absoluteTolerances">Per-component absolute tolerances (only with <see cref="ErrorNorm.Componentwise"/>);
    /// overrides <paramref name="atol"/>.</param>
    public DormandPrince54(OdeFunction f, double t0, ReadOnlySpan<double> y0, double tBound,
        double rtol = 1e-8, double atol = 0, ErrorNorm norm = ErrorNorm.StateNorm, double firstStep = 0,
        double[]? absoluteTolerances = null)
    {
        if (!(rtol > 0)) throw new ArgumentOutOfRangeException(nameof(rtol), "rtol must be positive");
        if (atol < 0) throw new ArgumentOutOfRangeException(nameof(atol));
        if (absoluteTolerances is not null && absoluteTolerances.Length != y0.Length) throw new ArgumentException("one absolute tolerance per component");
        // Below ~100 ulp the error estimate is round-off, not truncation: clamp as scipy does.
        RelativeTolerance = Math.Max(rtol, 100 * 2.220446049250313e-16);
        AbsoluteTolerance = atol;
        _atolVector = absoluteTolerances;
        Norm = norm;
        _f = f;
        Dimension = y0.Length;
        T = TOld = t0;
        TBound = tBound;
        Direction = tBound >= t0 ? 1 : -1;
        _y = y0.ToArray(); _yOld = y0.ToArray(); _yNew = new double[Dimension];
        _f0 = new double[Dimension]; _stage = new double[Dimension]; _err = new double[Dimension];
        _k = new double[Stages + 1][];
        for (int i = 0; i <= Stages; i++) _k[i] = new double[Dimension];
        Eval(t0, _y, _f0);
        _h = firstStep > 0 ? firstStep : InitialStep();
    }

    private void Eval(double t, ReadOnlySpan<double> y, Span<double> dy)
    {
        _f(t, y, dy);
        Evaluations++;
    }

    private double Scale(int i, double yi, double yn) =>
        (_atolVector?[i] ?? AbsoluteTolerance) + RelativeTolerance * Math.Max(Math.Abs(yi), Math.Abs(yn));

    /// <summary>The error measure of <see cref="ErrorNorm"/> for a vector <paramref name="v"/> against states a and b.</summary>
    private double ErrorMeasure(ReadOnlySpan<double> v, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (Norm == ErrorNorm.StateNorm)
        {
            double nv = Vectors.Norm2(v), na = Vectors.Norm2(a), nb = Vectors.Norm2(b);
            double scale = AbsoluteTolerance + RelativeTolerance * Math.Max(na, nb);
            if (scale == 0) scale = double.Epsilon;
            return nv / scale;
        }
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            double sc = Scale(i, a[i], b[i]);
            // A purely relative component sitting at exactly 0 has no scale yet: it is left out until it moves
            // (the time integral τ of the NCF flow starts at 0 and is non-zero after the first step).
            if (sc == 0) continue;
            double q = v[i] / sc;
            s += q * q;
        }
        return v.Length == 0 ? 0 : Math.Sqrt(s / v.Length);
    }


    /// <summary>Hairer–Nørsett–Wanner's starting step (Solving ODEs I, II.4), as in scipy's select_initial_step.</summary>
    private double InitialStep()
    {
        double span = Math.Abs(TBound - T);
        if (span == 0 || Dimension == 0) return span;
        double d0 = ErrorMeasure(_y, _y, _y), d1 = ErrorMeasure(_f0, _y, _y);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        h0 = Math.Min(h0, span);
        for (int i = 0; i < Dimension; i++) _stage[i] = _y[i] + Direction * h0 * _f0[i];
        Eval(T + Direction * h0, _stage, _k[1]);
        for (int i = 0; i < Dimension; i++) _err[i] = _k[1][i] - _f0[i];
        double d2 = ErrorMeasure(_err, _y, _y) / h0;
        double h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.Max(1e-6, h0 * 1e-3) : Math.Pow(0.01 / Math.Max(d1, d2), 1.0 / 5);
        double h = Math.Min(Math.Min(100 * h0, h1), span);
        // A state at exactly 0 with atol = 0 has no scale: fall back to the trial step (the controller adapts from there).
        return h > 0 && double.IsFinite(h) ? h : h0;
    }

    /// <summary>
    /// Attempts steps until one is accepted (or the step size underflows). After <see cref="StepStatus.Running"/> the
    /// interval [TOld, T] has a valid <see cref="DenseOutput"/>.
    /// </summary>
    public StepStatus Step()
    {
        if (T == TBound) return StepStatus.Finished;
        double minStep = 10 * Math.Abs(Math.BitIncrement(Math.Abs(T)) - Math.Abs(T));
        double remaining = Math.Abs(TBound - T);
        double h = Math.Min(Math.Min(_h, MaxStep), remaining);
        while (true)
        {
            // A step that ends exactly at the bound always makes progress, however short: T + (TBound − T) can round
            // to a double an ulp short of TBound, and the remainder left must still be stepped, not reported as a
            // step-size underflow.
            bool toBound = h >= remaining;
            if ((h < minStep && !toBound) || !double.IsFinite(h))
            {
                FailureReason = $"step size {h:G3} fell below the resolution of t = {T:G17}";
                return StepStatus.Failed;
            }
            double tNew = toBound ? TBound : T + Direction * h;
            if (Direction * (tNew - TBound) > 0) tNew = TBound;
            double hs = tNew - T; // signed
            _f0.AsSpan().CopyTo(_k[0]);
            for (int s = 1; s < Stages; s++)
            {
                var a = A[s];
                for (int i = 0; i < Dimension; i++)
                {
                    double acc = 0;
                    for (int j = 0; j < s; j++) acc += a[j] * _k[j][i];
                    _stage[i] = _y[i] + hs * acc;
                }
                Eval(T + C[s] * hs, _stage, _k[s]);
            }
            for (int i = 0; i < Dimension; i++)
            {
                double acc = 0;
                for (int j = 0; j < Stages; j++) acc += B[j] * _k[j][i];
                _yNew[i] = _y[i] + hs * acc;
            }
            Eval(tNew, _yNew, _k[Stages]);
            for (int i = 0; i < Dimension; i++)
            {
                double acc = 0;
                for (int j = 0; j <= Stages; j++) acc += E[j] * _k[j][i];
                _err[i] = hs * acc;
            }
            double errNorm = ErrorMeasure(_err, _y, _yNew);
            if (!double.IsFinite(errNorm))
            {
                // Non-finite stage values: shrink hard and retry (the flow may be near a blow-up).
                h *= MinFactor;
                _justRejected = true;
                RejectedSteps++;
                continue;
            }
            if (errNorm <= 1)
            {
                double factor = errNorm == 0 ? MaxFactor : Math.Min(MaxFactor, Safety * Math.Pow(errNorm, -0.2));
                if (_justRejected) factor = Math.Min(1, factor);
                _h = Math.Abs(hs) * factor;
                if (Math.Abs(hs) < h) _h = Math.Max(_h, h); // a step clipped at TBound keeps its proposal
                _justRejected = false;
                TOld = T; T = tNew;
                (_yOld, _y, _yNew) = (_y, _yNew, _yOld);
                _k[Stages].AsSpan().CopyTo(_f0);
                AcceptedSteps++;
                return T == TBound ? StepStatus.Finished : StepStatus.Running;
            }
            h = Math.Abs(hs) * Math.Max(MinFactor, Safety * Math.Pow(errNorm, -0.2));
            _justRejected = true;
            RejectedSteps++;
        }
    }

    /// <summary>The quartic interpolant over the last accepted step [TOld, T] (a copy: stays valid after further steps).</summary>
    public DenseOutput DenseOutput()
    {
        var q = new double[4][];
        for (int c = 0; c < 4; c++)
        {
            q[c] = new double[Dimension];
            for (int i = 0; i < Dimension; i++)
            {
                double acc = 0;
                for (int j = 0; j <= Stages; j++) acc += _k[j][i] * P[j][c];
                q[c][i] = acc;
            }
        }
        return new DenseOutput(TOld, T, _yOld, q);
    }
}
