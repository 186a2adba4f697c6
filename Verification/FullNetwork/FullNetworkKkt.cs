using Checker.Numeric;
using Checker.Verification.Contracts;
using System.Collections.Concurrent;
using System.Diagnostics;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>Options of the full-network KKT search: how many seeded starts, the seed, the budget.</summary>
public sealed record FullNetworkKktOptions
{
    public int Starts { get; init; } = 24;
    public int Seed { get; init; } = 1;
    public double TimeoutSeconds { get; init; } = 60;
    public int MaxIterations { get; init; } = 4000;
    public int? Parallelism { get; init; }
    /// <summary>SMT backend (--solver) for the reduced enumerations that certify stalled p = 1 candidates.</summary>
    public string Solver { get; init; } = Solvers.SolverFactory.Default;
    /// <summary>For nets with kinks (p = 1, a₊ ≠ a₋): continue every smooth ascent that stalled with the nonsmooth
    /// <see cref="GradientSamplingAscent"/>, so candidates land next to the kink faces their KKT points sit on (issue 12
    /// item 1). Off only to measure today's smooth ascent against it (bench).</summary>
    public bool NonsmoothRefinement { get; init; } = true;
}

/// <summary>
/// One KKT point, or one family of them (p = 1: the continuum of docs/theory.md#boundary-cases), found from <see cref="Starts"/> starts.
/// Certified points carry an exact <see cref="Certificate"/> and its <see cref="Classification"/>; uncertified ones the
/// <see cref="Reason"/>. <see cref="Cosine"/> compares the certified point with the numeric candidate it came from.
/// </summary>
public sealed record FullNetworkKktPoint(
    string Key,
    bool Certified,
    KktCertificate? Certificate,
    KktClassification? Classification,
    string Method,
    string? Reason,
    int Starts,
    double NumericNcf,
    double Residual,
    double? Cosine,
    string? Family,
    double[] Numeric,
    KktEnclosure? Enclosure = null);

public sealed record FullNetworkKktResult(IReadOnlyList<FullNetworkKktPoint> Points, int Starts, int Seed, bool TimedOut, double Seconds)
{
    public int CertifiedCount => Points.Count(p => p.Certified);
    /// <summary>Distinct numeric candidates (ends of the ascents grouped numerically, p = 1 families counted once; before
    /// exact merging) and how many of them were certified.</summary>
    public int Candidates { get; init; }
    public int CertifiedCandidates { get; init; }
}

/// <summary>
/// Full-network KKT points (issue 5, `checker kkt INSTANCE`): sphere ascents from many seeded starts in parallel,
/// candidates de-duplicated up to permutations of hidden neurons (and, for p = 1, grouped into the families of
/// docs/theory.md#kkt-points), each certified exactly by <see cref="KktCertifier"/> and classified by <see cref="KktClassification"/>.
/// The list is what the starts found, not a proof that there are no other KKT points.
/// </summary>
public static class FullNetworkKkt
{
    public static FullNetworkKktResult Find(Instance instance, FullNetworkKktOptions options, IProgress<CheckProgress>? progress = null, CancellationToken ct = default)
    {
        var sw = Stopwatch.StartNew();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(TimeSpan.FromSeconds(Math.Max(0.1, options.TimeoutSeconds)));
        var model = NcfModel.Compile(instance);
        var candidates = new ConcurrentBag<KktCandidate>();
        int done = 0;
        bool timedOut = false;
        var po = new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism ?? Environment.ProcessorCount };
        bool refine = options.NonsmoothRefinement && instance.Network.Activation.HasKink;
        try
        {
            Parallel.For(0, options.Starts, po, s =>
            {
                if (budget.IsCancellationRequested) return;
                int seed = unchecked(options.Seed * 7919 + s);
                var start = SphereAscent.RandomDirection(model.WeightCount, seed);
                try
                {
                    var c = SphereAscent.Run(model, start, seed, options.MaxIterations, ct: budget.Token);
                    // A stalled smooth ascent on a kinked net is next to a kink face, not a KKT point: slide onto it.
                    if (refine && !c.Converged) c = GradientSamplingAscent.Run(model, c.Point, seed, ct: budget.Token);
                    candidates.Add(c);
                }
                catch (OperationCanceledException) { }
                progress?.Report(new CheckProgress("sphere ascents", Interlocked.Increment(ref done), options.Starts));
            });
        }
        catch (OperationCanceledException) { }
        if (budget.IsCancellationRequested) { ct.ThrowIfCancellationRequested(); timedOut = true; }

