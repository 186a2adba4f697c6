using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;
using Checker.Verification.Reduced;

namespace Checker.Verification.Tests;

/// <summary>
/// Independent oracle for the reduced enumeration: every pattern in {+,−,0}^n and every value sign, solved exactly in
/// C# without any solver. For a pattern P with kink set Z the slopes off Z are fixed; λ ≠ 0 needs x_jᵀg = 0 on Z
/// (|Z| equations in the |Z| kink slopes) and b = εg with pattern P; λ = 0 needs g = 0 (d equations) and a ray with
/// pattern P. Any non-unique solve marks the instance degenerate (tests then skip it).
/// </summary>
internal static class ReducedBruteForce
{
    public sealed record Point(string Pattern, Rational[] Direction, int Sign, Rational ValueSquared);

    public static List<Point>? Enumerate(ReducedProblem p) => Enumerate(p, out _);

    /// <summary>As above; <paramref name="continua"/> receives the patterns of zero-value faces of dimension ≥ 2 that are
    /// non-empty (continua of KKT points).</summary>
    public static List<Point>? Enumerate(ReducedProblem p, out List<string> continua)
    {
        continua = [];
        int n = p.SampleCount, d = p.Dimension;
        var result = new List<Point>();
        var pattern = new char[n];
        long total = 1;
        for (int i = 0; i < n; i++) total *= 3;
        for (long code = 0; code < total; code++)
        {
            long c = code;
            for (int i = 0; i < n; i++) { pattern[i] = "+-0"[(int)(c % 3)]; c /= 3; }
            var P = new string(pattern);
            var z = Enumerable.Range(0, n).Where(i => P[i] == '0').ToList();
            // Only patterns whose kink set leaves room for a non-zero b can occur.
            if (RationalLinearAlgebra.Rank(z.Select(i => p.X[i]).ToArray(), d) >= d) continue;
            var g0 = Enumerable.Repeat(Rational.Zero, d).ToArray();
            for (int i = 0; i < n; i++)
            {
                if (P[i] == '0') continue;
                var s = P[i] == '+' ? p.SlopePos : p.SlopeNeg;
                for (int j = 0; j < d; j++) g0[j] += p.Y[i] * s * p.X[i][j];
            }
            // λ ≠ 0
            if (z.Count == 0)
            {
                foreach (int eps in new[] { 1, -1 })
                    if (g0.Any(v => !v.IsZero) && p.PatternOf(g0.Select(v => eps * v).ToArray()) == P)
                        result.Add(new Point(P, g0.Select(v => eps * v).ToArray(), eps, RationalLinearAlgebra.Dot(g0, g0)));
            }
            else
            {
                var a = z.Select(j => z.Select(k => p.Y[k] * RationalLinearAlgebra.Dot(p.X[j], p.X[k])).ToArray()).ToArray();
                var rhs = z.Select(j => -RationalLinearAlgebra.Dot(p.X[j], g0)).ToArray();
                var sol = RationalLinearAlgebra.Solve(a, rhs, z.Count);
                if (sol is { } s)
                {
                    if (s.NullSpace.Count > 0) return null;
                    if (s.Particular.All(v => v >= p.Low && v <= p.High))
                    {
                        var g = (Rational[])g0.Clone();
                        for (int t = 0; t < z.Count; t++)
                            for (int j = 0; j < d; j++) g[j] += p.Y[z[t]] * s.Particular[t] * p.X[z[t]][j];
                        foreach (int eps in new[] { 1, -1 })
                            if (g.Any(v => !v.IsZero) && p.PatternOf(g.Select(v => eps * v).ToArray()) == P)
                                result.Add(new Point(P, g.Select(v => eps * v).ToArray(), eps, RationalLinearAlgebra.Dot(g, g)));
                    }
                }
            }
            // λ = 0: Σ_{k∈Z} y_k σ_k x_k = −g₀.
            {
                var a = Enumerable.Range(0, d).Select(j => z.Select(k => p.Y[k] * p.X[k][j]).ToArray()).ToArray();
                var rhs = g0.Select(v => -v).ToArray();
                var sol = z.Count == 0 ? (g0.All(v => v.IsZero) ? (new Rational[0], new List<Rational[]>()) : null)
                                       : RationalLinearAlgebra.Solve(a, rhs, z.Count);
                if (sol is { } s)
                {
                    if (s.Item2.Count > 0) return null;
                    if (!s.Item1.All(v => v >= p.Low && v <= p.High)) continue;
                    var rows = z.Select(i => p.X[i]).ToArray();
                    var ns = RationalLinearAlgebra.Solve(rows.Length == 0 ? [Enumerable.Repeat(Rational.Zero, d).ToArray()] : rows,
                        Enumerable.Repeat(Rational.Zero, Math.Max(1, rows.Length)).ToArray(), d)!.Value.NullSpace;
                    if (ns.Count >= 2)
                    {
                        if (FaceNonEmpty(p, P, ns)) continua.Add(P);
                        continue;
                    }
                    if (ns.Count == 1)
                        foreach (int sg in new[] { 1, -1 })
                        {
                            var b = ns[0].Select(v => sg * v).ToArray();
                            if (p.PatternOf(b) == P) result.Add(new Point(P, b, 0, Rational.Zero));
                        }
                }
            }
        }
        return result;
    }

