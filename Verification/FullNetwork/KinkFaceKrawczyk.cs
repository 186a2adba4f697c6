using System.Numerics;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>
/// Interval proofs of algebraic Clarke KKT points on a kink face (p = 1, a₊ ≠ a₋; docs/theory.md#kkt-points, "points on
/// kinks"; issue 12 item 2). <see cref="KinkFaceSolver"/> lands rational KKT points on their face; the KKT points of most
/// faces are algebraic, where its exact sweeps never settle. Here, with the face fixed (kink set K: pre-activations that
/// are 0; every other pre-activation keeps its sign) and one slope unknown c_k per kink (σ(z_k) = c_k·z_k on the face,
/// so everything is polynomial), the square system
/// <c>F(w_S, c, λ) = (∇_S N(w, c) − λ w_S, z_K(w), ‖w‖² − 1)</c>
/// is Newton-polished and handed to the <see cref="KrawczykTest"/>. A unique zero in the box is a Clarke KKT point when,
/// over the whole box (interval arithmetic, outward rounding):
/// <list type="number">
/// <item>every slope lies in [min(a₊, a₋), max(a₊, a₋)]: on the face ∇N is multilinear in the slopes (σ(z_k) = 0 there),
/// so ∇N(w, c) is the convex combination Σ_P π_P(c) g_P of the pattern gradients with product weights π_P ≥ 0;</item>
/// <item>every other pre-activation has its face's sign, and the off-support gradient is identically 0;</item>
/// <item>every kink pattern P is adjacent: for each P the gradients ∇z_k (with P's slopes at earlier kinks of the same
/// sample) have full row rank over the box (a preconditioned K×K minor with ‖I − B·A‖∞ &lt; 1), so some direction d has
/// sign(∇z_k·d) = P_k, the region of P touches the point and g_P(w) ∈ ∂N(w).</item>
/// </list>
/// Then λw = Σ π_P g_P ∈ conv{g_P : P adjacent} ⊆ ∂N(w): a Clarke KKT point, N = λ/Λ. The result is a
/// <see cref="KktEnclosure"/> whose proof text names the face and the slope enclosures.
/// </summary>
public static class KinkFaceKrawczyk
{
    private static readonly double[] FaceTolerances = [1e-7, 1e-5, 1e-3];
    private static readonly double[] SupportThresholds = [1e-7, 1e-4];
    private static readonly int[] RadiusExponents = [100, 70, 40];
    private const int MaxKinks = 8;

    public static EnclosureOutcome Certify(Instance instance, double[] candidate, CancellationToken ct = default)
    {
        if (!KinkFaceSolver.Applies(instance)) return new EnclosureOutcome(null, "face-krawczyk", "applies to p = 1 nets with a kink and L ≥ 2 only");
        double max = candidate.Max(Math.Abs);
        if (max == 0) return new EnclosureOutcome(null, "face-krawczyk", "the candidate is 0");
        string last = "no face with a kink";
        var tried = new HashSet<string>();
        foreach (var thr in SupportThresholds)
        foreach (var tol in FaceTolerances)
        {
            ct.ThrowIfCancellationRequested();
            var snapped = KinkFaceSolver.SnapDormant(instance.Network, candidate, Math.Max(thr, 1e-4));
            var support = Enumerable.Range(0, snapped.Length).Where(k => Math.Abs(snapped[k]) > thr * max).ToArray();
            var signs = KinkFaceSolver.FacePattern(instance, snapped, tol);
            var system = new FaceSystem(instance, support, signs);
            if (system.Kinks.Length == 0) continue;
            if (!tried.Add(string.Join(",", support) + "|" + string.Concat(signs.Select(s => (char)('1' + s))))) continue;
            if (system.Kinks.Length > MaxKinks) { last = $"face with {system.Kinks.Length} kinks (more than {MaxKinks})"; continue; }
            var outcome = OnFace(system, snapped, ct);
            if (outcome.Enclosure is not null) return outcome;
            last = $"face with {system.Kinks.Length} kink(s) (tolerance {tol:G2}), support {support.Length}/{candidate.Length}: {outcome.Reason}";
        }
        return new EnclosureOutcome(null, "face-krawczyk", last);
    }