        // Numeric de-duplication first (canonical neuron order, then distance), so each distinct end is certified once.
        var groups = new List<(KktCandidate Best, List<KktCandidate> Members, double[] Canonical)>();
        foreach (var c in candidates.OrderByDescending(c => c.Ncf).ThenBy(c => c.StartSeed))
        {
            var canon = CanonicalNumeric(instance.Network, c.Point);
            var g = groups.FirstOrDefault(g => Distance(g.Canonical, canon) < 1e-4);
            if (g.Members is null) groups.Add((c, [c], canon)); else g.Members.Add(c);
        }

        // p = 1: one KKT point is a continuum (positive rescalings of hidden neurons, docs/theory.md#kkt-points), so ends
        // with the same value and the same layer-1 row directions are one family; certify its members in turn until one
        // certifies (the Clarke decision is cheap on some members' faces and expensive on others'), not each of them.
        var families = FamiliesOf(instance, groups.Select(g => (g.Best, g.Members.Count)).ToList());
        var outcomes = new (CertificationOutcome Outcome, KktCandidate Best, int Count)[families.Count];
        int certDone = 0;
        try
        {
            Parallel.For(0, families.Count, po, k =>
            {
                var members = families[k];
                int count = members.Sum(m => m.Count);
                CertificationOutcome? o = null;
                KktCandidate best = members[0].Best;
                var reasons = new List<string>();
                foreach (var (member, _) in members)
                {
                    if (budget.IsCancellationRequested) { o ??= new CertificationOutcome(null, "none", "timeout before certification"); break; }
                    try { o = KktCertifier.Certify(instance, member.Point, budget.Token); }
                    catch (OperationCanceledException) { o = new CertificationOutcome(null, "exact-sweeps", "timeout during certification"); }
                    if (o.Certified) { best = member; break; }
                    if (o.Reason is { } why) reasons.Add(why);
                }
                if (o is { Certified: false } && members.Count > 1)
                    o = o with { Reason = $"none of {members.Count} member(s) of this family certified; first: {reasons.FirstOrDefault()}" };
                outcomes[k] = (o!, best, count);
                progress?.Report(new CheckProgress("exact certification", Interlocked.Increment(ref certDone), families.Count));
            });
        }
        catch (OperationCanceledException) { }
        if (budget.IsCancellationRequested && !ct.IsCancellationRequested) timedOut = true;
        ct.ThrowIfCancellationRequested();

        // p = 1: candidates that stalled near a kink are snapped to the exact reduced KKT points nearest them (issue 5
        // task 2), and every certified rank-one point is matched to its reduced KKT point (task 3).
        var matcher = ReducedMatcher.Applies(instance)
            ? new ReducedMatcher(instance, DateTime.UtcNow + TimeSpan.FromSeconds(Math.Max(0.1, options.TimeoutSeconds - sw.Elapsed.TotalSeconds)), options.Seed, options.Solver)
            : null;
        if (matcher is not null && !budget.IsCancellationRequested)
        {
            for (int k = 0; k < outcomes.Length; k++)
            {
                var (o, best, count) = outcomes[k];
                if (o is null || o.Certified || budget.IsCancellationRequested) continue;
                try
                {
                    var snapped = matcher.CertifyNear(best.Point, budget.Token, out var why);
                    outcomes[k] = (snapped ?? o with { Reason = o.Reason + "; reduced snap: " + why }, best, count);
                }
                catch (OperationCanceledException) { }
            }
        }
        ct.ThrowIfCancellationRequested();

