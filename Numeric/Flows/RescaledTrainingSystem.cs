using Checker.Numeric.Integration;
using Checker.Symbolic.Evaluation;

namespace Checker.Numeric.Flows;

/// <summary>
/// The training flow dw/dt = −∇ℒ(w), w(0) = δw₀, in the rescaled variables of docs/theory.md#time-rescaling: w = δz, τ = δ^{Λ−2} t.
/// Homogeneity gives exactly dz/dτ = δ^{−(Λ−1)}·(−∇ℒ(δz)) = ∇N(z) − δ^Λ Σ_i H(x_i; z)∇H(x_i; z), since
/// ∇ℒ = Σ_i (H_i − y_i)∇H_i. In these variables z starts at the unit vector w₀ whatever δ is, so the integrator's
/// tolerance (relative to ‖z‖, <see cref="ErrorNorm.StateNorm"/>) means the same thing for δ = 1e-1 and 1e-6, and the
/// training escape time in τ compares directly with the NCF flow's.
/// <para>
/// The field is computed in one pass as −∇ℒ(δz)·δ^{−(Λ−1)} with Symbolic's compiled gradient while δ^Λ is a normal
/// double; below that (tiny δ with large Λ, where δz would underflow inside the network) it switches to the
/// algebraically identical two-pass form (1 − δ^Λ)∇N(z) − δ^Λ∇ℒ(z).
/// </para>
/// </summary>
public sealed class RescaledTrainingSystem
{
    private readonly NcfModel _model;
    private readonly double _delta, _deltaPowL, _inverseScale;
    private readonly bool _onePass;
    private readonly PieceGradients? _pieces;
    private readonly double[] _w, _g, _g2;
    public int Dimension { get; }
    public double Degree { get; }

    public RescaledTrainingSystem(NcfModel model, double delta, PieceGradients? pieces = null)
    {
        _pieces = pieces;
        if (!(delta > 0) || !double.IsFinite(delta)) throw new ArgumentOutOfRangeException(nameof(delta), "δ must be positive");
        _model = model;
        _delta = delta;
        Degree = model.Degree;
        Dimension = model.WeightCount;
        _deltaPowL = Math.Pow(delta, Degree);
        _onePass = _deltaPowL > 1e-280 && Math.Pow(delta, -(Degree - 1)) < 1e280;
        _inverseScale = Math.Pow(delta, -(Degree - 1));
        _w = new double[Dimension]; _g = new double[Dimension]; _g2 = new double[Dimension];
    }

    /// <summary>τ = δ^{Λ−2}·t.</summary>
    public double ToRescaled(double t) => t * Math.Pow(_delta, Degree - 2);
    public double ToTraining(double tau) => tau / Math.Pow(_delta, Degree - 2);

    /// <summary>
    /// The same field on one smooth piece of a p = 1 net (<see cref="PieceGradients"/>), for <see cref="FilippovFlow"/>:
    /// dz/dτ = Σ_i (y_i − δ^Λ H(x_i; z))·∇H(x_i; z), one pass (z is O(1), so nothing under- or overflows).
    /// </summary>
    public void PieceRhs(double tau, ReadOnlySpan<double> z, ReadOnlySpan<double> slopes, Span<double> dz)
    {
        if (_pieces is null) throw new InvalidOperationException("not a piecewise-linear network");
        _pieces.Gradient(z, slopes, -_deltaPowL, 1, dz);
    }

    public void Rhs(double tau, ReadOnlySpan<double> z, Span<double> dz)
    {
        if (_onePass)
        {
            for (int i = 0; i < Dimension; i++) _w[i] = _delta * z[i];
            _model.LossAndGradient(_w, _g);
            for (int i = 0; i < Dimension; i++) dz[i] = -_g[i] * _inverseScale;
            return;
        }
        _model.NcfAndGradient(z, _g);
        _model.LossAndGradient(z, _g2);
        for (int i = 0; i < Dimension; i++) dz[i] = (1 - _deltaPowL) * _g[i] - _deltaPowL * _g2[i];
    }
}
