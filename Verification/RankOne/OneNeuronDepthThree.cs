using Checker.Symbolic.Expressions;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;

namespace Checker.Verification.RankOne;

/// <summary>
/// Lemma 8 of docs/theory.md#rank-one-case-split: C5 on a net [d, 1, k, 1] (one neuron in layer 1, k ≥ 2, p = 1,
/// 0 &lt; a₋ &lt; a₊ = 1) on the open cells of the input arrangement, decided by structure instead of by nonlinear SMT.
/// There layer 2 sees the scalars h_i = σ(w₁ᵀx_i), so N = P·F(1) + M·F(−1) with P = Σ_{z_i&gt;0} y_i z_i,
/// M = a₋Σ_{z_i&lt;0} y_i|z_i|, and the KKT equations of layers 2 and 3 force A_{sign u_j}² = μ₂μ₃ for every neuron
/// (A₊ = P − a₋M, A₋ = a₋P − M): a violating point (a₂ of both signs) needs P = εM, ε = ±1, P ≠ 0, and then layer 1's
/// equation makes w₁ a positive multiple of sign(P)·(p·G₁ + q·G₂) with p, q &gt; 0 the squared norms of the positive
/// and negative parts of a₂. Per open cell and (ε, sign P) this is one exact LP in (p, q). A solution gives a violating
/// point whose one irrational coordinate is √(q·k₊/p) (k₊ = k − 1 positive neurons of weight 1); it is re-checked by
/// evaluating N and ∇N in Q(√r) (<see cref="QuadraticSurd"/>) through the one expression DAG of N.
/// </summary>
public static class OneNeuronDepthThree
{
    /// <summary>A violating KKT point (unnormalised: ∇_{W_l}N = μ_l W_l, μ_l &gt; 0) on an open cell, exactly re-checked.</summary>
    public sealed record Witness(sbyte[] Face, QuadraticSurd[] Weights, QuadraticSurd Ncf, QuadraticSurd[] Multipliers, Rational Radicand);

    /// <summary>Whether the lemma's hypotheses hold: depth 3, one neuron in layer 1, at least two in layer 2, p = 1,
    /// a₊ = 1, 0 &lt; a₋ &lt; 1.</summary>
    public static bool Applies(Network net)
    {
        var act = net.Activation;
        return net.Depth == 3 && net.Widths[1] == 1 && net.Widths[2] >= 2 && act.Power == 1 && act.Pos == Rational.One
            && act.Neg.Sign > 0 && act.Neg < Rational.One;
    }

    /// <summary>Whether a face of b₁ is an open cell for the lemma: no non-zero input on a kink.</summary>
    public static bool IsOpenCell(Instance instance, IReadOnlyList<sbyte> face) => !KinkedInputFace.HasKink(instance.Inputs, face);

    /// <summary>
    /// The first open cell (in the order of <see cref="RankOneCaseSplit.Faces"/>) carrying a violating point, as an exactly
    /// re-checked witness; null when no open cell carries one (the lemma then decides every open cell: unsat). A solution of
    /// the LP whose point fails the re-check is an error of the lemma or of its implementation: it throws, never passes.
    /// </summary>
    public static Witness? Decide(Instance instance)
    {
        if (!Applies(instance.Network)) throw new InvalidOperationException("Lemma 8 needs a net [d, 1, k ≥ 2, 1] with 0 < a₋ < a₊ = 1");
        int d = instance.Dimension;
        var neg = instance.Network.Activation.Neg;
        var x = instance.Inputs;
        var y = instance.Labels;
        foreach (var face in RankOneCaseSplit.Faces(x, d).Where(f => IsOpenCell(instance, f)))
        {
            var sPlus = Sum(instance, i => face[i] > 0);
            var sMinus = Sum(instance, i => face[i] < 0);
            var g1 = Combine(Rational.One, sPlus, neg * neg, sMinus);
            foreach (int eps in new[] { 1, -1 })
            {
                var g2 = Combine(-eps * neg, sPlus, -eps * neg, sMinus);
                var e = Combine(Rational.One, sPlus, eps * neg, sMinus);
                foreach (int sigma in new[] { 1, -1 })
                {
                    var strict = new List<Rational[]> { new[] { Rational.One, Rational.Zero }, new[] { Rational.Zero, Rational.One },
                        new[] { Dot(g1, sPlus), Dot(g2, sPlus) } };
                    for (int i = 0; i < x.Count; i++)
                        if (face[i] != 0) strict.Add([face[i] * sigma * Dot(g1, x[i]), face[i] * sigma * Dot(g2, x[i])]);
                    var pq = ExactLp.StrictSolution(strict, 2, [[Dot(g1, e), Dot(g2, e)]]);
                    if (pq is null) continue;
                    var w1 = Combine(sigma * pq[0], g1, sigma * pq[1], g2);
                    return Recheck(instance, face, w1, pq[0], pq[1]);
                }
            }
        }
        return null;
    }