    private static EnclosureOutcome OnFace(FaceSystem system, double[] candidate, CancellationToken ct)
    {
        var instance = system.Instance;
        var net = instance.Network;
        var act = net.Activation;
        int m = system.Dimension, s = system.Support.Length, kc = system.Kinks.Length;
        var (lower, upper) = (Rational.Min(act.Pos, act.Neg), Rational.Max(act.Pos, act.Neg));
        // 1. Newton polish in doubles from the normalised candidate, slopes mid-interval, λ = ΛN.
        var x = new double[m];
        double norm = Math.Sqrt(system.Support.Sum(k => candidate[k] * candidate[k]));
        for (int j = 0; j < s; j++) x[j] = candidate[system.Support[j]] / norm;
        for (int q = 0; q < kc; q++) x[s + q] = (lower.ToDouble() + upper.ToDouble()) / 2;
        x[^1] = (double)net.Degree * system.Evaluate(x.Select(v => new Real(v)).ToArray()).Ncf.Value;
        double[,]? Y = null;
        double resid = double.PositiveInfinity;
        for (int it = 0; it < 40; it++)
        {
            var (f, J, _, _) = system.EvaluateWithJacobian(x.Select(v => new Real(v)).ToArray());
            var jd = new double[m, m];
            for (int r = 0; r < m; r++) for (int c = 0; c < m; c++) jd[r, c] = J[r, c].Value;
            Y = DenseDouble.Inverse(jd, out var ratio);
            resid = f.Max(v => Math.Abs(v.Value));
            if (Y is null) return new EnclosureOutcome(null, "face-krawczyk", $"the Jacobian of the face's KKT system is numerically singular (pivot ratio {ratio:G2}): a continuum of KKT points, an inessential kink or a symmetry the support does not remove");
            if (resid < 1e-14) break;
            var step = DenseDouble.Multiply(Y, f.Select(v => v.Value).ToArray());
            for (int k = 0; k < m; k++) x[k] -= step[k];
            if (x.Any(v => !double.IsFinite(v))) return new EnclosureOutcome(null, "face-krawczyk", "Newton's method on the face diverged");
        }
        if (resid > 1e-10) return new EnclosureOutcome(null, "face-krawczyk", $"Newton's method on the face did not converge (residual {resid:G2})");
        double cos = 0;
        for (int j = 0; j < s; j++) cos += x[j] * candidate[system.Support[j]];
        cos /= Math.Sqrt(candidate.Sum(v => v * v));
        if (cos < 0.99) return new EnclosureOutcome(null, "face-krawczyk", $"Newton's method moved to another point (cosine {cos:F4} to the candidate)");
        var slopesD = x.Skip(s).Take(kc).ToArray();
        if (slopesD.Any(c => c < lower.ToDouble() - 1e-9 || c > upper.ToDouble() + 1e-9))
            return new EnclosureOutcome(null, "face-krawczyk", $"the face's KKT point needs slopes {string.Join(", ", slopesD.Select(c => c.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))} outside [{lower}, {upper}] (not a Clarke KKT point of this face)");
        // 2. Refine the centre in interval arithmetic (any centre is sound; this only makes the box small).
        var c0 = KrawczykTest.RefineCentre(v => system.Evaluate(v).F, Y!, x.Select(Interval.PointFromDouble).ToArray(), v => v, 4, ct);
        // 3. Krawczyk on growing boxes, then the three conditions of the type's summary on the tightened box.
        string last = "";
        foreach (var e in RadiusExponents)
        {
            ct.ThrowIfCancellationRequested();
            var radius = BigInteger.One << (Interval.Bits - e);
            var res = KrawczykTest.Run(v => system.Evaluate(v).F, box => system.EvaluateWithJacobian(box).J, c0, radius, Y);
            if (res.Verdict == KrawczykVerdict.NoZero) return new EnclosureOutcome(null, "face-krawczyk", "the Krawczyk test proved there is no zero of the face system near the polished candidate");
            if (res.Verdict != KrawczykVerdict.UniqueZero) { last = res.Detail; continue; }
            var box = KrawczykTest.Tightened(res);
            var (_, off, ncf, z) = system.Evaluate(box);
            if (off.Any(g => !g.IsZero)) return new EnclosureOutcome(null, "face-krawczyk", "an off-support gradient component is not identically 0 on the box (a weight fixed to 0 should be free)");
            for (int q = 0; q < kc; q++)
            {
                var c = box[s + q];
                if (c.Lo < lower || c.Hi > upper)
                    return new EnclosureOutcome(null, "face-krawczyk", $"the slope at kink {system.KinkName(q)} is enclosed in {c}, not inside [{lower}, {upper}]");
            }
            for (int k = 0; k < system.Signs.Length; k++)
            {
                if (system.Signs[k] == 0) continue;
                if (z[k].DefiniteSign != system.Signs[k]) return new EnclosureOutcome(null, "face-krawczyk", "a pre-activation off the kinks does not keep its face's sign on the box");
            }
            var adjacency = system.AllPatternsAdjacent(box);
            if (adjacency is not null) return new EnclosureOutcome(null, "face-krawczyk", adjacency);
            var weights = system.Weights(box);
            var lambda = box[^1];
            var ncfBox = IntervalKktCertifier.Intersect(ncf, lambda / Interval.FromRational(new Rational(net.Degree)));
            var layerNorms = IntervalKktCertifier.LayerNormsSquared(net, weights);
            var (pattern, straddling) = IntervalKktCertifier.PatternOver(instance, weights);
            var slopes = string.Join(", ", Enumerable.Range(0, kc).Select(q => $"{system.KinkName(q)} ∈ {box[s + q]}"));
            var proof = $"Krawczyk test on the kink face ({kc} kink(s), slopes as unknowns) on a box of radius 2^-{e} around a 256-bit centre: {res.Detail}; slopes {slopes}, all in [{lower}, {upper}]; every kink pattern adjacent (kink gradients of full rank on the box); support {s}/{net.WeightCount} weights, off-support gradient identically 0 on the box";
            return new EnclosureOutcome(new KktEnclosure(net, system.Support, weights, lambda, ncfBox, layerNorms, new Rational(BigInteger.One, BigInteger.One << e),
                pattern, straddling, Enumerable.Range(0, net.Depth + 1).Select(_ => Array.Empty<int[]>()).ToArray(), proof), "face-krawczyk", null);
        }
        return new EnclosureOutcome(null, "face-krawczyk", "the Krawczyk test was inconclusive on every box: " + last);
    }

