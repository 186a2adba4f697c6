using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>
/// Lands a numeric p = 1 candidate exactly on the kink face it is approaching and certifies it there with the Clarke
/// engine (docs/theory.md#kkt-points, "points on kinks"; issue 12 items 1–2). Sphere ascents approach kinks (dead
/// neurons, samples on a hyperplane) but never reach them, and exact sweeps inside the candidate's open pattern drift off
/// the face. Here:
/// <list type="number">
/// <item>the pre-activations that are numerically 0 (relative tolerance, several tried, smallest first) form the kink
/// set K; the other pre-activations keep the candidate's sign (the face is fixed);</item>
/// <item>projected Gauss–Seidel sweeps: with the face fixed, σ(z) is linear in every layer and σ(0) = 0, so
/// ∇_{W_l}N does not depend on W_l and is linear in the slopes θ chosen at layer l's kinks. For each neuron those slopes
/// are solved exactly from the kink equations W_l[j]·σ(z_{l−1}(x_m)) = 0 (m ∈ K): a square linear system in θ, the
/// full-network form of <see cref="RankOneKinkCertifier"/>'s system. W_l becomes the primitive integer form of that
/// gradient, which lies on the face exactly;</item>
/// <item>the point is then decided by <see cref="KktCertifier.Check"/>, i.e. by the exact Clarke engine at kinks (adjacency
/// by arcs, hull membership by exact LP): the slopes above only produce the point, they certify nothing.</item>
/// </list>
/// A fixed point of the projected sweep with slopes in [a₋, a₊] is a KKT point for those slopes (per-layer form of
/// <see cref="KktCertificate"/>), so rational KKT points on a face are reached in one or two sweeps; algebraic ones are not
/// (their entries grow without settling), and the reason says so.
/// </summary>
public static class KinkFaceSolver
{
    /// <summary>Relative tolerances for "numerically 0", smallest first: a candidate far from its face needs a larger one.</summary>
    private static readonly double[] Tolerances = [1e-7, 1e-5, 1e-3, 1e-2, 3e-2, 1e-1];

    private const int Sweeps = 6;

    /// <summary>p = 1 with a₊ ≠ a₋ (there are kinks) and L ≥ 2 (there are hidden pre-activations).</summary>
    public static bool Applies(Instance instance) =>
        instance.Network.Activation.HasKink && instance.Network.Depth >= 2;

    /// <summary>Face solve + Clarke certification of one numeric candidate; the outcome's reason says why not when it fails.</summary>
    public static CertificationOutcome Certify(Instance instance, double[] candidate, CancellationToken ct = default)
    {
        if (!Applies(instance)) return new CertificationOutcome(null, "kink-face solve", "applies to p = 1 nets with a kink (a₊ ≠ a₋) and L ≥ 2 only");
        double max = candidate.Max(Math.Abs);
        if (max == 0) return new CertificationOutcome(null, "kink-face solve", "the candidate is 0");
        var seen = new HashSet<string>();
        string last = "no face found";
        // Parallel neurons (one direction split over several neurons: a continuum of KKT points, docs/theory.md#kkt-points)
        // are merged when the candidate as it is fails (so the certificate stays the member the candidate is next to when
        // it can): the rounded copies are no longer exactly parallel, their kinks no longer coincide, and the
        // face solve fails on a face the KKT point does not have.
        var merged = MergeParallel(instance.Network, candidate, 1e-6);
        var variants = merged is null ? new[] { candidate } : new[] { candidate, merged };
        foreach (var variant in variants)
        foreach (var tol in Tolerances)
        {
            ct.ThrowIfCancellationRequested();
            var snapped = SnapDormant(instance.Network, variant, Math.Max(tol, 1e-4));
            var signs = FacePattern(instance, snapped, tol);
            if (!seen.Add(string.Concat(signs.Select(s => (char)('1' + s))) + "|" + string.Join(",", snapped.Select(x => x == 0 ? 0 : 1)))) continue;
            int kinks = signs.Count(s => s == 0);
            var start = new WeightPoint(instance.Network, snapped.Select(x => RationalRounding.Nearest(x / max, 1000)).ToArray());
            var outcome = OnFace(instance, start, signs, ct);
            string how = ReferenceEquals(variant, candidate) ? "" : "parallel neurons merged, ";
            if (outcome.Certified) return outcome with { Method = $"kink-face solve ({how}{kinks} kink(s) fixed at tolerance {tol:G2}), {outcome.Method}; Clarke engine" };
            last = $"face with {kinks} kink(s) (tolerance {tol:G2}{(ReferenceEquals(variant, candidate) ? "" : ", parallel neurons merged")}): {outcome.Reason}";
        }
        return new CertificationOutcome(null, "kink-face solve", last);
    }

