using System.Numerics;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>The outcome of <see cref="IntervalKktCertifier.Certify"/>: an enclosure, or the reason there is none.</summary>
public sealed record EnclosureOutcome(KktEnclosure? Enclosure, string Method, string? Reason)
{
    /// <summary>Off-support weights whose gradient did not vanish identically on the box (candidates to free).</summary>
    internal int[]? Grow { get; init; }
}

/// <summary>
/// Certifies KKT points that are irrational (p ≥ 2, docs/theory.md#kkt-points; issue 5 task 1) without rounding them:
/// <list type="number">
/// <item>choose the support S (weights the candidate keeps away from 0; the rest are fixed to exactly 0, which removes
/// the singular directions of dead neurons);</item>
/// <item>Newton-polish the square system F(w_S, λ) = (∇_S N − λw_S, ‖w‖² − 1) in doubles, then refine the centre in
/// 256-bit interval arithmetic (a centre can be any point, so this is not part of the proof);</item>
/// <item>make the centre exactly symmetric under swaps of twin neurons (equal in- and out-weights), so the box is
/// invariant and the unique zero inherits the symmetry (equal twins, hence exact rank bounds);</item>
/// <item>run the <see cref="KrawczykTest"/> on boxes of growing radius; on success check on the same box that the
/// off-support gradient components are identically 0, so the zero is a KKT point of the whole network.</item>
/// </list>
/// </summary>
public static class IntervalKktCertifier
{
    private static readonly double[] SupportThresholds = [1e-7, 1e-4, 1e-2];
    private static readonly int[] RadiusExponents = [100, 70, 40];

    public static EnclosureOutcome Certify(Instance instance, double[] candidate, CancellationToken ct = default)
    {
        var net = instance.Network;
        if (net.Activation.Power < 2 && net.Activation.Pos != net.Activation.Neg)
            return new EnclosureOutcome(null, "krawczyk", "needs a C¹ activation (p ≥ 2): for p = 1 with a kink the KKT system is not differentiable");
        double max = candidate.Max(Math.Abs);
        if (max == 0) return new EnclosureOutcome(null, "krawczyk", "the candidate is 0");
        string last = "no support gave a solvable system";
        var tried = new HashSet<string>();
        foreach (var thr in SupportThresholds)
        {
            ct.ThrowIfCancellationRequested();
            var support = Enumerable.Range(0, candidate.Length).Where(k => Math.Abs(candidate[k]) > thr * max).ToArray();
            if (!tried.Add(string.Join(",", support))) continue;
            var outcome = CertifyOnSupport(instance, candidate, support, ct);
            // Weights the threshold fixed to 0 whose gradient does not vanish identically on the box: free them (their
            // enclosure will then contain 0) and try once more; only the proof on the larger system counts.
            for (int grow = 0; grow < 2 && outcome.Enclosure is null && outcome.Grow is { Length: > 0 } extra; grow++)
            {
                support = support.Concat(extra).Order().ToArray();
                if (!tried.Add(string.Join(",", support))) break;
                outcome = CertifyOnSupport(instance, candidate, support, ct);
            }
            if (outcome.Enclosure is not null) return outcome;
            last = $"support of {support.Length}/{candidate.Length} weights: {outcome.Reason}";
        }
        return new EnclosureOutcome(null, "krawczyk", last);
    }