    /// <summary>Whether {b ∈ span(ns) : sign(x_iᵀb) = P_i for P_i ≠ 0} is non-empty, exactly: restrict to the row space of
    /// the constraints (a pointed cone), sum its extreme rays (each the null vector of m−1 constraints) and test strictness.</summary>
    private static bool FaceNonEmpty(ReducedProblem p, string P, List<Rational[]> ns)
    {
        int k = ns.Count;
        var rows = new List<Rational[]>();
        for (int i = 0; i < P.Length; i++)
        {
            if (P[i] == '0') continue;
            int s = P[i] == '+' ? 1 : -1;
            rows.Add(ns.Select(v => s * RationalLinearAlgebra.Dot(p.X[i], v)).ToArray());
        }
        if (rows.Count == 0) return true;
        var (rref, piv) = RationalLinearAlgebra.Rref(rows.ToArray(), k);
        int m = piv.Count;
        if (m == 0) return false; // a constraint row is 0: 0 > 0 impossible
        var basis = rref.Take(m).ToArray(); // rows spanning the row space, in R^k
        var a = rows.Select(r => basis.Select(bv => RationalLinearAlgebra.Dot(r, bv)).ToArray()).ToArray(); // n' × m, rank m
        var rays = new List<Rational[]>();
        foreach (var subset in Subsets(a.Length, m - 1))
        {
            var sub = subset.Select(i => a[i]).ToArray();
            Rational[] r;
            if (sub.Length == 0) { if (m != 1) continue; r = [Rational.One]; }
            else
            {
                var sol = RationalLinearAlgebra.Solve(sub, sub.Select(_ => Rational.Zero).ToArray(), m)!.Value;
                if (sol.NullSpace.Count != 1) continue;
                r = sol.NullSpace[0];
            }
            foreach (int sg in new[] { 1, -1 })
            {
                var rr = r.Select(v => sg * v).ToArray();
                if (a.All(row => RationalLinearAlgebra.Dot(row, rr).Sign >= 0)) rays.Add(rr);
            }
        }
        if (rays.Count == 0) return false;
        var c = Enumerable.Range(0, m).Select(j => rays.Aggregate(Rational.Zero, (acc, r) => acc + r[j])).ToArray();
        return a.All(row => RationalLinearAlgebra.Dot(row, c).Sign > 0);
    }

