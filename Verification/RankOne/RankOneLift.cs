using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;
using Checker.Verification.Reduced;

namespace Checker.Verification.RankOne;

/// <summary>
/// The rank-one points of docs/theory.md#rank-one-points (C4) and an exact KKT decision for them without square roots. With unit a_l and
/// q = ‖b‖², the balanced point is v = (W₁, c W₂⁰, …, c W_L⁰), c = √q, W₁ = s₁a₁bᵀ, W_l⁰ = s_l a_l a_{l−1}ᵀ (then every
/// layer has norm √q and v/‖v‖ is the C4 point: the factor L^{−½} is the normalisation). For p = 1, N is linear in each
/// layer, so with G = ∇N(v⁰) at the rational point v⁰ = (W₁, W₂⁰, …): ∇_{W₁}N(v) = c^{L−1}G₁, ∇_{W_l}N(v) = c^{L−2}G_l,
/// and "∇N(v) = μ v" becomes the rational condition G₁ = ν W₁, G_l = ν q W_l⁰ (ν = μ/c^{L−1}). C2 (λ = ΛN(u)) becomes
/// ν = Λ N(v⁰)/(L q). Rational unit a_l (e_j, Pythagorean vectors) keep everything in Q.
/// </summary>
public static class RankOneLift
{
    public sealed record Lift(WeightPoint Rational, Rational Q, IReadOnlyList<Rational[]> Factors, string FactorsName);

    public sealed record Decision(bool Kkt, Rational? Nu, Rational Ncf, string Reason);

    /// <summary>Rational unit non-negative vectors of length k used as a_l: e₁, e_k, and (3/5, 4/5, 0, …).</summary>
    public static IEnumerable<(string Name, Func<int, Rational[]?> Make)> FactorChoices()
    {
        yield return ("e1", k => Unit(k, 0));
        yield return ("e_last", k => Unit(k, k - 1));
        yield return ("(3/5,4/5)", k => k < 2 ? null : Enumerable.Range(0, k).Select(j => j == 0 ? new Rational(3, 5) : j == 1 ? new Rational(4, 5) : Rational.Zero).ToArray());
    }

    private static Rational[] Unit(int k, int j) => Enumerable.Range(0, k).Select(i => i == j ? Rational.One : Rational.Zero).ToArray();

    public static Lift? Build(Instance instance, IReadOnlyList<int> signs, Rational[] b, string name, Func<int, Rational[]?> factor)
    {
        var net = instance.Network;
        int L = net.Depth;
        var a = new List<Rational[]>();
        for (int l = 1; l < L; l++) { var v = factor(net.Widths[l]); if (v is null) return null; a.Add(v); }
        var flat = new Rational[net.WeightCount];
        for (int l = 1; l <= L; l++)
        {
            var (rows, cols) = net.Shape(l);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    Rational left = l == L ? Rational.One : a[l - 1][r];
                    Rational right = l == 1 ? b[c] : a[l - 2][c];
                    flat[net.Index(l, r, c)] = signs[l - 1] * left * right;
                }
        }
        return new Lift(new WeightPoint(net, flat), RationalLinearAlgebra.Dot(b, b), a, name);
    }

    /// <summary>
    /// Decides exactly whether the balanced point of <paramref name="lift"/> is a KKT point for the Clarke choice that
    /// realises the reduced slopes <paramref name="slopes"/> at kink samples (per-layer slopes θ_l with
    /// Π s_l Π θ_l = σ_i, found by moving one layer's slope at a time, each step linear).
    /// </summary>
    public static Decision Decide(Instance instance, IReadOnlyList<int> signs, Lift lift, string pattern, IReadOnlyList<Rational> slopes)
    {
        var net = instance.Network;
        var act = net.Activation;
        int L = net.Depth;
        var theta = new Dictionary<int, Rational[]>();
        for (int i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != '0') continue;
            var t = LayerSlopes(act, signs, slopes[i]);
            if (t is null) return new Decision(false, null, Rational.Zero, $"no per-layer Clarke slopes realise σ = {slopes[i]} at sample {i + 1}");
            theta[i] = t;
        }
        var eval = ExactEvaluator.Evaluate(instance, lift.Rational, k => theta.TryGetValue(k.Sample, out var t) ? t[k.Layer - 1] : k.Low);
        var g = eval.Gradient;
        var w = lift.Rational.Flat;
        Rational? nu = null;
        for (int l = 1; l <= L; l++)
        {
            var scale = l == 1 ? Rational.One : lift.Q;
            var (rows, cols) = net.Shape(l);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    int idx = net.Index(l, r, c);
                    var target = scale * w[idx];
                    if (target.IsZero) { if (!g[idx].IsZero) return new Decision(false, null, eval.Ncf, $"∂N/∂W_{l}[{r + 1},{c + 1}] = {g[idx]} where the point is 0"); continue; }
                    var ratio = g[idx] / target;
                    if (nu is null) nu = ratio;
                    else if (nu != ratio) return new Decision(false, null, eval.Ncf, $"∇N is not parallel to the point (layer {l})");
                }
        }
        return new Decision(true, nu ?? Rational.Zero, eval.Ncf, "");
    }

    /// <summary>θ_1..θ_{L−1} ∈ [a₋, a₊] with Π s_l · Π θ_l = target, or null.</summary>
    public static Rational[]? LayerSlopes(Activation act, IReadOnlyList<int> s, Rational target)
    {
        int L = s.Count;
        Rational[] Path(int t)
        {
            var th = new Rational[L - 1];
            Rational z = s[0] * t;
            for (int l = 1; l < L; l++)
            {
                th[l - 1] = z.Sign > 0 ? act.Pos : act.Neg;
                z = s[l] * act.Apply(z);
            }
            return th;
        }
        int sgn = s.Aggregate(1, (x, y) => x * y);
        Rational C(Rational[] th) => th.Aggregate((Rational)sgn, (x, y) => x * y);
        var cur = Path(1);
        var end = Path(-1);
        if (C(cur) == target) return cur;
        for (int l = 0; l < L - 1; l++)
        {
            var next = (Rational[])cur.Clone();
            next[l] = end[l];
            var c0 = C(cur); var c1 = C(next);
            if (Rational.Min(c0, c1) <= target && target <= Rational.Max(c0, c1))
            {
                var k = sgn * cur.Where((_, m) => m != l).Aggregate(Rational.One, (x, y) => x * y);
                if (k.IsZero) { if (target == c0) return cur; continue; }
                next[l] = target / k;
                return next;
            }
            cur = next;
        }
        return null;
    }
}
