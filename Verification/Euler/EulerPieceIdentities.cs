using Checker.Verification.Contracts;
using System.Numerics;
using Checker.Symbolic.Expressions;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Polynomials;

namespace Checker.Verification.Euler;

/// <summary>
/// The exact branch of C1 (docs/theory.md#c1-euler-identity): for every sample i with y_i ≠ 0 and every sign pattern s of the hidden
/// neurons on that sample, expand the piece y_i·H_s(x_i; w) and its DAG gradient (reverse mode, from the symbolic
/// engine) into canonical polynomials and compare Σ_{j∈W_l} w_j ∂_j P with p^{L−l}·P per layer, and Σ_j w_j ∂_j P with
/// Λ·P, as polynomials. N is the sum of one piece per sample, so this proves the identities in every joint pattern.
/// </summary>
public static class EulerPieceIdentities
{
    /// <summary>Per-sample sign patterns: 1 when σ is one monomial on both sides (a₊ = a₋) or there is no hidden layer.</summary>
    public static BigInteger PiecesPerSample(Network net) =>
        net.Depth == 1 || net.Activation.Pos == net.Activation.Neg ? BigInteger.One : BigInteger.Pow(2, net.HiddenNeurons);

    public sealed record Outcome(bool Completed, string? Failure, int PiecesChecked, int SamplesSkipped, string? TooBig, EulerPieceFailure? Witness);

    public static Outcome Check(Instance instance, long maxTerms, IProgress<CheckProgress>? progress, CancellationToken ct)
    {
        var net = instance.Network;
        int h = net.HiddenNeurons;
        int perSample = (int)PiecesPerSample(net);
        int total = perSample * instance.SampleCount, done = 0;
        int skipped = instance.Labels.Count(y => y.IsZero);
        var lambda = new Rational(net.Degree);
        var expressions = new NcfExpression?[instance.SampleCount];
        for (int i = 0; i < instance.SampleCount; i++)
            if (!instance.Labels[i].IsZero)
                expressions[i] = NcfExpression.Build(new Instance($"{instance.Name}[{i + 1}]", [instance.Inputs[i]], [instance.Labels[i]], net));
        Outcome? stop = null;
        var gate = new object();
        // Pieces are independent; spread them over the cores (NcfExpression is thread-safe after Build).
        Parallel.For(0, total, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (piece, state) =>
        {
            int i = piece / perSample, s = piece % perSample;
            var ncf = expressions[i];
            if (ncf is null) { Interlocked.Increment(ref done); return; }
            if (ct.IsCancellationRequested) { state.Stop(); return; }
            var signs = new sbyte[h];
            for (int b = 0; b < h; b++) signs[b] = (sbyte)(perSample == 1 || ((s >> b) & 1) == 0 ? 1 : -1);
            var pattern = new ActivationPattern(net, 1, signs);
            var result = CheckPiece(ncf, pattern, i, lambda, maxTerms);
            if (result is not null)
            {
                lock (gate) stop ??= result;
                state.Stop();
                return;
            }
            // Count first: the counter also decides completeness below, so it must not depend on a progress sink.
            int finished = Interlocked.Increment(ref done);
            progress?.Report(new CheckProgress("C1 pattern pieces", finished, total));
        });
        int checkedPieces = Volatile.Read(ref done) - skipped * perSample;
        if (stop is not null) return stop with { PiecesChecked = checkedPieces, SamplesSkipped = skipped };
        if (ct.IsCancellationRequested && done < total) return new Outcome(false, null, checkedPieces, skipped, null, null);
        return new Outcome(true, null, checkedPieces, skipped, null, null);
    }

    // Null when the piece satisfies every identity; otherwise the failure (or the size-guard stop).
    private static Outcome? CheckPiece(NcfExpression ncf, ActivationPattern pattern, int sample, Rational lambda, long maxTerms)
    {
        var net = ncf.Network;
        var ring = ncf.Ring;
        var e = ncf.Expand(pattern, gradient: true, maxTerms: maxTerms);
        if (e.TooBig || e.Values is null) return new Outcome(false, null, 0, 0, e.Reason ?? "expansion too large", null);
        var p = e.Values[0];
        var all = ring.Zero;
        for (int l = 1; l <= net.Depth; l++)
        {
            var (r, c) = net.Shape(l);
            var acc = new PolynomialBuilder(ring);
            for (int j = net.Offset(l); j < net.Offset(l) + r * c; j++)
                acc.Add(ring.Variable(j) * e.Values[1 + j], Rational.One);
            var layerSum = acc.ToPolynomial();
            var want = new Rational(net.LayerDegree(l)) * p;
            if (layerSum != want)
                return new Outcome(true, $"sample {sample + 1}, pattern {pattern}: ⟨W_{l}, ∇_(W_{l}) N⟩ − p^(L−l)·N = {layerSum - want} ≠ 0", 0, 0, null,
                    new EulerPieceFailure { Sample = sample + 1, Pattern = pattern.ToString(), Layer = l, Difference = (layerSum - want).ToString() });
            all += layerSum;
        }
        if (all != lambda * p)
            return new Outcome(true, $"sample {sample + 1}, pattern {pattern}: uᵀ∇N − ΛN = {all - lambda * p} ≠ 0", 0, 0, null,
                new EulerPieceFailure { Sample = sample + 1, Pattern = pattern.ToString(), Difference = (all - lambda * p).ToString() });
        return null;
    }

    /// <summary>Joint patterns covered: (pieces per sample)^n, as a decimal string (it can be astronomically large).</summary>
    public static string JointPatterns(Instance instance) => BigInteger.Pow(PiecesPerSample(instance.Network), instance.SampleCount).ToString();
}