    public static EnclosureOutcome CertifyOnSupport(Instance instance, double[] candidate, int[] support, CancellationToken ct = default)
    {
        var net = instance.Network;
        var system = new KktSystem(instance, support);
        int m = system.Dimension;
        // 1. Newton polish in doubles.
        var x = new double[m];
        double norm = Math.Sqrt(support.Sum(k => candidate[k] * candidate[k]));
        for (int j = 0; j < support.Length; j++) x[j] = candidate[support[j]] / norm;
        var full = system.Evaluate(x.Select(v => new Real(v)).ToArray());
        x[^1] = (double)net.Degree * full.Ncf.Value; // λ = ΛN (C2) as the starting multiplier
        double[,]? Y = null;
        double resid = double.PositiveInfinity;
        for (int it = 0; it < 40; it++)
        {
            var (f, J, _, _) = system.EvaluateWithJacobian(x.Select(v => new Real(v)).ToArray());
            var jd = new double[m, m];
            for (int r = 0; r < m; r++) for (int c = 0; c < m; c++) jd[r, c] = J[r, c].Value;
            Y = DenseDouble.Inverse(jd, out var ratio);
            resid = f.Max(v => Math.Abs(v.Value));
            if (Y is null) return new EnclosureOutcome(null, "krawczyk", Math.Abs(x[^1]) < 1e-9
                ? $"N ≈ 0 and the Jacobian of the KKT system on the support is singular (pivot ratio {ratio:G2}): most likely one point of a continuum of N = 0 KKT points, which a box cannot isolate"
                : $"the Jacobian of the KKT system on the support is numerically singular (pivot ratio {ratio:G2}): a continuum of KKT points or a symmetry not removed by the support");
            if (resid < 1e-14) break;
            var step = DenseDouble.Multiply(Y, f.Select(v => v.Value).ToArray());
            for (int k = 0; k < m; k++) x[k] -= step[k];
            if (x.Any(v => !double.IsFinite(v))) return new EnclosureOutcome(null, "krawczyk", "Newton's method diverged");
        }
        if (resid > 1e-10) return new EnclosureOutcome(null, "krawczyk", $"Newton's method on the support did not converge (residual {resid:G2})");
        double cos = 0;
        for (int j = 0; j < support.Length; j++) cos += x[j] * candidate[support[j]];
        cos /= Math.Sqrt(candidate.Sum(v => v * v));
        if (cos < 0.99) return new EnclosureOutcome(null, "krawczyk", $"Newton's method moved to another point (cosine {cos:F4} to the candidate)");
        // 2. Refine the centre in interval arithmetic (midpoints of c − Y F(c)); 3. symmetrise twins.
        var twins = TwinClasses(net, system.Weights(x.Select(v => new Real(v)).ToArray()).Select(r => r.Value).ToArray(), support);
        var c0 = KrawczykTest.RefineCentre(v => system.Evaluate(v).F, Y!, x.Select(Interval.PointFromDouble).ToArray(), v => Symmetrise(net, system, v, twins), 4, ct);
        // 4. Krawczyk on growing boxes.
        string last = "";
        foreach (var e in RadiusExponents)
        {
            ct.ThrowIfCancellationRequested();
            var radius = BigInteger.One << (Interval.Bits - e);
            var res = KrawczykTest.Run(v => system.Evaluate(v).F, box => system.EvaluateWithJacobian(box).J, c0, radius, Y);
            if (res.Verdict == KrawczykVerdict.NoZero) return new EnclosureOutcome(null, "krawczyk", "the Krawczyk test proved there is no zero near the polished candidate");
            if (res.Verdict != KrawczykVerdict.UniqueZero) { last = res.Detail; continue; }
            // Tighten: K(X) ∩ X is a box that still holds the unique zero.
            var box = KrawczykTest.Tightened(res);
            var (_, _, off, ncf) = system.EvaluateWithJacobian(box);
            var bad = off.Select((g, k) => (g, k)).Where(p => !p.g.IsZero).ToList();
            var offIndices = Enumerable.Range(0, net.WeightCount).Except(support).ToArray();
            if (bad.Count > 0)
                return new EnclosureOutcome(null, "krawczyk", $"the support system has a unique zero, but {bad.Count} off-support gradient component(s) are not identically 0 on the box (a weight fixed to 0 should be free): {string.Join(", ", bad.Take(3).Select(p => p.g.ToString()))}") { Grow = bad.Select(p => offIndices[p.k]).ToArray() };
            var weights = system.Weights(box);
            var lambda = box[^1];
            var ncfBox = Intersect(ncf, lambda / Interval.FromRational(new Rational(net.Degree)));
            var layerNorms = LayerNormsSquared(net, weights);
            var (pattern, straddling) = PatternOver(instance, weights);
            var proof = $"Krawczyk test on a box of radius 2^-{e} around a 256-bit centre: {res.Detail}; support {support.Length}/{net.WeightCount} weights, off-support gradient identically 0 on the box";
            return new EnclosureOutcome(new KktEnclosure(net, support, weights, lambda, ncfBox, layerNorms, new Rational(BigInteger.One, BigInteger.One << e),
                pattern, straddling, twins, proof), "krawczyk", null);
        }
        return new EnclosureOutcome(null, "krawczyk", "the Krawczyk test was inconclusive on every box: " + last);
    }

    /// <summary>Both enclose the same number (N = λ/Λ at a KKT point, C2), so the intersection is never empty.</summary>
    internal static Interval Intersect(Interval a, Interval b) =>
        Interval.Scaled(BigInteger.Max(a.LoScaled, b.LoScaled), BigInteger.Min(a.HiScaled, b.HiScaled));

    /// <summary>‖W_l‖² per layer l = 1…L, enclosed over a box of weights (flat order, layer by layer).</summary>
    internal static Interval[] LayerNormsSquared(Network net, IReadOnlyList<Interval> weights) =>
        Enumerable.Range(1, net.Depth).Select(l =>
        {
            var (r, c) = net.Shape(l);
            var acc = Interval.Zero;
            for (int k = 0; k < r * c; k++) acc += weights[net.Offset(l) + k].Pow(2);
            return acc;
        }).ToArray();