    /// <summary>Projected sweeps from a rational <paramref name="start"/> on the face given by <paramref name="signs"/>
    /// (index as <see cref="KktCertifier.NumericPattern"/>: hidden layer, neuron, sample; 0 = kink), each followed by the
    /// exact Clarke check. Exposed so that a caller with its own face (a reduced lift, a flow limit) can use it.</summary>
    public static CertificationOutcome OnFace(Instance instance, WeightPoint start, sbyte[] signs, CancellationToken ct = default)
    {
        var theta = new Dictionary<(int, int, int), Rational>();
        var v = start;
        string last = "no sweep ran";
        for (int s = 1; s <= Sweeps; s++)
        {
            ct.ThrowIfCancellationRequested();
            // The first sweeps update W_l with the slopes of deeper kinks from the sweep before (or the default), so a
            // slope solved there may lie outside [a₋, a₊] until the sweeps settle: tolerated in the first two sweeps
            // (without a Clarke check, which would fail), refused after.
            var next = ProjectedSweep(instance, v, signs, theta, strictSlopes: s > 2, out var why, out bool outside);
            if (next is null) return new CertificationOutcome(null, "kink-face solve", why);
            v = next;
            if (outside) { last = why; continue; }
            var cert = KktCertifier.Check(instance, v, out why);
            if (cert is not null) return new CertificationOutcome(cert, $"{s} projected sweep(s)", null);
            last = why;
        }
        return new CertificationOutcome(null, "kink-face solve", $"after {Sweeps} projected sweeps: {last}");
    }

    /// <summary>One Gauss–Seidel sweep W_l ← primitive(∇_{W_l}N) on the face, with the slopes at layer l's kinks solved so
    /// that the new W_l keeps every kinked pre-activation of layer l at exactly 0.</summary>
    internal static WeightPoint? ProjectedSweep(Instance instance, WeightPoint v, sbyte[] signs, Dictionary<(int Layer, int Neuron, int Sample), Rational> theta, bool strictSlopes, out string reason, out bool slopesOutside)
    {
        slopesOutside = false;
        string outsideReason = "";
        var net = instance.Network;
        var act = net.Activation;
        int L = net.Depth, n = instance.SampleCount;
        var flat = (Rational[])v.Flat.Clone();
        var upper = Rational.Max(act.Pos, act.Neg);
        var lower = Rational.Min(act.Pos, act.Neg);
        for (int l = 1; l <= L; l++)
        {
            var inputs = Forward(instance, flat, signs, l);
            var beta = Backward(instance, flat, signs, theta, l, upper);
            var (rows, cols) = net.Shape(l);
            var grad = new Rational[rows * cols];
            for (int k = 0; k < grad.Length; k++) grad[k] = Rational.Zero;
            for (int j = 0; j < rows; j++)
            {
                // Off-kink samples: fixed slope; kinked samples with a non-zero contribution: unknown slope θ.
                var free = new List<(int Sample, Rational[] Coefficient)>();
                var constraints = new List<int>();
                for (int i = 0; i < n; i++)
                {
                    var a = inputs[i];
                    var b = beta[i][j];
                    sbyte sg = l < L ? signs[PatternIndex(net, n, l, j, i)] : (sbyte)1;
                    bool nonzero = a.Any(x => !x.IsZero);
                    if (l < L && sg == 0)
                    {
                        if (nonzero) constraints.Add(i);
                        if (nonzero && !b.IsZero) free.Add((i, a.Select(x => instance.Labels[i] * b * x).ToArray()));
                        continue;
                    }
                    var slope = l < L ? (sg > 0 ? act.Pos : act.Neg) : Rational.One;
                    if (slope.IsZero || b.IsZero || !nonzero) continue;
                    var f = instance.Labels[i] * slope * b;
                    for (int c = 0; c < cols; c++) grad[j * cols + c] += f * a[c];
                }
                if (constraints.Count == 0) continue;
                var row0 = grad.AsSpan(j * cols, cols).ToArray();
                var sol = SolveSlopes(free.Select(t => t.Coefficient).ToList(), constraints.Select(m => inputs[m]).ToList(), row0);
                if (sol is null)
                {
                    reason = $"no slopes keep layer {l}, neuron {j + 1} on its kinks (samples {string.Join(",", constraints.Select(m => m + 1))}): the kink equations are inconsistent";
                    return null;
                }
                for (int q = 0; q < free.Count; q++)
                {
                    var th = sol[q];
                    if (th < lower || th > upper)
                    {
                        var why = $"the slope needed at kink z[{l},{j + 1}](x_{free[q].Sample + 1}) is {th}, outside [{lower}, {upper}]";
                        if (strictSlopes) { reason = why; return null; }
                        if (!slopesOutside) outsideReason = why;
                        slopesOutside = true;
                    }
                    theta[(l, j, free[q].Sample)] = th;
                    for (int c = 0; c < cols; c++) grad[j * cols + c] += th * free[q].Coefficient[c];
                }
            }
            if (grad.All(x => x.IsZero)) { reason = $"∇_{{W_{l}}}N = 0 on the face (the sweep cannot continue)"; return null; }
            var inner = Rational.Zero;
            int o = net.Offset(l);
            for (int k = 0; k < grad.Length; k++) inner += grad[k] * flat[o + k];
            int sign = inner.Sign < 0 ? -1 : 1;
            var prim = KktCertifier.Primitive(grad);
            if (prim.Any(x => x.Numerator.GetBitLength() > KktCertifier.MaxBits))
            { reason = $"projected sweeps do not settle on a rational point (entries of W_{l} exceed {KktCertifier.MaxBits} bits: an algebraic point or no KKT point on this face)"; return null; }
            for (int k = 0; k < grad.Length; k++) flat[o + k] = sign * prim[k];
        }
        reason = outsideReason;
        return new WeightPoint(net, flat);
    }

