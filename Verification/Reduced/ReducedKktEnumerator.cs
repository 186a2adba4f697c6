using Checker.Verification.Contracts;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;
using Checker.Verification.Exact;
using Checker.Verification.Solvers;

namespace Checker.Verification.Reduced;

/// <summary>
/// Enumerates every KKT point of a reduced problem (docs/theory.md#reduced-problem), kinks included, and proves the list complete.
/// For each sign ε of the value (+, −, 0) the solver is asked for a KKT point whose pattern is none of those found
/// (<see cref="ReducedEncoding"/>); each SAT model is re-checked exactly, turned into its pattern, and the pattern's
/// exact point (or continuum) is computed in C#; the loop ends with UNSAT — the completeness certificate. Within one
/// pattern the valid slope choices form a convex set, so a pattern carries either one KKT point or a continuum; which,
/// is decided exactly (linear algebra, and a solver query when a kink leaves room).
/// </summary>
public static class ReducedKktEnumerator
{
    public static ReducedKktResult Enumerate(ReducedProblem problem, ReducedKktOptions options, IProgress<CheckProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var degeneracies = Degeneracies(problem);
        var points = new List<ReducedKktPoint>();
        var families = new List<ReducedKktFamily>();
        int d = problem.Dimension;
        if (IdenticallyZero(problem))
        {
            families.Add(new ReducedKktFamily(new string('*', problem.SampleCount), d - 1, 0,
                "f ≡ 0 on the whole sphere (every unit b is a KKT point with value 0)", UnitVector(d)));
            return new ReducedKktResult(problem, points, families, true, "continuum: f is identically 0, every direction is a KKT point", options.Solver.Name, 0, degeneracies, sw.Elapsed);
        }
        var encoding = new ReducedEncoding(problem);
        int queries = 0;
        string reason = "";
        bool complete = true;
        foreach (int eps in new[] { 1, -1, 0 })
        {
            var header = encoding.Header(eps);
            var blocks = new List<SmtCommand>();
            var blocked = new HashSet<string>(StringComparer.Ordinal);
            var vars = encoding.Variables(eps);
            if (options.Seed && eps != 0)
                foreach (var seeded in FixedPointSeeds(problem, eps, options.RandomSeed).Concat(FaceSampler.Sample(problem, eps, options.RandomSeed, deadline: options.Deadline)))
                {
                    if (points.Any(p => p.Pattern == seeded.Pattern)) continue;
                    points.Add(seeded);
                    blocks.Add(encoding.Block(seeded.Pattern));
                    blocked.Add(seeded.Pattern);
                }
            while (true)
            {
                progress?.Report(new CheckProgress($"s=({problem.SignsText}) value sign {Sign(eps)}: points {points.Count}", points.Count, -1));
                if (cancellationToken.IsCancellationRequested) { complete = false; reason = "cancelled"; break; }
                if (options.Deadline is { } dl && DateTime.UtcNow > dl) { complete = false; reason = "overall time limit reached before the completeness proof"; break; }
                var query = new SmtQuery($"reduced-{Tag(problem)}-{Sign(eps)}-{queries}", new SmtScript(header).Add(blocks), vars);
                var remaining = options.Deadline is { } dl2 ? dl2 - DateTime.UtcNow : options.QueryLimit;
                var limit = remaining < options.QueryLimit ? (remaining > TimeSpan.FromMilliseconds(100) ? remaining : TimeSpan.FromMilliseconds(100)) : options.QueryLimit;
                var answer = options.Solver.Solve(query, limit, cancellationToken);
                queries++;
                if (answer.Status == SmtStatus.Unsat) break;
                if (answer.Status == SmtStatus.Unknown) { complete = false; reason = $"solver could not decide (value sign {Sign(eps)}): {answer.Reason}"; break; }
                if (answer.NonRational is { Count: > 0 }) { complete = false; reason = "solver model has non-rational values: " + string.Join(", ", answer.NonRational); break; }
                if (!ExactModelChecker.Check(query.Script, answer.Model!, out var why)) { complete = false; reason = $"solver model failed the exact re-check ({answer.Solver}): {why}"; break; }
                var sigma = Enumerable.Range(0, problem.SampleCount).Select(i => answer.Model![ReducedEncoding.Sigma(i)]).ToArray();
                Rational[] b = eps == 0
                    ? Enumerable.Range(0, d).Select(j => answer.Model![ReducedEncoding.B(j)]).ToArray()
                    : problem.Gradient(sigma).Select(v => eps * v).ToArray();
                var pattern = problem.PatternOf(b);
                // t_i = x_iᵀb, and the model satisfies (exact re-check) the clauses excluding each blocked sign vector of t,
                // so b cannot have a blocked pattern. If it does, the encoding and PatternOf disagree (as when the sign ε is
                // lost from t), and the solver would return the same model forever: stop, incomplete.
                if (blocked.Contains(pattern)) { complete = false; reason = $"solver model has the pattern {pattern} that was already excluded (value sign {Sign(eps)}): the encoding and the exact pattern disagree"; break; }
                if (!SlopesConsistent(problem, pattern, sigma)) { complete = false; reason = "solver model's slopes do not match its own pattern (exact re-check)"; break; }
                var kind = eps == 0 ? ClassifyZero(problem, pattern, b, sigma) : Classify(problem, encoding, eps, pattern, sigma, options, ref queries, cancellationToken);
                if (kind.Point is { } pt) { points.Add(pt); if (kind.Twin is { } twin) points.Add(twin); }
                else if (kind.Family is { } fam) families.Add(fam);
                else { complete = false; reason = kind.Reason; break; }
                blocks.Add(encoding.Block(pattern));
                blocked.Add(pattern);
                if (points.Count > options.MaxPoints) { complete = false; reason = $"more than {options.MaxPoints} KKT points; stopped"; break; }
                if (families.Count > options.MaxFamilies) { complete = false; reason = $"more than {options.MaxFamilies} continua; stopped"; break; }
            }
            if (!complete) break;
        }
        if (complete && families.Count > 0) reason = $"continuum: {families.Count} famil{(families.Count == 1 ? "y" : "ies")} of KKT points (degenerate data); the points and families listed are all there are";
        var ordered = points.OrderByDescending(p => p.ValueSign).ThenByDescending(p => p.ValueSign * p.ValueSquared).ThenBy(p => p.Pattern, StringComparer.Ordinal).ToList();
        return new ReducedKktResult(problem, ordered, families, complete, reason, options.Solver.Name, queries, degeneracies, sw.Elapsed);
    }