    /// <summary>The point of a solution (p, q): W₁ = w₁ᵀ, a₂ = (1, …, 1, −t) with t² = q·k₊/p, W₃ = (u_j·A_{sign u_j})_j;
    /// evaluated in Q(√r) and checked: every pre-activation of a non-zero input non-zero (so N is differentiable), N &gt; 0,
    /// ∇_{W_l}N = μ_l W_l with μ_l &gt; 0 for every layer, and a₂ of both signs.</summary>
    private static Witness Recheck(Instance instance, sbyte[] face, Rational[] w1, Rational p, Rational q)
    {
        var net = instance.Network;
        int k = net.Widths[2], kPlus = k - 1, d = instance.Dimension;
        var neg = net.Activation.Neg;
        var ratio = q * kPlus / p;
        var root = SqrtDecimal.ExactRoot(ratio);
        var t = root is { } rt ? QuadraticSurd.FromRational(rt) : QuadraticSurd.Root(ratio);
        var radicand = root is null ? ratio : Rational.Zero;
        Rational bigP = Rational.Zero, bigM = Rational.Zero;
        for (int i = 0; i < instance.SampleCount; i++)
        {
            var z = Dot(w1, instance.Inputs[i]);
            if (z.Sign > 0) bigP += instance.Labels[i] * z;
            else if (z.Sign < 0) bigM += neg * instance.Labels[i] * -z;
        }
        var aPlus = QuadraticSurd.FromRational(bigP - neg * bigM);
        var aMinus = QuadraticSurd.FromRational(neg * bigP - bigM);
        var w = new QuadraticSurd[net.WeightCount];
        for (int c = 0; c < d; c++) w[net.Index(1, 0, c)] = QuadraticSurd.FromRational(w1[c]);
        for (int j = 0; j < k; j++)
        {
            var u = j < kPlus ? QuadraticSurd.FromRational(Rational.One) : -t;
            w[net.Index(2, j, 0)] = u;
            w[net.Index(3, 0, j)] = u * (j < kPlus ? aPlus : aMinus);
        }
        string Fail(string why) => $"Lemma 8's point on face ({string.Join(",", face)}) fails the exact re-check: {why}";
        // Differentiability: no pre-activation of a non-zero input is 0 (layer 2's is u_j·σ(z_i)).
        for (int i = 0; i < instance.SampleCount; i++)
        {
            if (instance.Inputs[i].All(v => v.IsZero)) continue;
            var z = Dot(w1, instance.Inputs[i]);
            if (z.IsZero) throw new InvalidOperationException(Fail($"x_{i + 1} on a kink of layer 1"));
        }
        var g = NcfExpression.Build(instance).NcfAndGradient<QuadraticSurd>(w, out var ncf);
        if (ncf.Sign <= 0) throw new InvalidOperationException(Fail($"N = {ncf} is not positive"));
        var mus = new QuadraticSurd[net.Depth];
        for (int l = 1; l <= net.Depth; l++)
        {
            var idx = Enumerable.Range(net.Offset(l), net.Widths[l] * net.Widths[l - 1]).ToList();
            int first = idx.First(ix => !w[ix].IsZero);
            var mu = g[first] / w[first];
            if (mu.Sign <= 0 || idx.Any(ix => !(g[ix] - mu * w[ix]).IsZero))
                throw new InvalidOperationException(Fail($"∇_W{l}N is no positive multiple of W{l}"));
            mus[l - 1] = mu;
        }
        var a2 = Enumerable.Range(0, k).Select(j => w[net.Index(2, j, 0)].Sign).ToList();
        if (!a2.Contains(1) || !a2.Contains(-1)) throw new InvalidOperationException(Fail("a₂ is sign-definite"));
        return new Witness(face, w, ncf, mus, radicand);
    }

    private static Rational[] Sum(Instance instance, Func<int, bool> take)
    {
        var s = Enumerable.Repeat(Rational.Zero, instance.Dimension).ToArray();
        for (int i = 0; i < instance.SampleCount; i++)
            if (take(i)) for (int c = 0; c < s.Length; c++) s[c] += instance.Labels[i] * instance.Inputs[i][c];
        return s;
    }

    private static Rational[] Combine(Rational a, Rational[] u, Rational b, Rational[] v) => u.Select((x, c) => a * x + b * v[c]).ToArray();

    private static Rational Dot(Rational[] u, Rational[] v) => RationalLinearAlgebra.Dot(u, v);
}
