using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>
/// A KKT point proved by the Krawczyk test (<see cref="IntervalKktCertifier"/>): exactly one solution of
/// ∇N(u) = λu, ‖u‖ = 1 lies in the box <see cref="Weights"/> × <see cref="Lambda"/> (weights off <see cref="Support"/> are
/// exactly 0 and the off-support gradient was proved to vanish on the box). Used for p ≥ 2, where KKT points are
/// algebraic, not rational, so a rational certificate in the sense of <see cref="KktCertificate"/> does not exist.
/// <see cref="Twins"/> lists, per hidden layer, the classes of neurons the centre was made exactly symmetric in; by
/// uniqueness the KKT point is fixed by the swaps of twins, so twin rows/columns are EQUAL at the point (rank bounds).
/// </summary>
public sealed record KktEnclosure(
    Network Network,
    int[] Support,
    Interval[] Weights,
    Interval Lambda,
    Interval Ncf,
    Interval[] LayerNormSquared,
    Rational Radius,
    string Pattern,
    int StraddlingPreactivations,
    IReadOnlyList<int[][]> Twins,
    string Proof)
{
    public int Sign => Ncf.DefiniteSign;
    public string ValueDecimal => Ncf.ProvenDecimal();

    /// <summary>The box centre in doubles (for cosines and plots only).</summary>
    public double[] NormalisedDoubles()
    {
        var u = Weights.Select(w => w.ToDouble()).ToArray();
        SphereAscent.Normalise(u);
        return u;
    }

    /// <summary>Whether the enclosure of ‖W_l‖² contains d_l/Λ (C3), for every layer.</summary>
    public bool NormLawConsistent => Enumerable.Range(1, Network.Depth).All(l =>
        LayerNormSquared[l - 1].Contains(new Rational(Network.LayerDegree(l)) / new Rational(Network.Degree)));
}
