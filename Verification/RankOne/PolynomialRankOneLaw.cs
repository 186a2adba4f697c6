using System.Numerics;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.RankOne;

/// <summary>
/// The algebra behind C6 (docs/theory.md#c6-polynomial-rank-one, activations with p ≥ 2 of docs/theory.md#activations), derived here once; the C6 check asks the solver to
/// confirm it on an instance and the tests check it against exact evaluation.
/// <para>
/// <b>Forward pass of a non-negative rank-one point.</b> Let W_1 = c_1 a_1 bᵀ, W_l = c_l a_l a_{l−1}ᵀ (2 ≤ l ≤ L−1),
/// W_L = c_L a_{L−1}ᵀ with c_l &gt; 0, a_l ≥ 0, t = xᵀb, d_l = p^{L−l} and m_l = Σ_j a_{l,j}^{p+1}. Because σ(αz) = α^p σ(z)
/// for α ≥ 0, every non-negative factor passes through σ: h_1 = σ(c_1 a_1 t) = c_1^p a_1^{∘p} σ(t), and if h_l = κ_l a_l^{∘p} σ^{∘l}(t)
/// then z_{l+1} = c_{l+1} a_{l+1} (a_lᵀh_l) = c_{l+1} m_l κ_l a_{l+1} σ^{∘l}(t), so κ_{l+1} = (c_{l+1} m_l κ_l)^p. Unrolled,
/// <code>H(x) = Π_{l=1..L} c_l^{d_l} · Π_{l=1..L−1} m_l^{p^{L−1−l}} · φ(xᵀb),   φ = σ∘…∘σ (L−1 times),</code>
/// hence N = K(c, a) f(b) with the reduced objective f(b) = Σ_i y_i φ(x_iᵀb) (<see cref="PolynomialReducedProblem"/>).
/// </para>
/// <para>
/// <b>Gradients.</b> σ' is homogeneous of degree p−1 and σ'(0) = 0 for p ≥ 2, so the backward signal at layer l is a
/// multiple of a_l^{∘p}: ∇_{W_l}N = α_l a_l^{∘p}(a_{l−1}^{∘p})ᵀ (2 ≤ l ≤ L−1), ∇_{W_1}N = α_1 a_1^{∘p} ∇f(b)ᵀ,
/// ∇_{W_L}N = α_L (a_{L−1}^{∘p})ᵀ. KKT with N &gt; 0 needs each of these to be the positive multiple λ = ΛN of W_l, so
/// a_l^{∘p} ∥ a_l: all non-zero entries of a_l are equal (p ≥ 2), and ∇f(b) ∥ b with f(b) &gt; 0: b is a positive reduced
/// KKT point. Per-layer Euler (⟨W_l, ∇_{W_l}N⟩ = d_l N, C1) makes the multiple of layer l equal d_l N/‖W_l‖² = d_l N/c_l²
/// for unit a_l, b, which is ΛN for every l iff c_l² = d_l/Λ (C3); then ‖w‖² = Σ_l d_l/Λ = 1.
/// </para>
/// <para>
/// <b>Value law.</b> With a_l = 1_{S_l}/√|S_l| (unit, equal magnitude on its support S_l), m_l = |S_l|·|S_l|^{−(p+1)/2} =
/// |S_l|^{−(p−1)/2}, so at the KKT point with unit b
/// <code>N = C_{p,L} · Π_{l=1..L−1} |S_l|^{−(p−1)p^{L−1−l}/2} · f(b),   C_{p,L} = Π_{l=1..L} (p^{L−l}/Λ)^{p^{L−l}/2},</code>
/// and C_{p,L}² = Π_l (p^{L−l}/Λ)^{p^{L−l}} is rational (<see cref="ConstantSquared"/>). Example: p = 2, L = 2, Λ = 3:
/// C² = (2/3)²·(1/3) = 4/27. The value falls as supports grow, with exponent (p−1)p^{L−1−l}/2 for layer l
/// (<see cref="SupportExponent"/> is twice that, the exponent of r_l = √|S_l|).
/// </para>
/// </summary>
public static class PolynomialRankOneLaw
{
    /// <summary>d_l = p^{L−l}, the degree of N in W_l.</summary>
    public static BigInteger LayerDegree(Network net, int layer) => net.LayerDegree(layer);

    /// <summary>e_l = (p−1)p^{L−1−l}: N·Π_l r_l^{e_l} = C_{p,L} f(b) with r_l = √|S_l| (1 ≤ l ≤ L−1).</summary>
    public static int SupportExponent(Network net, int layer)
    {
        int p = net.Activation.Power;
        return checked((p - 1) * (int)BigInteger.Pow(p, net.Depth - 1 - layer));
    }

    /// <summary>C_{p,L}² = Π_{l=1..L} (p^{L−l}/Λ)^{p^{L−l}}, exactly.</summary>
    public static Rational ConstantSquared(Network net)
    {
        var lambda = new Rational(net.Degree);
        var c = Rational.One;
        for (int l = 1; l <= net.Depth; l++)
        {
            var d = net.LayerDegree(l);
            c *= (new Rational(d) / lambda).Pow((int)d);
        }
        return c;
    }

    /// <summary>c_l² = p^{L−l}/Λ, the squared Frobenius norm of layer l at the KKT point (C3).</summary>
    public static Rational LayerScaleSquared(Network net, int layer) => new Rational(net.LayerDegree(layer)) / new Rational(net.Degree);

    /// <summary>
    /// The general forward-pass identity: K(c, a) = Π_l c_l^{d_l} Π_l m_l^{p^{L−1−l}} for arbitrary c_l (index 0 ↔ layer 1)
    /// and non-negative a_l (index 0 ↔ layer 1), so N = K f(b) at W_1 = c_1 a_1 bᵀ, W_l = c_l a_l a_{l−1}ᵀ, W_L = c_L a_{L−1}ᵀ.
    /// </summary>
    public static Rational Factor(Network net, IReadOnlyList<Rational> c, IReadOnlyList<Rational[]> a)
    {
        int p = net.Activation.Power, L = net.Depth;
        var k = Rational.One;
        for (int l = 1; l <= L; l++) k *= c[l - 1].Pow((int)net.LayerDegree(l));
        for (int l = 1; l < L; l++)
        {
            var m = a[l - 1].Aggregate(Rational.Zero, (s, v) => s + v.Pow(p + 1));
            k *= m.Pow((int)BigInteger.Pow(p, L - 1 - l));
        }
        return k;
    }

    /// <summary>The weights of W_1 = c_1 a_1 bᵀ, W_l = c_l a_l a_{l−1}ᵀ, W_L = c_L a_{L−1}ᵀ (rational parameters).</summary>
    public static WeightPoint Lift(Network net, IReadOnlyList<Rational> c, IReadOnlyList<Rational[]> a, IReadOnlyList<Rational> b)
    {
        int L = net.Depth;
        var flat = new Rational[net.WeightCount];
        for (int l = 1; l <= L; l++)
        {
            var (rows, cols) = net.Shape(l);
            for (int r = 0; r < rows; r++)
                for (int col = 0; col < cols; col++)
                    flat[net.Index(l, r, col)] = c[l - 1] * (l == L ? Rational.One : a[l - 1][r]) * (l == 1 ? b[col] : a[l - 2][col]);
        }
        return new WeightPoint(net, flat);
    }
}