    /// <summary>The face's KKT system (see the type's summary): unknowns (w_S, c_K, λ); pattern indices as
    /// <see cref="KinkFaceSolver.PatternIndex"/>. Kinks of neurons whose in-weights are all off the support are identically
    /// 0 and get no unknown (their slope multiplies an off-support gradient only, which must vanish).</summary>
    private sealed class FaceSystem
    {
        public Instance Instance { get; }
        public int[] Support { get; }
        public sbyte[] Signs { get; }
        /// <summary>Pattern indices of the kinks that carry a slope unknown.</summary>
        public int[] Kinks { get; }
        private readonly (int Layer, int Neuron, int Sample)[] _where;
        private readonly Dictionary<int, int> _kinkOf = new();
        private readonly bool[] _on;

        public FaceSystem(Instance instance, int[] support, sbyte[] signs)
        {
            Instance = instance;
            Support = support;
            Signs = signs;
            var net = instance.Network;
            int n = instance.SampleCount;
            _on = new bool[net.WeightCount];
            foreach (var k in support) _on[k] = true;
            var kinks = new List<int>();
            var where = new List<(int, int, int)>();
            for (int l = 1; l < net.Depth; l++)
                for (int j = 0; j < net.Widths[l]; j++)
                {
                    bool live = Enumerable.Range(0, net.Widths[l - 1]).Any(c => _on[net.Index(l, j, c)]);
                    for (int i = 0; i < n; i++)
                    {
                        int p = KinkFaceSolver.PatternIndex(net, n, l, j, i);
                        if (signs[p] != 0 || !live || instance.Inputs[i].All(v => v.IsZero)) continue;
                        _kinkOf[p] = kinks.Count;
                        kinks.Add(p);
                        where.Add((l, j, i));
                    }
                }
            Kinks = kinks.ToArray();
            _where = where.ToArray();
        }