        // Exact keys merge what the numeric grouping kept apart (p = 1 families, permuted copies).
        var points = new Dictionary<string, FullNetworkKktPoint>();
        foreach (var (o, best, count) in outcomes)
        {
            if (o is null) continue;
            FullNetworkKktPoint p;
            if (o.Certificate is { } cert)
            {
                var cls = KktClassification.Of(instance, cert);
                if (matcher is not null && !budget.IsCancellationRequested)
                {
                    try { var (text, index) = matcher.Describe(cls, budget.Token); cls = cls with { ReducedPoint = text, ReducedPointIndex = index }; }
                    catch (OperationCanceledException) { }
                }
                var (key, family) = ExactKey(instance, cert, cls);
                double cos = Vectors.Dot(cert.NormalisedDoubles(), best.Point);
                p = new FullNetworkKktPoint(key, true, cert, cls, o.Method, null, count, best.Ncf, best.Residual, cos, family, best.Point);
            }
            else if (o.Enclosure is { } enc)
            {
                var cls = EnclosureClassifier.Of(instance, enc);
                cls = cls with
                {
                    ReducedPoint = !cls.RankOne ? "not rank-one" : cls.SignDefinite == true
                        ? $"rank-one, b ≈ ({string.Join(", ", cls.ReducedDirectionDecimal ?? [])}) (the reduced problem of docs/theory.md#reduced-problem is enumerated for p = 1 only)"
                        : "rank-one, factors not proved sign-definite",
                };
                var centre = enc.NormalisedDoubles();
                double cos = Vectors.Dot(centre, best.Point);
                string key = "enclosed " + string.Join(",", CanonicalNumeric(instance.Network, centre).Select(x => Math.Round(x, 7).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
                p = new FullNetworkKktPoint(key, true, null, cls, o.Method, null, count, best.Ncf, best.Residual, cos, null, best.Point, enc);
            }
            else
            {
                string key = $"uncertified N≈{best.Ncf:G6} pattern {PatternText(instance, best.Point)}";
                p = new FullNetworkKktPoint(key, false, null, null, o.Method, o.Reason, count, best.Ncf, best.Residual, null, null, best.Point);
            }
            if (points.TryGetValue(p.Key, out var existing))
                points[p.Key] = (existing.Certified || !p.Certified ? existing : p) with { Starts = existing.Starts + p.Starts };
            else points[p.Key] = p;
        }
        var ordered = points.Values.OrderByDescending(p => p.Certified ? ValueOf(p) : p.NumericNcf).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        return new FullNetworkKktResult(ordered, options.Starts, options.Seed, timedOut, sw.Elapsed.TotalSeconds)
        {
            Candidates = outcomes.Count(o => o.Outcome is not null),
            CertifiedCandidates = outcomes.Count(o => o.Outcome is { Certified: true }),
        };
    }

    /// <summary>
    /// Numeric families of candidate groups: for p = 1, groups whose N agrees to 1e-7 (relative) and whose live layer-1
    /// rows span the same set of unit directions (to 1e-5) — the numeric form of <see cref="ExactKey"/>'s p = 1 key; the
    /// members of a family are ordered by how many kinks their ends sit on (more first: dead neurons make the Clarke
    /// decision cheap), then by N. Other powers: one group per family.
    /// </summary>
    private static List<List<(KktCandidate Best, int Count)>> FamiliesOf(Instance instance, List<(KktCandidate Best, int Count)> groups)
    {
        var net = instance.Network;
        if (net.Activation.Power != 1) return groups.Select(g => new List<(KktCandidate, int)> { g }).ToList();
        var families = new List<(double Ncf, List<double[]> Directions, List<(KktCandidate Best, int Count)> Members)>();
        foreach (var g in groups)
        {
            var dirs = LayerOneDirections(net, g.Best.Point);
            var fam = families.FirstOrDefault(f => Math.Abs(f.Ncf - g.Best.Ncf) <= 1e-7 * Math.Max(1, Math.Abs(f.Ncf)) && SameDirections(f.Directions, dirs));
            if (fam.Members is null) families.Add((g.Best.Ncf, dirs, [g])); else fam.Members.Add(g);
        }
        return families.Select(f => f.Members
            .OrderByDescending(m => KinkFaceSolver.FacePattern(instance, m.Best.Point, 1e-6).Count(x => x == 0))
            .ThenByDescending(m => m.Best.Ncf).ToList()).ToList();
    }

    /// <summary>Unit directions of the layer-1 rows of live hidden neurons (in- and out-weights above 1e-4 of the largest weight).</summary>
    private static List<double[]> LayerOneDirections(Network net, double[] w)
    {
        var snapped = KinkFaceSolver.SnapDormant(net, w, 1e-4);
        var dirs = new List<double[]>();
        for (int r = 0; r < net.Widths[1]; r++)
        {
            var row = Enumerable.Range(0, net.Widths[0]).Select(c => snapped[net.Index(1, r, c)]).ToArray();
            double norm = Math.Sqrt(row.Sum(x => x * x));
            if (norm == 0) continue;
            dirs.Add(row.Select(x => x / norm).ToArray());
        }
        return dirs;
    }

    private static bool SameDirections(List<double[]> a, List<double[]> b)
    {
        static bool Covered(List<double[]> x, List<double[]> y) => x.All(d => y.Any(e => Distance(d, e) < 1e-5));
        return Covered(a, b) && Covered(b, a);
    }

    private static double ValueOf(FullNetworkKktPoint p) => p.Enclosure is { } e ? e.Ncf.ToDouble() : double.Parse(p.Certificate!.ValueDecimal, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Exact identity of a certified point. p = 1 rank-one: (b, signs) — every unit a_l ≥ 0 gives a KKT point
    /// (docs/theory.md#c4-rank-one-sufficiency-and-converse), so all of them are one family. Other p = 1 points: the set of layer-1 row directions and the
    /// value (positive rescaling of a hidden neuron's in/out weights is a continuum too). p ≥ 2: the per-layer primitive
    /// integer form in a canonical neuron order (KKT points there are isolated up to permutations).
    /// </summary>
    private static (string Key, string? Family) ExactKey(Instance instance, KktCertificate cert, KktClassification cls)
    {
        var net = instance.Network;
        if (net.Activation.Power == 1 && cls.RankOne && cls.SignDefinite == true && cls.ReducedDirection is { } b)
        {
            string bs = "(" + string.Join(", ", b.Select(x => x.ToString())) + ")";
            string ss = string.Join(",", cls.Signs!.Select(s => s > 0 ? "+" : "-"));
            return ($"rank-one b={bs} s={ss}",
                $"continuum: W_1 = s₁L^(-1/2) a₁bᵀ, W_l = s_l L^(-1/2) a_l a_(l-1)ᵀ, W_L = s_L L^(-1/2) a_(L-1)ᵀ with b ∝ {bs}, signs ({ss}) and ANY unit a_l ≥ 0 (docs/theory.md#c4-rank-one-sufficiency-and-converse); shown: one member");
        }
        var canon = CanonicalExact(net, cert.Point);
        if (net.Activation.Power == 1)
        {
            var rows = new SortedSet<string>(StringComparer.Ordinal);
            for (int r = 0; r < net.Widths[1]; r++)
            {
                var row = Enumerable.Range(0, net.Widths[0]).Select(j => cert.Point[1, r, j]).ToArray();
                if (row.All(x => x.IsZero) || net.Depth > 1 && OutgoingZero(cert.Point, 1, r)) continue;
                rows.Add("(" + string.Join(", ", KktCertifier.Primitive(row).Select(x => x.ToString())) + ")");
            }
            return ($"layer-1 directions {{{string.Join(" ", rows)}}} N²={cert.ValueSquared}",
                "continuum: positive rescalings of hidden neurons that keep the KKT balance (p = 1); shown: one member");
        }
        return ("point " + canon, null);
    }

    private static bool OutgoingZero(WeightPoint v, int layer, int neuron)
    {
        var (rows, _) = v.Network.Shape(layer + 1);
        for (int r = 0; r < rows; r++) if (!v[layer + 1, r, neuron].IsZero) return false;
        return true;
    }

    /// <summary>Permutes hidden neurons layer by layer into the order of their (already permuted) in-weights.</summary>
    private static int[][] CanonicalOrder<T>(Network net, Func<int, int, int, T> entry, IComparer<T[]> cmp)
    {
        var orders = new int[net.Depth + 1][];
        orders[0] = Enumerable.Range(0, net.Widths[0]).ToArray();
        for (int l = 1; l <= net.Depth; l++)
        {
            var prev = orders[l - 1];
            var rows = Enumerable.Range(0, net.Widths[l]).Select(r => prev.Select(c => entry(l, r, c)).ToArray()).ToArray();
            orders[l] = Enumerable.Range(0, net.Widths[l]).OrderBy(r => rows[r], cmp).ToArray();
        }
        return orders;
    }

    internal static double[] CanonicalNumeric(Network net, double[] w)
    {
        var order = CanonicalOrder(net, (l, r, c) => Math.Round(w[net.Index(l, r, c)], 3), Comparer<double[]>.Create(Lex));
        var outp = new List<double>();
        for (int l = 1; l <= net.Depth; l++)
            foreach (var r in order[l]) foreach (var c in order[l - 1]) outp.Add(w[net.Index(l, r, c)]);
        return outp.ToArray();
    }

    private static string CanonicalExact(Network net, WeightPoint v)
    {
        var prim = new Rational[net.WeightCount];
        for (int l = 1; l <= net.Depth; l++)
        {
            var (r, c) = net.Shape(l);
            var layer = KktCertifier.Primitive(v.Flat.AsSpan(net.Offset(l), r * c).ToArray());
            Array.Copy(layer, 0, prim, net.Offset(l), r * c);
        }
        var order = CanonicalOrder(net, (l, r, c) => prim[net.Index(l, r, c)], Comparer<Rational[]>.Create(Lex));
        return string.Join(" | ", Enumerable.Range(1, net.Depth).Select(l =>
            string.Join("; ", order[l].Select(r => string.Join(",", order[l - 1].Select(c => prim[net.Index(l, r, c)].ToString()))))));
    }

    private static int Lex<T>(T[]? a, T[]? b) where T : IComparable<T>
    {
        for (int i = 0; i < Math.Min(a!.Length, b!.Length); i++)
        {
            int c = a[i].CompareTo(b[i]);
            if (c != 0) return c;
        }
        return a.Length.CompareTo(b.Length);
    }

    private static double Distance(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.Sqrt(s);
    }

    private static string PatternText(Instance instance, double[] w)
    {
        var signs = KktCertifier.NumericPattern(instance, w);
        return string.Concat(signs.Select(s => s > 0 ? '+' : s < 0 ? '-' : '0'));
    }
}
