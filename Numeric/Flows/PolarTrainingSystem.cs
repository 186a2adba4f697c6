using Checker.Numeric.Integration;
using Checker.Symbolic.Evaluation;

namespace Checker.Numeric.Flows;

/// <summary>
/// The rescaled training flow dz/dτ = ∇N(z) − δ^Λ Σ_i H(x_i; z)∇H(x_i; z) (docs/theory.md#time-rescaling) in the polar
/// variables of <see cref="PolarNcfSystem"/>: z = e^s θ, dτ = e^{−(Λ−2)s} dσ. Homogeneity (∇N of degree Λ−1, H∇H of
/// degree 2Λ−1) gives, with f = ∇N(θ) − (δe^s)^Λ Σ_i H(x_i; θ)∇H(x_i; θ),
/// <code>
///   dθ/dσ = f − (θ·f) θ,   ds/dσ = θ·f = ΛN(θ) − Λ(δe^s)^Λ Σ_i H(x_i; θ)²,   dτ/dσ = e^{−(Λ−2)s}
/// </code>
/// — δ = 0 is the NCF flow itself. Every quantity stays O(1) where the τ clock cannot resolve the flow: for large Λ
/// the direction settles only within 10^{−14}·τ* of the blow-up, closer than a double resolves τ, and an integrator
/// in τ fails there (its steps fall below the spacing of doubles). Σ H∇H is ∇ℒ(θ) + ∇N(θ), since ∇ℒ = Σ (H_i − y_i)∇H_i.
/// Smooth nets only (C8's hypotheses: ∇H locally Lipschitz).
/// </summary>
public sealed class PolarTrainingSystem
{
    private readonly NcfModel _model;
    private readonly double _logDelta;
    private readonly double[] _theta, _g, _g2;
    public int WeightCount { get; }
    public double Degree { get; }
    public int LogNormIndex => WeightCount;
    public int TimeIndex => WeightCount + 1;
    public int Dimension => WeightCount + 2;

    /// <param name="delta">δ &gt; 0 for the training flow from δw₀; 0 for the NCF flow.</param>
    public PolarTrainingSystem(NcfModel model, double delta)
    {
        if (!(delta >= 0) || !double.IsFinite(delta)) throw new ArgumentOutOfRangeException(nameof(delta), "δ must be ≥ 0");
        _model = model;
        _logDelta = delta > 0 ? Math.Log(delta) : double.NegativeInfinity;
        WeightCount = model.WeightCount;
        Degree = model.Degree;
        _theta = new double[WeightCount]; _g = new double[WeightCount]; _g2 = new double[WeightCount];
    }

    /// <summary>State (θ, s, τ) for z(0) = <paramref name="w0"/>.</summary>
    public double[] InitialState(ReadOnlySpan<double> w0)
        => PolarState.Initial(w0, WeightCount);

    /// <summary>Absolute tolerances: rtol on θ and on s, none on τ (<see cref="PolarState.AbsoluteTolerances"/>).</summary>
    public double[] AbsoluteTolerances(double rtol) => PolarState.AbsoluteTolerances(WeightCount, rtol);

    public void Rhs(double sigma, ReadOnlySpan<double> y, Span<double> dy)
    {
        double r = Vectors.Norm2(y[..WeightCount]);
        for (int i = 0; i < WeightCount; i++) _theta[i] = y[i] / r;
        _model.NcfAndGradient(_theta, _g);
        double s = y[LogNormIndex];
        double logQ = Degree * (_logDelta + s);
        if (logQ > -700)
        {
            double q = Math.Exp(logQ);
            _model.LossAndGradient(_theta, _g2);
            for (int i = 0; i < WeightCount; i++) _g[i] -= q * (_g2[i] + _g[i]);
        }
        double radial = 0;
        for (int i = 0; i < WeightCount; i++) radial += _theta[i] * _g[i];
        for (int i = 0; i < WeightCount; i++) dy[i] = _g[i] - radial * _theta[i];
        dy[LogNormIndex] = radial;
        dy[TimeIndex] = Math.Exp(-(Degree - 2) * s);
    }

    /// <summary>The unit direction θ/‖θ‖ of a state.</summary>
    public double[] Direction(ReadOnlySpan<double> y) => PolarState.Direction(y, WeightCount);

    /// <summary>
    /// Integrates from w₀ until the terminal event <paramref name="stop"/> (or the step budget): the state there and the
    /// largest log-norm s on the way. Null when the run ended otherwise (budget, failure, cancellation).
    /// </summary>
    public (double[] State, double MaxLogNorm)? RunUntil(ReadOnlySpan<double> w0, OdeEvent stop, double rtol, long maxSteps, CancellationToken ct)
    {
        var solver = new DormandPrince54(Rhs, 0, InitialState(w0), 1e300, rtol, 0, ErrorNorm.Componentwise, absoluteTolerances: AbsoluteTolerances(rtol));
        double maxS = solver.Y[LogNormIndex];
        var run = OdeDriver.Run(solver, [stop], d => { maxS = Math.Max(maxS, solver.Y[LogNormIndex]); return true; }, maxSteps, ct);
        if (run.Status != DriveStatus.Event) return null;
        return (run.FinalState, Math.Max(maxS, run.FinalState[LogNormIndex]));
    }
}