    private static string Sign(int eps) => eps > 0 ? "pos" : eps < 0 ? "neg" : "zero";
    private static string Tag(ReducedProblem p) => string.Concat(p.Signs.Select(s => s > 0 ? 'p' : 'm'));

    private static Rational[] UnitVector(int d) { var v = Enumerable.Repeat(Rational.Zero, d).ToArray(); v[0] = Rational.One; return v; }

    /// <summary>f ≡ 0: both slopes 0, every label 0, or a linear φ (c₊ = c₋) with Xy = 0.</summary>
    public static bool IdenticallyZero(ReducedProblem p)
    {
        if (p.SlopePos.IsZero && p.SlopeNeg.IsZero) return true;
        if (p.Y.All(y => y.IsZero)) return true;
        if (p.Instance.SampleCount == Enumerable.Range(0, p.SampleCount).Count(p.IsZeroInput)) return true;
        return p.SlopePos == p.SlopeNeg && p.Instance.CorrelationVector().All(v => v.IsZero);
    }

    /// <summary>Degenerate features of the data, described for the user.</summary>
    public static List<string> Degeneracies(ReducedProblem p)
    {
        var list = new List<string>();
        var zero = Enumerable.Range(0, p.SampleCount).Where(p.IsZeroInput).ToList();
        if (zero.Count > 0) list.Add($"zero inputs: samples {string.Join(", ", zero.Select(i => i + 1))} (their sign is always 0)");
        for (int i = 0; i < p.SampleCount; i++)
            for (int j = i + 1; j < p.SampleCount; j++)
                if (!p.IsZeroInput(i) && !p.IsZeroInput(j) && RationalLinearAlgebra.Parallel(p.X[i], p.X[j]))
                    list.Add($"parallel inputs: samples {i + 1} and {j + 1}");
        if (p.Instance.CorrelationVector().All(v => v.IsZero)) list.Add("Xy = 0");
        if (p.Y.Any(y => y.IsZero)) list.Add("some labels are 0");
        if (IdenticallyZero(p)) list.Add("f ≡ 0 for this sign vector");
        return list;
    }

    internal static bool SlopesConsistent(ReducedProblem p, string pattern, Rational[] sigma)
    {
        for (int i = 0; i < pattern.Length; i++)
        {
            var ok = pattern[i] switch { '+' => sigma[i] == p.SlopePos, '-' => sigma[i] == p.SlopeNeg, _ => sigma[i] >= p.Low && sigma[i] <= p.High };
            if (!ok) return false;
        }
        return true;
    }

    internal readonly record struct Kind(ReducedKktPoint? Point, ReducedKktFamily? Family, string Reason, ReducedKktPoint? Twin = null);

