using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.Reduced;

/// <summary>
/// The reduced problem of docs/theory.md#reduced-problem for p = 1 and a sign vector s: maximise f(b) = Σ_i y_i φ_s(x_iᵀb) on ‖b‖ = 1, with
/// φ_s(t) = s_L σ(s_{L−1} σ(… s_2 σ(s_1 t))). φ_s is positively homogeneous of degree 1 (σ is, and so are the sign
/// flips), hence φ_s(t) = c₊ t for t &gt; 0 and c₋ t for t &lt; 0 with c₊ = φ_s(1), c₋ = −φ_s(−1); at t = 0 its Clarke
/// subdifferential is [min(c₋,c₊), max(c₋,c₊)].
/// </summary>
public sealed class ReducedProblem
{
    public Instance Instance { get; }
    public IReadOnlyList<int> Signs { get; }
    public Rational SlopePos { get; }
    public Rational SlopeNeg { get; }
    public Rational Low => Rational.Min(SlopePos, SlopeNeg);
    public Rational High => Rational.Max(SlopePos, SlopeNeg);
    public int SampleCount => Instance.SampleCount;
    public int Dimension => Instance.Dimension;
    public IReadOnlyList<Rational[]> X => Instance.Inputs;
    public IReadOnlyList<Rational> Y => Instance.Labels;

    private ReducedProblem(Instance instance, int[] signs, Rational cPos, Rational cNeg)
    {
        Instance = instance; Signs = signs; SlopePos = cPos; SlopeNeg = cNeg;
    }

    /// <summary>Whether the reduced problem is defined for this network: p = 1 (docs/theory.md#reduced-problem).</summary>
    public static bool Applies(Instance instance, out string reason)
    {
        reason = "";
        if (instance.Network.Activation.Power != 1) { reason = $"the reduced problem of docs/theory.md#reduced-problem needs p = 1, the activation has p = {instance.Network.Activation.Power}"; return false; }
        return true;
    }

    public static ReducedProblem Create(Instance instance, IReadOnlyList<int> signs)
    {
        if (!Applies(instance, out var reason)) throw new ArgumentException(reason);
        if (signs.Count != instance.Network.Depth) throw new ArgumentException($"expected {instance.Network.Depth} signs (one per layer), got {signs.Count}");
        if (signs.Any(s => s != 1 && s != -1)) throw new ArgumentException("signs must be +1 or -1");
        var act = instance.Network.Activation;
        var s = signs.ToArray();
        return new ReducedProblem(instance, s, Phi(act, s, Rational.One), -Phi(act, s, Rational.MinusOne));
    }

    /// <summary>Every sign vector in {+1,−1}^L, in lexicographic order with + first.</summary>
    public static IEnumerable<int[]> AllSignVectors(int depth)
    {
        for (int mask = 0; mask < 1 << depth; mask++)
            yield return Enumerable.Range(0, depth).Select(l => (mask >> (depth - 1 - l) & 1) == 0 ? 1 : -1).ToArray();
    }

    /// <summary>φ_s(t) evaluated exactly.</summary>
    public static Rational Phi(Activation act, IReadOnlyList<int> s, Rational t)
    {
        var z = s[0] * t;
        for (int l = 1; l < s.Count; l++) z = s[l] * act.Apply(z);
        return z;
    }

    public Rational Phi(Rational t) => t.Sign > 0 ? SlopePos * t : t.Sign < 0 ? SlopeNeg * t : Rational.Zero;

    /// <summary>Slope of φ_s on the side of sign <paramref name="sign"/> (±1).</summary>
    public Rational SlopeFor(int sign) => sign > 0 ? SlopePos : SlopeNeg;

    /// <summary>f(b), unnormalised (homogeneous of degree 1).</summary>
    public Rational Value(IReadOnlyList<Rational> b)
    {
        var s = Rational.Zero;
        for (int i = 0; i < SampleCount; i++) s += Y[i] * Phi(Exact.RationalLinearAlgebra.Dot(X[i], b));
        return s;
    }

    /// <summary>g = Σ_i y_i σ_i x_i for slopes σ (an element of ∂f when σ_i ∈ ∂φ_s(x_iᵀb)).</summary>
    public Rational[] Gradient(IReadOnlyList<Rational> slopes)
    {
        var g = Enumerable.Repeat(Rational.Zero, Dimension).ToArray();
        for (int i = 0; i < SampleCount; i++)
        {
            if (slopes[i].IsZero || Y[i].IsZero) continue;
            var c = Y[i] * slopes[i];
            for (int j = 0; j < Dimension; j++) g[j] += c * X[i][j];
        }
        return g;
    }

    /// <summary>'+', '-', '0' per sample: the sign of x_iᵀb.</summary>
    public string PatternOf(IReadOnlyList<Rational> b)
    {
        var chars = new char[SampleCount];
        for (int i = 0; i < SampleCount; i++)
            chars[i] = Exact.RationalLinearAlgebra.Dot(X[i], b).Sign switch { > 0 => '+', < 0 => '-', _ => '0' };
        return new string(chars);
    }

    public bool IsZeroInput(int i) => X[i].All(v => v.IsZero);

    public string SignsText => string.Join(",", Signs.Select(s => s > 0 ? "+1" : "-1"));

    public override string ToString() => $"reduced problem s = ({SignsText}): c₊ = {SlopePos}, c₋ = {SlopeNeg}";
}