    /// <summary>
    /// Every Clarke KKT point of the reduced problem (docs/theory.md §5) on any data, degenerate included, by a method
    /// independent of the engine's: each pattern P in {+,−,0}^n; the regions of the kinked samples' arrangement by
    /// Fourier–Motzkin elimination (not the engine's simplex); hull membership by Carathéodory (affinely independent
    /// subsets of vertices solved exactly, not an LP). λ ≠ 0: g is g_off minus its projection on span{x_i : i ∈ Z};
    /// λ = 0: −g_off must be in the kink hull. <paramref name="continua"/> gets the λ = 0 faces of dimension ≥ 2.
    /// </summary>
    public static List<Point> EnumerateClarke(ReducedProblem p, out List<string> continua)
    {
        continua = [];
        int n = p.SampleCount, d = p.Dimension;
        var result = new List<Point>();
        var pattern = new char[n];
        long total = 1;
        for (int i = 0; i < n; i++) total *= 3;
        for (long code = 0; code < total; code++)
        {
            long c = code;
            for (int i = 0; i < n; i++) { pattern[i] = "+-0"[(int)(c % 3)]; c /= 3; }
            if (Enumerable.Range(0, n).Any(i => p.IsZeroInput(i) && pattern[i] != '0')) continue;
            var P = new string(pattern);
            var z = Enumerable.Range(0, n).Where(i => P[i] == '0' && !p.IsZeroInput(i)).ToList();
            var xz = z.Select(i => p.X[i]).ToArray();
            if (RationalLinearAlgebra.Rank(xz, d) >= d) continue;
            var off = Enumerable.Repeat(Rational.Zero, d).ToArray();
            for (int i = 0; i < n; i++)
            {
                if (P[i] == '0') continue;
                var s = P[i] == '+' ? p.SlopePos : p.SlopeNeg;
                for (int j = 0; j < d; j++) off[j] += p.Y[i] * s * p.X[i][j];
            }
            var vertices = new List<Rational[]>();
            for (int mask = 0; mask < 1 << z.Count; mask++)
            {
                var rows = z.Select((i, t) => p.X[i].Select(v => ((mask >> t) & 1) == 0 ? v : -v).ToArray()).ToList();
                if (!StrictFeasibleByFourierMotzkin(rows, d)) continue;
                var v = Enumerable.Repeat(Rational.Zero, d).ToArray();
                for (int t = 0; t < z.Count; t++)
                {
                    var s = ((mask >> t) & 1) == 0 ? p.SlopePos : p.SlopeNeg;
                    for (int j = 0; j < d; j++) v[j] += p.Y[z[t]] * s * p.X[z[t]][j];
                }
                if (!vertices.Any(u => u.AsSpan().SequenceEqual(v))) vertices.Add(v);
            }
            if (z.Count == 0) vertices.Add(Enumerable.Repeat(Rational.Zero, d).ToArray());
            // λ ≠ 0: g ⊥ x_i (i ∈ Z) and g − g_off ∈ span X_Z, so g = g_off − proj(g_off).
            var g = (Rational[])off.Clone();
            if (z.Count > 0)
            {
                var gram = xz.Select(a => xz.Select(b => RationalLinearAlgebra.Dot(a, b)).ToArray()).ToArray();
                var alpha = RationalLinearAlgebra.Solve(gram, xz.Select(a => RationalLinearAlgebra.Dot(a, off)).ToArray(), z.Count)!.Value.Particular;
                for (int t = 0; t < z.Count; t++) for (int j = 0; j < d; j++) g[j] -= alpha[t] * xz[t][j];
            }
            if (g.Any(v => !v.IsZero) && InHull(vertices, g.Select((v, j) => v - off[j]).ToArray()))
                foreach (int eps in new[] { 1, -1 })
                    if (p.PatternOf(g.Select(v => eps * v).ToArray()) == P)
                        result.Add(new Point(P, g.Select(v => eps * v).ToArray(), eps, RationalLinearAlgebra.Dot(g, g)));
            // λ = 0
            if (!InHull(vertices, off.Select(v => -v).ToArray())) continue;
            var ns = RationalLinearAlgebra.Solve(xz.Length == 0 ? [Enumerable.Repeat(Rational.Zero, d).ToArray()] : xz,
                Enumerable.Repeat(Rational.Zero, Math.Max(1, xz.Length)).ToArray(), d)!.Value.NullSpace;
            if (ns.Count >= 2) { if (FaceNonEmpty(p, P, ns)) continua.Add(P); continue; }
            if (ns.Count == 1)
                foreach (int sg in new[] { 1, -1 })
                {
                    var b = ns[0].Select(v => sg * v).ToArray();
                    if (p.PatternOf(b) == P) result.Add(new Point(P, b, 0, Rational.Zero));
                }
        }
        return result;
    }

    /// <summary>Whether a·d &gt; 0 for every row has a solution d, by Fourier–Motzkin elimination (strict rows stay strict
    /// under positive combinations; a row that loses all its variables reads 0 &gt; 0).</summary>
    private static bool StrictFeasibleByFourierMotzkin(List<Rational[]> rows, int dims)
    {
        var current = rows.Select(r => (Rational[])r.Clone()).ToList();
        for (int j = 0; j < dims; j++)
        {
            if (current.Any(r => r.All(v => v.IsZero))) return false;
            var pos = current.Where(r => r[j].Sign > 0).ToList();
            var neg = current.Where(r => r[j].Sign < 0).ToList();
            var next = current.Where(r => r[j].IsZero).ToList();
            foreach (var a in pos)
                foreach (var b in neg)
                    next.Add(a.Select((v, k) => v * -b[j] + b[k] * a[j]).ToArray());
            current = next;
        }
        return current.Count == 0;
    }

    /// <summary>t ∈ conv(V) by Carathéodory: some affinely independent subset has t in its hull (a unique non-negative
    /// solution of [v; 1]θ = [t; 1]).</summary>
    private static bool InHull(List<Rational[]> vertices, Rational[] t)
    {
        int d = t.Length;
        for (int k = 1; k <= Math.Min(vertices.Count, d + 1); k++)
            foreach (var subset in Subsets(vertices.Count, k))
            {
                var a = Enumerable.Range(0, d + 1).Select(j => subset.Select(s => j < d ? vertices[s][j] : Rational.One).ToArray()).ToArray();
                var sol = RationalLinearAlgebra.Solve(a, t.Append(Rational.One).ToArray(), k);
                if (sol is { } s0 && s0.NullSpace.Count == 0 && s0.Particular.All(v => v.Sign >= 0)) return true;
            }
        return false;
    }

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        if (k == 0) { yield return []; yield break; }
        var idx = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return (int[])idx.Clone();
            int i = k - 1;
            while (i >= 0 && idx[i] == n - k + i) i--;
            if (i < 0) yield break;
            idx[i]++;
            for (int j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
        }
    }
}
