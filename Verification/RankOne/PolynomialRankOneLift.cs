using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.FullNetwork;

namespace Checker.Verification.RankOne;

/// <summary>
/// Exact decision, in rationals only, of C6's sufficiency and value law at one rational direction b and one choice of
/// support sizes |S_l| (S_l = the first |S_l| neurons of layer l; permuting hidden neurons is a symmetry of the network).
/// The normalised lift of <see cref="PolynomialRankOneLaw"/> is irrational (c_l = √(d_l/Λ), a_l = 1_{S_l}/√|S_l|), so the
/// rational point decided is its unnormalised form W_1 = 1_{S_1}bᵀ, W_l = 1_{S_l}1_{S_{l−1}}ᵀ, W_L = 1_{S_{L−1}}ᵀ: by
/// <see cref="KktCertificate"/> it certifies a KKT point iff every layer is a positive fixed direction of its own gradient,
/// and that KKT point is the normalised lift (positive per-layer scaling keeps b's direction and every a_l). Its value
/// is compared squared: N(u)² (exact, from the certificate) against C² Π_l |S_l|^{−e_l} f(b/‖b‖)², both rational.
/// </summary>
public static class PolynomialRankOneLift
{
    public sealed record Decision(bool Kkt, Rational NcfSquared, Rational LawSquared, Rational[] LayerShares, string Reason)
    {
        /// <summary>KKT with N &gt; 0, C3 norms, and the value law all hold exactly.</summary>
        public bool Confirms => Kkt && NcfSquared == LawSquared && Reason.Length == 0;
    }

    public static WeightPoint Unnormalised(Network net, IReadOnlyList<Rational> b, IReadOnlyList<int> sizes)
    {
        int L = net.Depth;
        var a = Enumerable.Range(1, L - 1).Select(l => Enumerable.Range(0, net.Widths[l]).Select(j => j < sizes[l - 1] ? Rational.One : Rational.Zero).ToArray()).ToArray();
        return PolynomialRankOneLaw.Lift(net, Enumerable.Repeat(Rational.One, L).ToArray(), a, b);
    }

    public static Decision Decide(Instance instance, IReadOnlyList<Rational> b, IReadOnlyList<int> sizes) =>
        Decide(instance, b, sizes, PolynomialLawTerms.Derived);

    internal static Decision Decide(Instance instance, IReadOnlyList<Rational> b, IReadOnlyList<int> sizes, PolynomialLawTerms law)
    {
        var net = instance.Network;
        int L = net.Depth;
        var reduced = new PolynomialReducedProblem(instance);
        var (f, _) = reduced.Evaluate(b);
        var bb = b.Aggregate(Rational.Zero, (s, v) => s + v * v);
        var lawSquared = law.ConstantSquared(net) * f * f / bb.Pow((int)net.LayerDegree(1));
        for (int l = 1; l < L; l++) lawSquared /= new Rational(sizes[l - 1]).Pow(law.SupportExponent(net, l));
        var cert = KktCertifier.Check(instance, Unnormalised(net, b, sizes), out var why);
        if (cert is null) return new Decision(false, Rational.Zero, lawSquared, [], why);
        if (cert.Ncf.Sign <= 0) return new Decision(false, cert.ValueSquared, lawSquared, [], $"N = {cert.Ncf} ≤ 0 at the unnormalised lift");
        var shares = Enumerable.Range(1, L).Select(cert.LayerNormShare).ToArray();
        string reason = "";
        for (int l = 1; l <= L; l++)
            if (shares[l - 1] != PolynomialRankOneLaw.LayerScaleSquared(net, l)) { reason = $"‖W_{l}‖² = {shares[l - 1]} at the KKT point, C3 says {PolynomialRankOneLaw.LayerScaleSquared(net, l)}"; break; }
        if (reason.Length == 0 && cert.ValueSquared != lawSquared) reason = $"N² = {cert.ValueSquared} at the KKT point, the value law gives {lawSquared}";
        return new Decision(true, cert.ValueSquared, lawSquared, shares, reason);
    }
}
