using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;
using Checker.Verification.Reduced;

using Checker.Verification.Clarke;

namespace Checker.Verification.Claims;

/// <summary>A rank-one Clarke KKT point at an essential kink that refutes K3 or K4, with the engine's decision (adjacent
/// patterns with arcs, convex weights, value) as its certificate.</summary>
public sealed record KinkWitness(int[] Signs, Rational[] B, Rational[][] Factors, WeightPoint Point, ClarkeKktResult Decision, string Violation);

/// <summary>
/// Looks for witnesses against the kink versions of C4's converse (K3) and C5 (K4), docs/theory.md §4. Candidates are
/// rank-one points W_1 = a_1 bᵀ, W_l = s_l a_l a_{l−1}ᵀ, W_L = s_L a_{L−1}ᵀ with b on a kink (orthogonal to d − 1
/// inputs spanning a hyperplane), a few hidden factors (unit vector, increasing positive entries, and for K4 a mixed
/// sign first factor (1, −t)), every sign vector. Each candidate is decided by the exact Clarke engine; a witness must be
/// a Clarke KKT point with N &gt; 0 where N is not differentiable (an essential kink with different adjacent g_P), and:
/// K3: b is not a positive KKT point of the reduced problem for s; K4: some a_l has entries of both strict signs.
/// Finding none proves nothing (the candidates are a sample).
/// </summary>
public static class KinkConjectureSearch
{
    public static readonly Rational[] MixedRatios = [1, 2, 3, 4, 8, new(1, 2), new(1, 4), 10, 16];

    public static KinkWitness? K3(Instance instance, ClarkeOptions options, DateTime deadline, CancellationToken ct, out int tried) =>
        Search(instance, options, deadline, mixed: false, ct, out tried);

    public static KinkWitness? K4(Instance instance, ClarkeOptions options, DateTime deadline, CancellationToken ct, out int tried) =>
        Search(instance, options, deadline, mixed: true, ct, out tried);

    private static KinkWitness? Search(Instance instance, ClarkeOptions options, DateTime deadline, bool mixed, CancellationToken ct, out int tried)
    {
        tried = 0;
        var net = instance.Network;
        int L = net.Depth;
        foreach (var b in KinkDirections(instance))
            foreach (var s in ReducedProblem.AllSignVectors(L).Where(v => v[0] == 1))
                foreach (var a in Factors(net, mixed))
                {
                    ct.ThrowIfCancellationRequested();
                    if (DateTime.UtcNow > deadline) return null;
                    var u = Lift(net, a, s, b);
                    tried++;
                    var r = ClarkeKkt.Decide(instance, u, SubdifferentialMode.Clarke, options, ct);
                    if (r.Kkt != true || r.Value.Sign <= 0 || r.Subdifferential.Differentiable != false) continue;
                    if (mixed)
                        return new KinkWitness(s, b, a, u, r, $"a_1 = ({string.Join(", ", a[0])}) has entries of both signs");
                    var problem = ReducedProblem.Create(instance, s);
                    if (!ReducedClarke.IsKktPoint(problem, b, 1))
                        return new KinkWitness(s, b, a, u, r, $"b = ({string.Join(", ", b)}) is not a positive KKT point of the reduced problem for s = ({string.Join(",", s)})");
                }
        return null;
    }

    /// <summary>Directions b (both signs) orthogonal to d − 1 inputs whose span is a hyperplane: every such b lies on a
    /// kink of those samples.</summary>
    public static IEnumerable<Rational[]> KinkDirections(Instance instance)
    {
        int d = instance.Dimension, n = instance.SampleCount;
        var seen = new HashSet<string>();
        foreach (var subset in Subsets(n, d - 1))
        {
            var rows = subset.Select(i => instance.Inputs[i]).ToArray();
            if (rows.Any(r => r.All(v => v.IsZero))) continue;
            var sol = RationalLinearAlgebra.Solve(rows.Length == 0 ? [new Rational[d].Select(_ => Rational.Zero).ToArray()] : rows,
                Enumerable.Repeat(Rational.Zero, Math.Max(1, rows.Length)).ToArray(), d)!.Value;
            if (sol.NullSpace.Count != 1) continue;
            var v = Primitive(sol.NullSpace[0]);
            foreach (var sign in new[] { 1, -1 })
            {
                var bv = v.Select(x => sign * x).ToArray();
                if (seen.Add(string.Join(",", bv))) yield return bv;
            }
        }
    }

    private static IEnumerable<Rational[][]> Factors(Network net, bool mixed)
    {
        int L = net.Depth;
        Rational[] Unit(int k) => Enumerable.Range(0, k).Select(i => i == 0 ? Rational.One : Rational.Zero).ToArray();
        Rational[] Ramp(int k) => Enumerable.Range(1, k).Select(i => (Rational)i).ToArray();
        if (!mixed)
        {
            yield return Enumerable.Range(1, L - 1).Select(l => Unit(net.Widths[l])).ToArray();
            yield return Enumerable.Range(1, L - 1).Select(l => Ramp(net.Widths[l])).ToArray();
            yield break;
        }
        if (net.Widths[1] < 2) yield break;
        foreach (var t in MixedRatios)
        {
            var a1 = Unit(net.Widths[1]);
            a1[1] = -t;
            yield return new[] { a1 }.Concat(Enumerable.Range(2, L - 2).Select(l => Unit(net.Widths[l]))).ToArray();
        }
    }

    /// <summary>W_1 = a_1 bᵀ, W_l = s_l a_l a_{l−1}ᵀ, W_L = s_L a_{L−1}ᵀ (s_1 is absorbed into b).</summary>
    public static WeightPoint Lift(Network net, Rational[][] a, int[] s, Rational[] b)
    {
        int L = net.Depth;
        var w = new Rational[net.WeightCount];
        for (int l = 1; l <= L; l++)
        {
            var (rows, cols) = net.Shape(l);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    var left = l < L ? a[l - 1][r] : Rational.One;
                    var right = l == 1 ? b[c] : a[l - 2][c];
                    w[net.Index(l, r, c)] = (l == 1 ? 1 : s[l - 1]) * left * right;
                }
        }
        return new WeightPoint(net, w);
    }

    private static Rational[] Primitive(Rational[] v) => FullNetwork.KktCertifier.Primitive(v);

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        if (k == 0) { yield return []; yield break; }
        if (k > n) yield break;
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