    /// <summary>σ(z_{l−1}(x_i)) for every sample with the face's signs (σ(0) = 0 at kinks), exactly; layer 1: x_i.</summary>
    private static Rational[][] Forward(Instance instance, Rational[] flat, sbyte[] signs, int layer)
    {
        var net = instance.Network;
        int n = instance.SampleCount;
        var result = new Rational[n][];
        for (int i = 0; i < n; i++)
        {
            var a = instance.Inputs[i];
            for (int l = 1; l < layer; l++)
            {
                var (rows, cols) = net.Shape(l);
                var next = new Rational[rows];
                for (int r = 0; r < rows; r++)
                {
                    sbyte sg = signs[PatternIndex(net, n, l, r, i)];
                    if (sg == 0) { next[r] = Rational.Zero; continue; }
                    var z = Rational.Zero;
                    for (int c = 0; c < cols; c++) if (!a[c].IsZero) z += flat[net.Index(l, r, c)] * a[c];
                    next[r] = (sg > 0 ? net.Activation.Pos : net.Activation.Neg) * z;
                }
                a = next;
            }
            result[i] = a;
        }
        return result;
    }

    /// <summary>β_{l,j}(x_i) = ∂H(x_i)/∂(σ(z_{l,j})·slope)… precisely: the back-propagated signal into neuron j of layer
    /// l before its own slope (1 for the output layer), with the face's slopes above (θ at kinks, default the upper slope).</summary>
    private static Rational[][] Backward(Instance instance, Rational[] flat, sbyte[] signs, Dictionary<(int, int, int), Rational> theta, int layer, Rational fallback)
    {
        var net = instance.Network;
        int L = net.Depth, n = instance.SampleCount;
        var result = new Rational[n][];
        for (int i = 0; i < n; i++)
        {
            var delta = new[] { Rational.One }; // ∂H/∂z_L
            for (int l = L - 1; l >= layer; l--)
            {
                var (rows, cols) = net.Shape(l + 1);
                var b = new Rational[cols];
                for (int c = 0; c < cols; c++)
                {
                    var s = Rational.Zero;
                    for (int r = 0; r < rows; r++) if (!delta[r].IsZero) s += flat[net.Index(l + 1, r, c)] * delta[r];
                    b[c] = s;
                }
                if (l == layer) { delta = b; break; }
                delta = new Rational[cols];
                for (int c = 0; c < cols; c++)
                {
                    sbyte sg = signs[PatternIndex(net, n, l, c, i)];
                    var slope = sg > 0 ? net.Activation.Pos : sg < 0 ? net.Activation.Neg : theta.GetValueOrDefault((l, c, i), fallback);
                    delta[c] = slope * b[c];
                }
            }
            result[i] = layer == L ? [Rational.One] : delta;
        }
        return result;
    }

    /// <summary>θ with (row0 + Σ_q θ_q c_q)·a_m = 0 for every constraint input a_m (exact elimination); null when inconsistent.</summary>
    private static Rational[]? SolveSlopes(List<Rational[]> coefficients, List<Rational[]> constraints, Rational[] row0)
    {
        int m = constraints.Count, q = coefficients.Count;
        var A = new Rational[m, q + 1];
        for (int r = 0; r < m; r++)
        {
            for (int c = 0; c < q; c++) A[r, c] = Dot(coefficients[c], constraints[r]);
            A[r, q] = -Dot(row0, constraints[r]);
        }
        return RowReduce(A, m, q);
    }

