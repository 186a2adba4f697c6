using System.Numerics;
using Checker.Symbolic.Model;

namespace Checker.Verification.Claims;

/// <summary>
/// The hypotheses of the claims and conjectures of docs/theory.md, each decided on an instance with the reason in the
/// user's terms. <see cref="ClaimRegistry"/> pairs each entry with one of these; nothing else decides applicability.
/// </summary>
public static class Hypotheses
{
    /// <summary>Claims that hold on every valid instance (C1, C2, C3, C10).</summary>
    public static Applicability Any(Instance _) => Applicability.Yes("no hypotheses beyond a valid instance");

    /// <summary>C4/C5: p = 1, a₊ = 1 > a₋ ≥ 0 (Leaky-ReLU type, ReLU included), L ≥ 2.</summary>
    public static Applicability LeakyRankOne(Instance instance)
    {
        var net = instance.Network;
        var a = net.Activation;
        if (a.Power != 1) return Applicability.No($"needs p = 1, the activation {a.Name} has p = {a.Power}");
        if (!(a.Pos == 1 && a.Neg < 1 && a.Neg.Sign >= 0)) return Applicability.No($"needs a₊ = 1 > a₋ ≥ 0, the activation {a.Name} has a₊ = {a.Pos}, a₋ = {a.Neg}");
        if (net.Depth < 2) return Applicability.No($"needs depth L ≥ 2, the network has L = {net.Depth}");
        return Applicability.Yes($"p = 1, a₊ = 1 > a₋ = {a.Neg} ≥ 0, L = {net.Depth} ≥ 2");
    }

    /// <summary>C6: p ≥ 2 (and L ≥ 2: with L = 1 the activation is never applied and the network is linear).</summary>
    public static Applicability PolynomialRankOne(Instance instance)
    {
        var net = instance.Network;
        if (net.Activation.Power < 2) return Applicability.No($"needs p ≥ 2, the activation {net.Activation.Name} has p = {net.Activation.Power}");
        if (net.Depth < 2) return Applicability.No("needs depth L ≥ 2: with L = 1 the network W_1 x never applies σ");
        return Applicability.Yes($"p = {net.Activation.Power} ≥ 2, L = {net.Depth}");
    }

    /// <summary>C7: Λ > 2 and p ≥ 2.</summary>
    public static Applicability FlowTrichotomy(Instance instance)
    {
        var net = instance.Network;
        if (net.Degree <= 2) return Applicability.No($"needs Λ > 2, the network has Λ = {net.Degree}{(net.Degree == 2 ? " (Λ = 2: no finite-time blow-up; the NCF flow grows exponentially)" : "")}");
        if (net.Activation.Power < 2) return Applicability.No($"needs p ≥ 2, the activation {net.Activation.Name} has p = {net.Activation.Power}");
        return Applicability.Yes($"Λ = {net.Degree} > 2, p = {net.Activation.Power} ≥ 2");
    }

    /// <summary>C8/C9: Λ > 2 and ∇H locally Lipschitz (p ≥ 2 or a₊ = a₋).</summary>
    public static Applicability EarlyConvergence(Instance instance)
    {
        var net = instance.Network;
        var a = net.Activation;
        if (net.Degree <= 2) return Applicability.No($"needs Λ > 2, the network has Λ = {net.Degree}{(net.Degree == 2 ? " (Λ = 2: no time rescaling, escape takes O(log 1/δ))" : "")}");
        if (!a.LocallyLipschitzGradient) return Applicability.No($"needs a locally Lipschitz ∇H (p ≥ 2 or a₊ = a₋), the activation {a.Name} has p = 1 and a₊ = {a.Pos} ≠ a₋ = {a.Neg}");
        return Applicability.Yes($"Λ = {net.Degree} > 2 and ∇H is locally Lipschitz ({(a.Power >= 2 ? $"p = {a.Power} ≥ 2" : "a₊ = a₋")})");
    }

    /// <summary>K1: L ≥ 2 and p = 1 (where KKT points can be certified exactly).</summary>
    public static Applicability RankOneConjecture(Instance instance)
    {
        var net = instance.Network;
        if (net.Depth < 2) return Applicability.No($"needs L ≥ 2 (with L = {net.Depth} the single layer is a row vector, rank one by definition)");
        if (net.Activation.Power != 1) return Applicability.No($"tested for p = 1, where KKT points have rational representatives that can be certified exactly; {net.Activation.Name} has p = {net.Activation.Power}");
        return Applicability.Yes($"p = 1, L = {net.Depth}");
    }

    /// <summary>K3, K4 and C11: p = 1 with a kink (a₊ ≠ a₋), L ≥ 2.</summary>
    public static Applicability KinkConjecture(Instance instance)
    {
        var net = instance.Network;
        if (net.Depth < 2) return Applicability.No($"needs L ≥ 2 (rank-one points), the network has L = {net.Depth}");
        if (!net.Activation.HasKink) return Applicability.No($"needs p = 1 with a₊ ≠ a₋ (kinks); {net.Activation.Name} has none");
        return Applicability.Yes($"p = 1, a₊ ≠ a₋, L = {net.Depth}");
    }

    /// <summary>K2: Λ ≥ 2.</summary>
    public static Applicability GlobalMaximiserConjecture(Instance instance)
    {
        var net = instance.Network;
        if (net.Degree < 2) return Applicability.No($"needs Λ ≥ 2, the network has Λ = {net.Degree} (the NCF flow is linear)");
        return Applicability.Yes($"Λ = {net.Degree}");
    }

    /// <summary>Facts about an instance that bear on every claim without changing applicability (docs/theory.md#boundary-cases),
    /// so `checker claims` can warn: N ≡ 0 for Xy = 0 at depth 1, Λ = 2, ReLU dead neurons.</summary>
    /// <summary>Some layer's weight matrix has at least two rows and two columns; otherwise every point is rank-one in
    /// every layer, so K1 holds on the shape alone and `search` does not spend trials there.</summary>
    public static bool HasRankTwoLayer(Network net) =>
        Enumerable.Range(1, net.Depth).Any(l => Math.Min(net.Shape(l).Rows, net.Shape(l).Columns) >= 2);

    public static IReadOnlyList<string> BoundaryNotes(Instance instance)
    {
        var notes = new List<string>();
        var net = instance.Network;
        if (instance.CorrelationVector().All(v => v.IsZero))
            notes.Add(net.Depth == 1 ? "Xy = 0: N ≡ 0 on this instance" : "Xy = 0: the data's label correlation vanishes (N ≡ 0 for linear networks)");
        if (net.Degree == BigInteger.Parse("2")) notes.Add("Λ = 2: no time rescaling; escape from small initialisation takes O(log 1/δ)");
        if (net.Activation.Power == 1 && net.Activation.Neg.IsZero && net.Activation.Pos.Sign > 0) notes.Add("ReLU (a₋ = 0): dead neurons possible, ∂σ(0) = [0, 1]");
        if (instance.Inputs.Any(x => x.All(v => v.IsZero))) notes.Add("a zero input sample: it contributes nothing to N");
        return notes;
    }
}