    /// <summary>λ ≠ 0: the point of pattern P is b = εg with g = g₀ + Σ_{k∈Z} y_k σ_k x_k and x_jᵀg = 0 on the kink set Z.
    /// When the kink equations leave the slopes free in a direction that moves g, a solver query decides whether a
    /// second g exists with the same pattern (then the pattern carries a continuum).</summary>
    internal static Kind Classify(ReducedProblem p, ReducedEncoding enc, int eps, string pattern, Rational[] sigma, ReducedKktOptions options, ref int queries, CancellationToken ct)
    {
        var g = p.Gradient(sigma);
        var b = g.Select(v => eps * v).ToArray();
        var z = Enumerable.Range(0, p.SampleCount).Where(i => pattern[i] == '0' && !p.IsZeroInput(i)).ToList();
        var point = new ReducedKktPoint(pattern, b, eps, RationalLinearAlgebra.Dot(g, g), sigma);
        if (z.Count == 0) return new Kind(point, null, "");
        var a = z.Select(j => z.Select(k => p.Y[k] * RationalLinearAlgebra.Dot(p.X[j], p.X[k])).ToArray()).ToArray();
        var rhs = z.Select(_ => Rational.Zero).ToArray();
        var sol = RationalLinearAlgebra.Solve(a, rhs, z.Count)!.Value; // homogeneous: always consistent
        var moves = sol.NullSpace.Select(nv =>
        {
            var dg = Enumerable.Repeat(Rational.Zero, p.Dimension).ToArray();
            for (int t = 0; t < z.Count; t++)
                for (int j = 0; j < p.Dimension; j++) dg[j] += p.Y[z[t]] * nv[t] * p.X[z[t]][j];
            return dg;
        }).Where(dg => dg.Any(v => !v.IsZero)).ToArray();
        if (moves.Length == 0) return new Kind(point, null, "");
        // Slopes can move g along the kink face: ask whether another g with the same pattern exists.
        var other = new SmtScript(enc.Header(eps)).Add(enc.Fix(pattern))
            .Assert(Term.Or(Enumerable.Range(0, p.Dimension).Select(j => Term.Not(Term.Eq(Term.Var(ReducedEncoding.G(j)), g[j])))));
        var q = new SmtQuery($"reduced-continuum-{Sign(eps)}-{queries}", other, enc.Variables(eps));
        var ans = options.Solver.Solve(q, options.QueryLimit, ct);
        queries++;
        if (ans.Status == SmtStatus.Unsat) return new Kind(point, null, "");
        if (ans.Status == SmtStatus.Unknown) return new Kind(null, null, "solver could not decide whether a kink pattern carries a continuum: " + ans.Reason);
        if (ans.Model is null || !ExactModelChecker.Check(q.Script, ans.Model, out var why)) return new Kind(null, null, "continuum witness failed the exact re-check");
        int dim = RationalLinearAlgebra.Rank(moves, p.Dimension);
        return new Kind(null, new ReducedKktFamily(pattern, dim, eps,
            $"continuum of KKT points with value sign {(eps > 0 ? "+" : "-")} on the kink face {pattern}: the Clarke slopes of samples {string.Join(", ", z.Select(i => i + 1))} can move g in a {dim}-dimensional set", b), "");
    }

    /// <summary>λ = 0: every b of the face with pattern P is a KKT point (the slopes depend on P only). The face is
    /// {x_jᵀb = 0, j ∈ Z} with open sign conditions, of dimension d − rank X_Z: a ray is one point, more is a continuum.</summary>
    internal static Kind ClassifyZero(ReducedProblem p, string pattern, Rational[] b, Rational[] sigma)
    {
        var z = Enumerable.Range(0, p.SampleCount).Where(i => pattern[i] == '0' && !p.IsZeroInput(i)).ToList();
        var rows = z.Select(i => p.X[i]).ToArray();
        int rank = RationalLinearAlgebra.Rank(rows, p.Dimension);
        int faceDim = p.Dimension - rank;
        if (faceDim >= 2)
            return new Kind(null, new ReducedKktFamily(pattern, faceDim - 1, 0,
                $"continuum of KKT points with value 0: the whole {faceDim}-dimensional cone with pattern {pattern} (∂f ∋ 0 there)", b), "");
        var ns = RationalLinearAlgebra.Solve(rows.Length == 0 ? [new Rational[p.Dimension]] : rows, new Rational[Math.Max(rows.Length, 1)].Select(_ => Rational.Zero).ToArray(), p.Dimension)!.Value.NullSpace;
        var dir = ns[0];
        if (RationalLinearAlgebra.Dot(dir, b).Sign < 0) dir = dir.Select(v => -v).ToArray();
        // With no strict sign in the pattern the face is the whole line: both rays are KKT points (the pattern cannot
        // tell them apart, so both are recorded before the pattern is blocked).
        if (!pattern.Any(c => c is '+' or '-'))
            return new Kind(new ReducedKktPoint(pattern, dir, 0, Rational.Zero, sigma), null, "", new ReducedKktPoint(pattern, dir.Select(v => -v).ToArray(), 0, Rational.Zero, sigma));
        return new Kind(new ReducedKktPoint(pattern, dir, 0, Rational.Zero, sigma), null, "");
    }