    /// <summary>Solves A[:, :q] θ = A[:, q] exactly; null when inconsistent. A free unknown (rank deficiency: its sample's
    /// term does not reach the kink equations) is set to 1, the upper slope of every preset: any value solves the
    /// equations, and the Clarke check decides the resulting point.</summary>
    internal static Rational[]? RowReduce(Rational[,] A, int m, int q)
    {
        var pivotOf = new int[q];
        Array.Fill(pivotOf, -1);
        int row = 0;
        for (int c = 0; c < q && row < m; c++)
        {
            int p = -1;
            for (int r = row; r < m; r++) if (!A[r, c].IsZero) { p = r; break; }
            if (p < 0) continue;
            for (int k = 0; k <= q; k++) (A[row, k], A[p, k]) = (A[p, k], A[row, k]);
            var inv = A[row, c].Reciprocal();
            for (int k = 0; k <= q; k++) A[row, k] *= inv;
            for (int r = 0; r < m; r++)
            {
                if (r == row || A[r, c].IsZero) continue;
                var f = A[r, c];
                for (int k = 0; k <= q; k++) A[r, k] -= f * A[row, k];
            }
            pivotOf[c] = row++;
        }
        for (int r = row; r < m; r++) if (!A[r, q].IsZero) return null;
        var x = new Rational[q];
        for (int c = 0; c < q; c++) if (pivotOf[c] < 0) x[c] = Rational.One;
        for (int c = 0; c < q; c++)
        {
            if (pivotOf[c] < 0) continue;
            var s = A[pivotOf[c], q];
            for (int k = 0; k < q; k++) if (k != c && pivotOf[k] < 0) s -= A[pivotOf[c], k] * x[k];
            x[c] = s;
        }
        return x;
    }

    private static Rational Dot(Rational[] x, Rational[] y)
    {
        var s = Rational.Zero;
        for (int j = 0; j < x.Length; j++) if (!x[j].IsZero && !y[j].IsZero) s += x[j] * y[j];
        return s;
    }

    internal static int PatternIndex(Network net, int n, int layer, int neuron, int sample)
    {
        int off = 0;
        for (int l = 1; l < layer; l++) off += net.Widths[l] * n;
        return off + neuron * n + sample;
    }

    /// <summary>The face of a numeric point: the sign of every hidden pre-activation, 0 where |z| ≤ tol·(the layer's
    /// largest Σ_c |W[j,c] a_c|), so a neuron fading out is not mistaken for a kink of every sample. With
    /// <paramref name="onFace"/> a pre-activation read as a kink is passed on as exactly 0, as it is on the face;
    /// without it the later layers see the point as it is (<see cref="KktCertifier.NumericPattern"/>).</summary>
    public static sbyte[] FacePattern(Instance instance, double[] w, double tolerance, bool onFace = true)
    {
        var net = instance.Network;
        int n = instance.SampleCount;
        var signs = new sbyte[net.HiddenNeurons * n];
        var act = net.Activation;
        for (int i = 0; i < n; i++)
        {
            var a = instance.Inputs[i].Select(q => q.ToDouble()).ToArray();
            for (int l = 1; l < net.Depth; l++)
            {
                var (rows, cols) = net.Shape(l);
                var z = new double[rows];
                double scale = 0;
                for (int r = 0; r < rows; r++)
                {
                    double s = 0, m = 0;
                    for (int c = 0; c < cols; c++) { s += w[net.Index(l, r, c)] * a[c]; m += Math.Abs(w[net.Index(l, r, c)] * a[c]); }
                    z[r] = s;
                    scale = Math.Max(scale, m);
                }
                for (int r = 0; r < rows; r++)
                {
                    bool zero = Math.Abs(z[r]) <= tolerance * Math.Max(scale, 1e-300);
                    signs[PatternIndex(net, n, l, r, i)] = (sbyte)(zero ? 0 : Math.Sign(z[r]));
                    if (zero && onFace) z[r] = 0;
                }
                a = z.Select(act.ApplyDouble).ToArray();
            }
        }
        return signs;
    }

