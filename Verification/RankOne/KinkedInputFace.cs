using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.RankOne;

/// <summary>
/// Lemma 6 of docs/theory.md#rank-one-case-split (kinked inputs on layer 1): a face of the input arrangement with samples on
/// a kink (x_iᵀb₁ = 0, x_i ≠ 0) carries no point where N is differentiable when (i) the kinked samples do not cancel line by
/// line (Σ y_i|r_i| ≠ 0 on some line through 0, x_i = r_i x̂) and (ii) the network above layer 1, as a function
/// Ψ(v) = f_u(v) of the layer-1 pre-activation of a kinked sample, is not odd. Then the directional derivative of N along
/// a perturbation D of W₁ contains Σ_{i kinked} y_i Ψ(D x_i), which is not linear in D, so every leaf of that face is outside
/// C4's converse and C5 (both stated where N is differentiable) and needs no query.
/// </summary>
public static class KinkedInputFace
{
    /// <summary>Whether the face puts a non-zero input on a kink (a zero input is never a kink).</summary>
    public static bool HasKink(IReadOnlyList<Rational[]> x, IReadOnlyList<sbyte> face) =>
        Enumerable.Range(0, face.Count).Any(i => face[i] == 0 && x[i].Any(v => !v.IsZero));

    /// <summary>
    /// Whether η ↦ Σ_{i kinked} y_i|ηᵀx_i| vanishes identically: the |ηᵀx̂| of distinct lines are linearly independent
    /// (each is non-smooth exactly on its own hyperplane), so this holds iff Σ y_i|r_i| = 0 on every line, x_i = r_i x̂
    /// with x̂ the line's first kinked sample. Exact, from the data and the face alone.
    /// </summary>
    public static bool KinkedSamplesCancel(IReadOnlyList<Rational[]> x, IReadOnlyList<Rational> y, IReadOnlyList<sbyte> face)
    {
        var lines = new List<(Rational[] Rep, Rational Sum)>();
        for (int i = 0; i < face.Count; i++)
        {
            if (face[i] != 0 || x[i].All(v => v.IsZero)) continue;
            int k = lines.FindIndex(line => Ratio(line.Rep, x[i]) is not null);
            if (k < 0) { lines.Add((x[i], y[i])); continue; }
            lines[k] = (lines[k].Rep, lines[k].Sum + y[i] * Ratio(lines[k].Rep, x[i])!.Value.Abs());
        }
        return lines.All(line => line.Sum.IsZero);
    }

    /// <summary>r with x = r·rep, or null when x is not on rep's line (rep ≠ 0).</summary>
    private static Rational? Ratio(Rational[] rep, Rational[] x)
    {
        int c = Array.FindIndex(rep, v => !v.IsZero);
        var r = x[c] / rep[c];
        for (int k = 0; k < rep.Length; k++) if (x[k] != r * rep[k]) return null;
        return r;
    }

    /// <summary>
    /// Whether a face of b₁ (the signs of layer 1's pre-activations x_iᵀw₁) is sign(x_iᵀXy) or its negative, Xy = Σ y_i x_i
    /// (<see cref="Instance.CorrelationVector"/>); never when Xy = 0. Lemma 7 of docs/theory.md#rank-one-case-split: with
    /// one neuron in layer 1, a KKT point with N &gt; 0 where N is differentiable on a kinked face whose samples do not
    /// cancel has w₁ = (c/μ₁)·Xy, so its face is one of these two.
    /// </summary>
    public static bool IsFaceOfCorrelation(Instance instance, IReadOnlyList<sbyte> face)
    {
        var xy = instance.CorrelationVector();
        if (xy.All(v => v.IsZero)) return false;
        var signs = instance.Inputs.Select(x => x.Zip(xy, (a, b) => a * b).Aggregate(Rational.Zero, (acc, v) => acc + v).Sign).ToArray();
        return Enumerable.Range(0, face.Count).All(i => face[i] == signs[i]) || Enumerable.Range(0, face.Count).All(i => face[i] == -signs[i]);
    }

    /// <summary>
    /// Whether a face of b₁ carries no KKT point with N &gt; 0 at which N is differentiable, by Lemma 6 and Lemma 7 of
    /// docs/theory.md#rank-one-case-split: the face puts non-zero inputs on a kink that do not cancel line by line, and
    /// either the network above layer 1 is not odd at any point of the question (<paramref name="aboveNotOdd"/>, the
    /// caller's Lemma 6 condition (ii)) or layer 1 has one neuron and the face is not that of ±Xy (Lemma 7: an odd Ψ of
    /// one scalar is linear, so N is c·w₁ᵀXy in W₁ and KKT puts w₁ on the line of Xy).
    /// </summary>
    public static bool NoDifferentiableKktPoint(Instance instance, IReadOnlyList<sbyte> face, bool aboveNotOdd) =>
        HasKink(instance.Inputs, face) && !KinkedSamplesCancel(instance.Inputs, instance.Labels, face) &&
        (aboveNotOdd || instance.Network.Widths[1] == 1 && !IsFaceOfCorrelation(instance, face));

    /// <summary>
    /// Condition (ii) for C4's converse (W₁ = s₁a₁bᵀ, W_l = s_l a_l a_{l−1}ᵀ, every a_l entry positive after the split lemma):
    /// Ψ(v) = C·φ′(a₁ᵀσ(v)), C &gt; 0, φ′ = φ_(s₂,…,s_L) with slopes c′₊, c′₋. Ψ(e₀) + Ψ(−e₀) ∝ c′₊ − a₋c′₋; when that is 0,
    /// φ′(t) = −c′₋σ(−t) and v = (x, −y, 0, …) with a₁[0]x = a₁[1]y = m gives Ψ(v) + Ψ(−v) ∝ 2c′₋a₋(1 − a₋)m, non-zero when
    /// the layer has two neurons, a₋ &gt; 0 and c′₋ ≠ 0. Otherwise Ψ is linear (one neuron, or Ψ ≡ 0) and the lemma says nothing.
    /// </summary>
    public static bool ConverseAboveLayerOneIsNotOdd(Activation act, IReadOnlyList<int> s, int firstWidth)
    {
        var rest = s.Skip(1).ToArray();
        var cPos = Reduced.ReducedProblem.Phi(act, rest, Rational.One);
        var cNeg = -Reduced.ReducedProblem.Phi(act, rest, Rational.MinusOne);
        // a₊ = 1 is a hypothesis of C4; the product keeps the first test right for any a₊.
        if (act.Pos * cPos != act.Neg * cNeg) return true;
        return firstWidth >= 2 && !act.Neg.IsZero && !cNeg.IsZero;
    }
}