    /// <summary>
    /// Candidate points found without the solver: the exact iteration b ← ε g_S(b), S the pattern of b, started from every
    /// input, ±Xy and seeded random integer vectors; a pattern that maps to itself is a KKT point in an open cell. It only
    /// saves solver calls: every such point is re-derived exactly, and completeness still rests on the final UNSAT.
    /// </summary>
    public static List<ReducedKktPoint> FixedPointSeeds(ReducedProblem p, int eps, int seed)
    {
        var found = new Dictionary<string, ReducedKktPoint>();
        var rng = new Random(seed * 7919 + eps);
        int d = p.Dimension, n = p.SampleCount;
        var starts = new List<Rational[]>();
        foreach (var x in p.X) { starts.Add(x); starts.Add(x.Select(v => -v).ToArray()); }
        var v0 = p.Instance.CorrelationVector();
        starts.Add(v0); starts.Add(v0.Select(v => -v).ToArray());
        for (int r = 0; r < 4 * n + 20; r++) starts.Add(Enumerable.Range(0, d).Select(_ => (Rational)rng.Next(-1000, 1001)).ToArray());
        foreach (var start in starts)
        {
            var b = start;
            var seen = new HashSet<string>();
            for (int it = 0; it < 50; it++)
            {
                var pattern = p.PatternOf(b);
                if (pattern.Contains('0') || !seen.Add(pattern)) break;
                var sigma = pattern.Select(c => p.SlopeFor(c == '+' ? 1 : -1)).ToArray();
                var g = p.Gradient(sigma);
                if (g.All(v => v.IsZero)) break;
                var next = g.Select(v => eps * v).ToArray();
                if (p.PatternOf(next) == pattern)
                {
                    found.TryAdd(pattern, new ReducedKktPoint(pattern, next, eps, RationalLinearAlgebra.Dot(g, g), sigma));
                    break;
                }
                b = next;
            }
        }
        // Kinks on one hyperplane x_jᵀb = 0: iterate b ← ε P_j g inside the hyperplane, where P_j g = g + y_j σ_j x_j
        // removes the x_j component through the kink slope σ_j = −x_jᵀg'/(y_j‖x_j‖²); a fixed point with σ_j in the
        // Clarke interval is a KKT point on that kink.
        for (int j = 0; j < n; j++)
        {
            if (p.IsZeroInput(j) || p.Y[j].IsZero) continue;
            var xj = p.X[j];
            var xx = RationalLinearAlgebra.Dot(xj, xj);
            Rational[] Project(Rational[] v) { var c = RationalLinearAlgebra.Dot(xj, v) / xx; return v.Select((e, k) => e - c * xj[k]).ToArray(); }
            var local = new List<Rational[]> { Project(v0), Project(v0.Select(v => -v).ToArray()) };
            for (int r = 0; r < 6; r++) local.Add(Project(Enumerable.Range(0, d).Select(_ => (Rational)rng.Next(-1000, 1001)).ToArray()));
            foreach (var start in local)
            {
                var b = start;
                var seen = new HashSet<string>();
                for (int it = 0; it < 40; it++)
                {
                    var pattern = p.PatternOf(b);
                    if (pattern[j] != '0' || pattern.Count(c => c == '0') != 1 || !seen.Add(pattern)) break;
                    var sigma = pattern.Select(c => c == '0' ? Rational.Zero : p.SlopeFor(c == '+' ? 1 : -1)).ToArray();
                    var gRest = p.Gradient(sigma);
                    sigma[j] = -RationalLinearAlgebra.Dot(xj, gRest) / (p.Y[j] * xx);
                    var g = p.Gradient(sigma);
                    if (g.All(v => v.IsZero)) break;
                    var next = g.Select(v => eps * v).ToArray();
                    if (p.PatternOf(next) == pattern)
                    {
                        if (sigma[j] >= p.Low && sigma[j] <= p.High)
                            found.TryAdd(pattern, new ReducedKktPoint(pattern, next, eps, RationalLinearAlgebra.Dot(g, g), sigma));
                        break;
                    }
                    b = next;
                }
            }
        }
        return found.Values.ToList();
    }
}
