using System.Numerics;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.Reduced;

/// <summary>
/// The reduced problem's data as small integers for the hot path of <see cref="ReducedKktSearch"/> (docs/theory.md#reduced-problem).
/// Patterns depend only on signs, so positive rescalings are free: each input x_i becomes its primitive integer
/// direction x̂_i = α_i x_i (α_i &gt; 0; the hyperplane x_iᵀb = 0 and the sign of x_iᵀb are unchanged), every
/// contribution y_i x_i becomes ŵ_i = M y_i x_i and the slopes become ĉ = M' c, with one common M, M' &gt; 0, so that
/// ĝ = Σ σ̂_i ŵ_i = M M' g has the direction of g. Nothing is rounded: construction fails (null) when a scaled entry
/// would not fit the overflow margins of the 128-bit arithmetic downstream.
/// </summary>
internal sealed class ScaledData
{
    /// <summary>Entries must stay below this so box arithmetic (numerators up to 2^60) fits Int128 with room for sums.</summary>
    private static readonly BigInteger Limit = BigInteger.One << 24;

    public required int N { get; init; }
    public required int D { get; init; }
    public required long[][] X { get; init; }
    public required long[][] W { get; init; }
    public required long Pos { get; init; }
    public required long Neg { get; init; }
    /// <summary>M' = ĉ / c, to map scaled slopes back: σ = σ̂ / M'.</summary>
    public required Rational SlopeScale { get; init; }
    public long Lo => Math.Min(Pos, Neg);
    public long Hi => Math.Max(Pos, Neg);
    /// <summary>Index of the distinct hyperplane of sample i (−1 for a zero input) and the orientation o_i with
    /// x̂_i = o_i x̂_{rep}: samples on one hyperplane share their sign up to o_i.</summary>
    public required int[] Plane { get; init; }
    public required int[] Orient { get; init; }
    public required int PlaneCount { get; init; }
    /// <summary>x_i ≠ 0 and y_i ≠ 0: the sample contributes to g.</summary>
    public required bool[] Labeled { get; init; }

    public static ScaledData? Create(ReducedProblem p)
    {
        int n = p.SampleCount, d = p.Dimension;
        var x = new long[n][];
        for (int i = 0; i < n; i++)
        {
            var row = p.X[i];
            var lcm = BigInteger.One;
            foreach (var v in row) lcm = Lcm(lcm, v.Denominator);
            var ints = row.Select(v => v.Numerator * (lcm / v.Denominator)).ToArray();
            var g = BigInteger.Zero;
            foreach (var v in ints) g = BigInteger.GreatestCommonDivisor(g, v);
            if (g.IsZero) g = BigInteger.One;
            x[i] = new long[d];
            for (int j = 0; j < d; j++)
            {
                var e = ints[j] / g;
                if (BigInteger.Abs(e) >= Limit) return null;
                x[i][j] = (long)e;
            }
        }
        // ŵ_i = M y_i x_i with M the lcm of all denominators, then divided by the gcd of all entries.
        var wr = new Rational[n][];
        var den = BigInteger.One;
        for (int i = 0; i < n; i++)
        {
            wr[i] = p.X[i].Select(v => p.Y[i] * v).ToArray();
            foreach (var v in wr[i]) den = Lcm(den, v.Denominator);
        }
        var wb = wr.Select(r => r.Select(v => v.Numerator * (den / v.Denominator)).ToArray()).ToArray();
        var gw = BigInteger.Zero;
        foreach (var r in wb) foreach (var v in r) gw = BigInteger.GreatestCommonDivisor(gw, v);
        if (gw.IsZero) gw = BigInteger.One;
        var w = new long[n][];
        for (int i = 0; i < n; i++)
        {
            w[i] = new long[d];
            for (int j = 0; j < d; j++)
            {
                var e = wb[i][j] / gw;
                if (BigInteger.Abs(e) >= Limit) return null;
                w[i][j] = (long)e;
            }
        }
        var sden = Lcm(p.SlopePos.Denominator, p.SlopeNeg.Denominator);
        var cp = p.SlopePos.Numerator * (sden / p.SlopePos.Denominator);
        var cm = p.SlopeNeg.Numerator * (sden / p.SlopeNeg.Denominator);
        var sg = BigInteger.GreatestCommonDivisor(cp, cm);
        if (sg.IsZero) sg = BigInteger.One;
        cp /= sg; cm /= sg;
        if (BigInteger.Abs(cp) >= Limit || BigInteger.Abs(cm) >= Limit) return null;
        // Distinct hyperplanes: primitive vectors up to sign.
        var plane = new int[n];
        var orient = new int[n];
        var reps = new List<long[]>();
        for (int i = 0; i < n; i++)
        {
            if (x[i].All(v => v == 0)) { plane[i] = -1; orient[i] = 0; continue; }
            plane[i] = -1;
            for (int h = 0; h < reps.Count && plane[i] < 0; h++)
            {
                if (x[i].SequenceEqual(reps[h])) { plane[i] = h; orient[i] = 1; }
                else if (x[i].Zip(reps[h]).All(t => t.First == -t.Second)) { plane[i] = h; orient[i] = -1; }
            }
            if (plane[i] < 0) { plane[i] = reps.Count; orient[i] = 1; reps.Add(x[i]); }
        }
        var labeled = Enumerable.Range(0, n).Select(i => plane[i] >= 0 && !p.Y[i].IsZero).ToArray();
        var slopeScale = !p.SlopePos.IsZero ? new Rational(cp, 1) / p.SlopePos : !p.SlopeNeg.IsZero ? new Rational(cm, 1) / p.SlopeNeg : Rational.One;
        return new ScaledData { SlopeScale = slopeScale, N = n, D = d, X = x, W = w, Pos = (long)cp, Neg = (long)cm, Plane = plane, Orient = orient, PlaneCount = reps.Count, Labeled = labeled };
    }

    private static BigInteger Lcm(BigInteger a, BigInteger b) => a / BigInteger.GreatestCommonDivisor(a, b) * b;
}