    /// <summary>Per hidden layer, classes (size ≥ 2) of neurons with equal in-weights and equal out-weights (to 1e-9)
    /// at the polished point, non-zero neurons only. Swapping twins is a symmetry of N and of the sphere.</summary>
    internal static int[][][] TwinClasses(Network net, double[] w, int[] support)
    {
        // The swap must map the support onto itself (else the restricted system is not symmetric): twins also agree on
        // which of their weights are unknowns.
        var on = new HashSet<int>(support);
        var result = new int[net.Depth + 1][][];
        result[0] = [];
        result[net.Depth] = [];
        for (int l = 1; l < net.Depth; l++)
        {
            var (rows, cols) = net.Shape(l);
            var outRows = net.Widths[l + 1];
            double[] Key(int j) => Enumerable.Range(0, cols).Select(c => w[net.Index(l, j, c)])
                .Concat(Enumerable.Range(0, outRows).Select(q => w[net.Index(l + 1, q, j)])).ToArray();
            bool[] Members(int j) => Enumerable.Range(0, cols).Select(c => on.Contains(net.Index(l, j, c)))
                .Concat(Enumerable.Range(0, outRows).Select(q => on.Contains(net.Index(l + 1, q, j)))).ToArray();
            var classes = new List<List<int>>();
            for (int j = 0; j < rows; j++)
            {
                var kj = Key(j);
                if (kj.All(v => v == 0)) continue;
                var mj = Members(j);
                var cls = classes.FirstOrDefault(cl => Key(cl[0]).Zip(kj, (a, b) => Math.Abs(a - b)).Max() < 1e-9 && Members(cl[0]).SequenceEqual(mj));
                if (cls is null) classes.Add([j]); else cls.Add(j);
            }
            result[l] = classes.Where(c => c.Count > 1).Select(c => c.ToArray()).ToArray();
        }
        return result;
    }

    /// <summary>Replaces every block (twin class of rows × twin class of columns) of every layer by one grid value, so
    /// the centre is exactly invariant under swaps of twins; λ is kept.</summary>
    private static Interval[] Symmetrise(Network net, KktSystem system, Interval[] x, int[][][] twins)
    {
        if (twins.All(t => t.Length == 0)) return x;
        var w = system.Weights(x);
        int[] ClassOf(int layer, int j) => layer <= 0 || layer >= net.Depth ? [j] : twins[layer].FirstOrDefault(c => c.Contains(j)) ?? [j];
        for (int l = 1; l <= net.Depth; l++)
        {
            var (rows, cols) = net.Shape(l);
            var done = new HashSet<(int, int)>();
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    if (done.Contains((r, c))) continue;
                    var rs = ClassOf(l, r);
                    var cs = ClassOf(l - 1, c);
                    var sum = BigInteger.Zero;
                    foreach (var a in rs) foreach (var b in cs) sum += w[net.Index(l, a, b)].LoScaled;
                    var avg = Interval.Point(sum / (rs.Length * cs.Length));
                    foreach (var a in rs) foreach (var b in cs) { w[net.Index(l, a, b)] = avg; done.Add((a, b)); }
                }
        }
        var y = new Interval[x.Length];
        for (int j = 0; j < system.Support.Length; j++) y[j] = w[system.Support[j]];
        y[^1] = x[^1];
        return y;
    }

    /// <summary>Signs of all pre-activations over the box: '+'/'-' when proved, '0' when identically 0, '~' when the
    /// enclosure straddles 0 (allowed for p ≥ 2: σ is C¹ and the σ'' enclosure covers both pieces).</summary>
    internal static (string Pattern, int Straddling) PatternOver(Instance instance, Interval[] w)
    {
        var net = instance.Network;
        var act = net.Activation;
        var chars = new List<char>();
        int straddling = 0;
        var signs = new char[net.HiddenNeurons, instance.SampleCount];
        for (int i = 0; i < instance.SampleCount; i++)
        {
            var a = instance.Inputs[i].Select(Interval.FromRational).ToArray();
            int offset = 0;
            for (int l = 1; l < net.Depth; l++)
            {
                var (rows, cols) = net.Shape(l);
                var next = new Interval[rows];
                for (int r = 0; r < rows; r++)
                {
                    var s = Interval.Zero;
                    for (int c = 0; c < cols; c++) s += w[net.Index(l, r, c)] * a[c];
                    char ch = s.IsZero ? '0' : s.DefiniteSign > 0 ? '+' : s.DefiniteSign < 0 ? '-' : '~';
                    if (ch == '~') straddling++;
                    signs[offset + r, i] = ch;
                    next[r] = Interval.Sigma(s, act, 0);
                }
                offset += rows;
                a = next;
            }
        }
        var sb = new System.Text.StringBuilder();
        int o = 0;
        for (int l = 1; l < net.Depth; l++)
        {
            if (l > 1) sb.Append(" | ");
            for (int r = 0; r < net.Widths[l]; r++)
            {
                if (r > 0) sb.Append(' ');
                for (int i = 0; i < instance.SampleCount; i++) sb.Append(signs[o + r, i]);
            }
            o += net.Widths[l];
        }
        return (sb.ToString(), straddling);
    }
}
