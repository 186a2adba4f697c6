using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;

namespace Checker.Verification.FullNetwork;

/// <summary>
/// An exact proof that a KKT point of the constrained NCF exists (docs/theory.md#kkt-points), in unnormalised rational form.
/// <para>
/// Why this form: N is homogeneous of degree d_l = p^{L−l} in each layer W_l, so if a rational point v satisfies
/// ∇_{W_l}N(v) = μ_l W_l for every layer with all μ_l of one sign (μ_l = d_l N(v)/‖W_l‖² by Euler, C1), then scaling
/// layer l by c_l = √|μ_l| and normalising gives u with ∇N(u) = λu: a KKT point, in the same activation pattern
/// (c_l &gt; 0). The scales are irrational in general but everything a reader needs is rational: N(u)² (see
/// <see cref="ValueSquared"/>), λ/N = Λ, and the layer-norm shares ‖W_l(u)‖² = d_l/Λ (C3). When N(v) = 0 the
/// certificate is ∇N(v) = 0 exactly and u = v/‖v‖.
/// </para>
/// </summary>
public sealed record KktCertificate(
    WeightPoint Point,
    Rational Ncf,
    Rational[] LayerMultipliers,
    Rational ValueSquared,
    ActivationPattern Pattern,
    int IrrelevantKinks)
{
    public int Sign => Ncf.Sign;

    /// <summary>At a kink: the Clarke decision with its adjacent patterns, arcs and convex weights (null off kinks).</summary>
    public Clarke.ClarkeKktResult? Clarke { get; init; }

    /// <summary>N(u) at the normalised KKT point, 32 decimals, exact up to truncation.</summary>
    public string ValueDecimal => SqrtDecimal.Truncated(ValueSquared, Sign);

    /// <summary>c_l² = |μ_l| (1 when N = 0): the squared scale of layer l that turns v into a KKT point.</summary>
    public Rational LayerScaleSquared(int layer) => Sign == 0 ? Rational.One : LayerMultipliers[layer - 1].Abs();

    /// <summary>‖W_l(u)‖² at the normalised point, exactly (C3 predicts d_l/Λ when N ≠ 0).</summary>
    public Rational LayerNormShare(int layer)
    {
        var net = Point.Network;
        var total = Rational.Zero;
        for (int l = 1; l <= net.Depth; l++) total += LayerScaleSquared(l) * Point.LayerNormSquared(l);
        return LayerScaleSquared(layer) * Point.LayerNormSquared(layer) / total;
    }

    /// <summary>The normalised KKT point u in doubles (for cosines and plots only). Computed as
    /// W_l(u) = √(d_l/Λ)·W_l/‖W_l‖ (since c_l²‖W_l‖² = d_l|N|), which never forms the possibly huge c_l.</summary>
    public double[] NormalisedDoubles()
    {
        var net = Point.Network;
        var u = new double[net.WeightCount];
        double lambda = (double)net.Degree;
        for (int l = 1; l <= net.Depth; l++)
        {
            var (r, cc) = net.Shape(l);
            int o = net.Offset(l);
            var max = Rational.Zero;
            for (int k = 0; k < r * cc; k++) max = Rational.Max(max, Point.Flat[o + k].Abs());
            if (max.IsZero) continue;
            double norm = 0;
            for (int k = 0; k < r * cc; k++) { u[o + k] = (Point.Flat[o + k] / max).ToDouble(); norm += u[o + k] * u[o + k]; }
            double share = Sign == 0 ? Math.Sqrt(norm) : Math.Sqrt((double)net.LayerDegree(l) / lambda);
            for (int k = 0; k < r * cc; k++) u[o + k] *= share / Math.Sqrt(norm);
            if (Sign == 0) for (int k = 0; k < r * cc; k++) u[o + k] *= max.ToDouble();
        }
        SphereAscent.Normalise(u);
        return u;
    }
}