        public int Dimension => Support.Length + Kinks.Length + 1;

        public string KinkName(int q) => $"z[{_where[q].Layer},{_where[q].Neuron + 1}](x_{_where[q].Sample + 1})";

        public T[] Weights<T>(T[] x) where T : IKktScalar<T>
        {
            var w = new T[Instance.Network.WeightCount];
            for (int k = 0; k < w.Length; k++) w[k] = T.Zero;
            for (int j = 0; j < Support.Length; j++) w[Support[j]] = x[j];
            return w;
        }

        /// <summary>F, the off-support gradient, N and every hidden pre-activation (pattern index order).</summary>
        public (T[] F, T[] Off, T Ncf, T[] Z) Evaluate<T>(T[] x) where T : IKktScalar<T>
        {
            var slopes = Enumerable.Range(0, Kinks.Length).Select(q => x[Support.Length + q]).ToArray();
            var (g, ncf, z) = Gradient(Weights(x), slopes);
            int s = Support.Length;
            var f = new T[Dimension];
            var lambda = x[^1];
            var norm = T.Zero;
            for (int j = 0; j < s; j++)
            {
                f[j] = g[Support[j]] - lambda * x[j];
                norm = norm + x[j] * x[j];
            }
            for (int q = 0; q < Kinks.Length; q++) f[s + q] = z[Kinks[q]];
            f[^1] = norm - T.FromRational(Rational.One);
            var off = Enumerable.Range(0, g.Length).Where(k => !_on[k]).Select(k => g[k]).ToArray();
            return (f, off, ncf, z);
        }

        public (T[] F, T[,] J, T[] Off, T Ncf) EvaluateWithJacobian<T>(T[] x) where T : IKktScalar<T>
        {
            int m = Dimension;
            var dx = new Dual<T>[m];
            for (int k = 0; k < m; k++) dx[k] = Dual<T>.Variable(x[k], k, m);
            var (f, off, ncf, _) = Evaluate(dx);
            var J = new T[m, m];
            for (int r = 0; r < m; r++) for (int c = 0; c < m; c++) J[r, c] = f[r].Partial(c);
            return (f.Select(v => v.Value).ToArray(), J, off.Select(v => v.Value).ToArray(), ncf.Value);
        }

        /// <summary>N, ∇N and the hidden pre-activations on the face: slope c_k at a kink with an unknown (σ(z) = c_k·z),
        /// the face sign's slope elsewhere (a₊ at a kink without one: its z is identically 0).</summary>
        private (T[] Grad, T Ncf, T[] Z) Gradient<T>(T[] w, T[] slopes) where T : IKktScalar<T>
        {
            var net = Instance.Network;
            var act = net.Activation;
            int L = net.Depth, n = Instance.SampleCount;
            var grad = new T[net.WeightCount];
            for (int k = 0; k < grad.Length; k++) grad[k] = T.Zero;
            var zAll = new T[net.HiddenNeurons * n];
            var ncf = T.Zero;
            for (int i = 0; i < n; i++)
            {
                var acts = new T[L][];
                var slope = new T[L][];
                acts[0] = Instance.Inputs[i].Select(T.FromRational).ToArray();
                for (int l = 1; l < L; l++)
                {
                    var (rows, cols) = net.Shape(l);
                    acts[l] = new T[rows];
                    slope[l] = new T[rows];
                    for (int r = 0; r < rows; r++)
                    {
                        var z = T.Zero;
                        for (int c = 0; c < cols; c++) if (_on[net.Index(l, r, c)]) z = z + w[net.Index(l, r, c)] * acts[l - 1][c];
                        int p = KinkFaceSolver.PatternIndex(net, n, l, r, i);
                        zAll[p] = z;
                        slope[l][r] = _kinkOf.TryGetValue(p, out var q) ? slopes[q] : T.FromRational(Signs[p] < 0 ? act.Neg : act.Pos);
                        acts[l][r] = slope[l][r] * z;
                    }
                }
                var y = T.FromRational(Instance.Labels[i]);
                var top = T.Zero;
                for (int c = 0; c < net.Widths[L - 1]; c++) top = top + w[net.Index(L, 0, c)] * acts[L - 1][c];
                ncf = ncf + y * top;
                var delta = new[] { y };
                for (int l = L; l >= 1; l--)
                {
                    var (rows, cols) = net.Shape(l);
                    for (int r = 0; r < rows; r++)
                        for (int c = 0; c < cols; c++) grad[net.Index(l, r, c)] = grad[net.Index(l, r, c)] + delta[r] * acts[l - 1][c];
                    if (l == 1) break;
                    var back = new T[cols];
                    for (int c = 0; c < cols; c++)
                    {
                        var acc = T.Zero;
                        for (int r = 0; r < rows; r++) if (_on[net.Index(l, r, c)]) acc = acc + w[net.Index(l, r, c)] * delta[r];
                        back[c] = acc * slope[l - 1][c];
                    }
                    delta = back;
                }
            }
            return (grad, ncf, zAll);
        }