    /// <summary>
    /// Merges hidden neurons of a layer whose in-weights are positive multiples of each other (cosine ≥ 1 − <paramref name="tolerance"/>):
    /// for p = 1, σ(c z) = c σ(z) for c > 0, so neuron k with in-weights c·w_j contributes exactly what c times its
    /// out-weights added to neuron j's would; the function is unchanged and k is zeroed. Layers are merged first to last (a
    /// merge in layer l makes columns of layer l + 1 vanish, which can make its rows parallel). Returns the normalised
    /// merged point, or null when no two neurons are parallel.
    /// </summary>
    public static double[]? MergeParallel(Network net, double[] w, double tolerance)
    {
        var s = (double[])w.Clone();
        bool any = false;
        for (int l = 1; l < net.Depth; l++)
        {
            int cols = net.Widths[l - 1];
            double Norm(int r) { double t = 0; for (int c = 0; c < cols; c++) t += s[net.Index(l, r, c)] * s[net.Index(l, r, c)]; return Math.Sqrt(t); }
            double max = 0;
            for (int r = 0; r < net.Widths[l]; r++) max = Math.Max(max, Norm(r));
            for (int j = 0; j < net.Widths[l]; j++)
            {
                double nj = Norm(j);
                if (nj <= 1e-12 * max) continue;
                for (int k = j + 1; k < net.Widths[l]; k++)
                {
                    double nk = Norm(k);
                    if (nk <= 1e-12 * max) continue;
                    double dot = 0;
                    for (int c = 0; c < cols; c++) dot += s[net.Index(l, j, c)] * s[net.Index(l, k, c)];
                    if (dot < (1 - tolerance) * nj * nk) continue;
                    double ratio = nk / nj;
                    for (int q = 0; q < net.Widths[l + 1]; q++)
                    {
                        s[net.Index(l + 1, q, j)] += ratio * s[net.Index(l + 1, q, k)];
                        s[net.Index(l + 1, q, k)] = 0;
                    }
                    for (int c = 0; c < cols; c++) s[net.Index(l, k, c)] = 0;
                    any = true;
                }
            }
        }
        if (!any) return null;
        // A merged neuron carries its partners' out-weights: rebalance every hidden neuron (in-weights × a, out-weights / a,
        // the same function) to equal in- and out-norms, as at a KKT point, so that no layer becomes tiny and is rounded
        // or snapped away. A few passes, since a neuron's out-weights are the next layer's in-weights.
        for (int pass = 0; pass < 4; pass++)
            for (int l = 1; l < net.Depth; l++)
                for (int j = 0; j < net.Widths[l]; j++)
                {
                    double inSq = 0, outSq = 0;
                    for (int c = 0; c < net.Widths[l - 1]; c++) inSq += s[net.Index(l, j, c)] * s[net.Index(l, j, c)];
                    for (int q = 0; q < net.Widths[l + 1]; q++) outSq += s[net.Index(l + 1, q, j)] * s[net.Index(l + 1, q, j)];
                    if (inSq == 0 || outSq == 0) continue;
                    double a = Math.Pow(outSq / inSq, 0.25);
                    for (int c = 0; c < net.Widths[l - 1]; c++) s[net.Index(l, j, c)] *= a;
                    for (int q = 0; q < net.Widths[l + 1]; q++) s[net.Index(l + 1, q, j)] /= a;
                }
        SphereAscent.Normalise(s);
        return s;
    }

    /// <summary>Zeroes hidden neurons whose in- or out-weights are below <paramref name="tolerance"/> times the largest
    /// weight (both sides: a dormant neuron's kinks are inessential and its weights must vanish at a KKT point with N ≠ 0).
    /// With <paramref name="cascade"/> a neuron cut off by an earlier one counts as dormant too (its in-weights are read
    /// after the snap); without it every neuron is judged on the weights given.</summary>
    internal static double[] SnapDormant(Network net, double[] w, double tolerance, bool cascade = true)
    {
        var s = (double[])w.Clone();
        var read = cascade ? s : w;
        double max = w.Max(Math.Abs);
        for (int l = 1; l < net.Depth; l++)
            for (int r = 0; r < net.Widths[l]; r++)
            {
                double inMax = 0, outMax = 0;
                for (int c = 0; c < net.Widths[l - 1]; c++) inMax = Math.Max(inMax, Math.Abs(read[net.Index(l, r, c)]));
                for (int q = 0; q < net.Widths[l + 1]; q++) outMax = Math.Max(outMax, Math.Abs(read[net.Index(l + 1, q, r)]));
                if (inMax >= tolerance * max && outMax >= tolerance * max) continue;
                for (int c = 0; c < net.Widths[l - 1]; c++) s[net.Index(l, r, c)] = 0;
                for (int q = 0; q < net.Widths[l + 1]; q++) s[net.Index(l + 1, q, r)] = 0;
            }
        return s;
    }
}
