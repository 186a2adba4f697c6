using Checker.Numeric.Integration;
using Checker.Symbolic.Evaluation;

namespace Checker.Numeric.Flows;

/// <summary>
/// The NCF flow du/dτ = ∇N(u) written in variables that stay finite through the blow-up (docs/theory.md#ncf-flow).
/// With u = e^s·θ, ‖θ‖ = 1, and the time change dτ = e^{−(Λ−2)s} dσ, homogeneity of N (degree Λ, ∇N of degree Λ−1)
/// and Euler's identity θ·∇N(θ) = ΛN(θ) give
/// <code>
///   dθ/dσ = ∇N(θ) − (θ·∇N(θ)) θ      (the sphere flow: tangential gradient, Riemannian ascent of N)
///   ds/dσ = Λ N(θ)
///   dτ/dσ = e^{−(Λ−2)s}
/// </code>
/// The right-hand side is bounded on the whole trajectory, so σ runs to +∞ while τ → τ*. Why this locates τ* to far
/// better than 1e-8: along the sphere flow dN(θ)/dσ = ‖P_θ∇N‖² ≥ 0, so for σ' ≥ σ, s(σ') ≥ s(σ) + ΛN(θ(σ))(σ' − σ) and
/// hence, when N(θ(σ)) &gt; 0,
/// <code>  0 ≤ τ* − τ(σ) ≤ e^{−(Λ−2)s(σ)} / ((Λ−2) Λ N(θ(σ)))  </code>
/// — a rigorous bound that the run drives below a tiny fraction of τ (<see cref="FlowOptions.BlowupTolerance"/>); and
/// started on a positive KKT ray it is an equality, giving τ* = 1/(Λ(Λ−2)N(u*)) exactly. No extrapolation and no large
/// numbers: the bound is reached once s ≈ 30/(Λ−2), so large Λ makes it easier, not harder.
/// <para>
/// The state is (θ, s, τ) with θ stored unnormalised; the field is evaluated at θ/‖θ‖ and is tangent there, so ‖θ‖
/// drifts only by the integration error and never feeds back. Error control is componentwise with absolute tolerance
/// rtol on θ (a unit vector) and on s (an absolute error in s is a relative error in ‖u‖), and purely relative on τ
/// (monotone, from 0): every controlled quantity is O(1) or relative, whatever the scale of u.
/// </para>
/// </summary>
public sealed class PolarNcfSystem
{
    private readonly NcfModel _model;
    private readonly double[] _u, _g;
    private readonly bool _sphereOnly;
    private readonly PieceGradients? _pieces;
    public int WeightCount { get; }
    public double Degree { get; }
    /// <summary>Index of s and of τ in the state.</summary>
    public int LogNormIndex => WeightCount;
    public int TimeIndex => WeightCount + 1;
    public int Dimension => WeightCount + 2;

    public PolarNcfSystem(NcfModel model, bool sphereOnly, PieceGradients? pieces = null)
    {
        _model = model;
        _pieces = pieces;
        _sphereOnly = sphereOnly;
        WeightCount = model.WeightCount;
        Degree = model.Degree;
        _u = new double[WeightCount];
        _g = new double[WeightCount];
    }

    /// <summary>The initial state for u(0) = <paramref name="w0"/> (any non-zero vector).</summary>
    public double[] InitialState(ReadOnlySpan<double> w0)
        => PolarState.Initial(w0, WeightCount);

    /// <summary>Absolute tolerances: rtol on θ and on s, none on τ (<see cref="PolarState.AbsoluteTolerances"/>).</summary>
    public double[] AbsoluteTolerances(double rtol) => PolarState.AbsoluteTolerances(WeightCount, rtol);

    public void Rhs(double sigma, ReadOnlySpan<double> y, Span<double> dy)
    {
        var theta = y[..WeightCount];
        double r = Vectors.Norm2(theta);
        for (int i = 0; i < WeightCount; i++) _u[i] = theta[i] / r;
        double n = _model.NcfAndGradient(_u, _g);
        Assemble(y, n, dy);
    }

    /// <summary>
    /// The same field on one smooth piece of a p = 1 net (<see cref="PieceGradients"/>: a slope for every hidden
    /// pre-activation), for <see cref="FilippovFlow"/>. Every piece is homogeneous of degree Λ, so the polar form holds
    /// piece by piece, and it is linear in ∇N: the polar field of a Filippov combination is the combination of the
    /// sides' polar fields.
    /// </summary>
    public void PieceRhs(double sigma, ReadOnlySpan<double> y, ReadOnlySpan<double> slopes, Span<double> dy)
    {
        if (_pieces is null) throw new InvalidOperationException("not a piecewise-linear network");
        var theta = y[..WeightCount];
        double r = Vectors.Norm2(theta);
        for (int i = 0; i < WeightCount; i++) _u[i] = theta[i] / r;
        double n = _pieces.Gradient(_u, slopes, 0, 1, _g);
        Assemble(y, n, dy);
    }

    private void Assemble(ReadOnlySpan<double> y, double n, Span<double> dy)
    {
        double radial = 0;
        for (int i = 0; i < WeightCount; i++) radial += _u[i] * _g[i];
        for (int i = 0; i < WeightCount; i++) dy[i] = _g[i] - radial * _u[i];
        if (_sphereOnly) { dy[LogNormIndex] = 0; dy[TimeIndex] = 0; return; }
        dy[LogNormIndex] = Degree * n;
        dy[TimeIndex] = Math.Exp(-(Degree - 2) * y[LogNormIndex]);
    }

    /// <summary>The unit direction θ/‖θ‖ of a state.</summary>
    public double[] Direction(ReadOnlySpan<double> y) => PolarState.Direction(y, WeightCount);

    /// <summary>The weights u = e^s θ/‖θ‖ of a state (the sphere flow: θ/‖θ‖).</summary>
    public double[] Weights(ReadOnlySpan<double> y)
    {
        var d = Direction(y);
        if (_sphereOnly) return d;
        double scale = Math.Exp(y[LogNormIndex]);
        for (int i = 0; i < d.Length; i++) d[i] *= scale;
        return d;
    }
}