        /// <summary>Null when every kink pattern is proved adjacent on the box (see the type's summary), else the reason.</summary>
        public string? AllPatternsAdjacent(Interval[] box)
        {
            var net = Instance.Network;
            int s = Support.Length, kc = Kinks.Length;
            foreach (var pattern in Enumerable.Range(0, 1 << kc))
            {
                // Kink gradients with the pattern's one-sided slopes at the other kinks: d z_k / d w_S over the box.
                var x = (Interval[])box.Clone();
                for (int q = 0; q < kc; q++) x[s + q] = Interval.FromRational((pattern >> q & 1) == 0 ? net.Activation.Pos : net.Activation.Neg);
                var (_, J, _, _) = EvaluateWithJacobian(x);
                var rows = Enumerable.Range(0, kc).Select(q => Enumerable.Range(0, s).Select(c => J[s + q, c]).ToArray()).ToArray();
                if (!FullRowRank(rows)) return $"kink pattern {Convert.ToString(pattern, 2).PadLeft(kc, '0')} not proved adjacent: the kink gradients are not of full rank on the box (degenerate kinks; the Clarke engine must decide)";
            }
            return null;
        }

        /// <summary>A K×K minor of the interval matrix is nonsingular for every member: columns chosen by pivoting the
        /// midpoint, B its double inverse, ‖I − B·A‖∞ &lt; 1 proved in intervals.</summary>
        private static bool FullRowRank(Interval[][] rows)
        {
            int k = rows.Length, cols = rows[0].Length;
            if (k > cols) return false;
            var mid = rows.Select(r => r.Select(v => v.ToDouble()).ToArray()).ToArray();
            var chosen = new List<int>();
            var work = mid.Select(r => (double[])r.Clone()).ToArray();
            for (int r = 0; r < k; r++)
            {
                int best = -1;
                double bestAbs = 0;
                for (int c = 0; c < cols; c++) if (!chosen.Contains(c) && Math.Abs(work[r][c]) > bestAbs) (best, bestAbs) = (c, Math.Abs(work[r][c]));
                if (best < 0 || bestAbs < 1e-12) return false;
                chosen.Add(best);
                for (int r2 = r + 1; r2 < k; r2++)
                {
                    double f = work[r2][best] / work[r][best];
                    for (int c = 0; c < cols; c++) work[r2][c] -= f * work[r][c];
                }
            }
            var a = new double[k, k];
            for (int r = 0; r < k; r++) for (int c = 0; c < k; c++) a[r, c] = mid[r][chosen[c]];
            var b = DenseDouble.Inverse(a, out _);
            if (b is null) return false;
            var one = Interval.One.LoScaled;
            for (int r = 0; r < k; r++)
            {
                var rowSum = BigInteger.Zero;
                for (int c = 0; c < k; c++)
                {
                    var acc = Interval.Zero;
                    for (int t = 0; t < k; t++) acc += Interval.PointFromDouble(b[r, t]) * rows[t][chosen[c]];
                    var e = (r == c ? Interval.One : Interval.Zero) - acc;
                    rowSum += BigInteger.Max(BigInteger.Abs(e.LoScaled), BigInteger.Abs(e.HiScaled));
                }
                if (rowSum >= one) return false;
            }
            return true;
        }
    }
}
