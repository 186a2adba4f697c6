using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>
/// <see cref="KktClassification"/> of a Krawczyk-certified point (<see cref="KktEnclosure"/>), with every statement
/// proved from the box or marked as numeric:
/// <list type="bullet">
/// <item>rank of W_l: a lower bound r is proved when an r×r minor's interval elimination has pivots excluding 0; an upper
/// bound comes from structure that holds EXACTLY at the unique zero: exact zeros off the support and equal twin
/// rows/columns (the box is invariant under swapping twins, so the unique zero is too). Equal bounds give the rank;</item>
/// <item>sign-definiteness of a rank-one factor: every entry's enclosure is 0 exactly or of one sign;</item>
/// <item>C3: the enclosure of ‖W_l‖² contains d_l/Λ (an enclosure cannot prove equality; C3 itself is proved from
/// Euler in <c>C3LayerNormLawCheck</c>);</item>
/// <item>supports: entries proved non-zero.</item>
/// </list>
/// </summary>
public static class EnclosureClassifier
{
    public static KktClassification Of(Instance instance, KktEnclosure e)
    {
        var net = e.Network;
        int L = net.Depth;
        var ranks = new int[L];
        var evidence = new string[L];
        var mats = new Interval[L][,];
        bool allExact = true;
        for (int l = 1; l <= L; l++)
        {
            var (r, c) = net.Shape(l);
            var m = new Interval[r, c];
            for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) m[i, j] = e.Weights[net.Index(l, i, j)];
            mats[l - 1] = m;
            int lower = ProvedRankLowerBound(m, out int numeric);
            int upper = RankUpperBound(net, e, l, m);
            ranks[l - 1] = lower == upper ? lower : numeric;
            evidence[l - 1] = lower == upper ? $"{lower} (proved)" : $"≥ {lower} and ≤ {upper} proved, {numeric} numerically";
            allExact &= lower == upper;
        }
        bool rankOne = allExact && ranks.All(x => x == 1);
        bool? signDefinite = null, aligned = null;
        int[]? support = null, signs = null;
        string[]? b = null;
        string? reducedPattern = null;
        if (rankOne)
        {
            // Hidden factors a_l: a column of W_l with a proved non-zero entry (all columns are multiples of it).
            var a = new Interval[L - 1][];
            for (int l = 0; l < L - 1; l++)
            {
                var m = mats[l];
                int col = Enumerable.Range(0, m.GetLength(1)).First(j => Enumerable.Range(0, m.GetLength(0)).Any(i => m[i, j].DefiniteSign != 0));
                a[l] = Enumerable.Range(0, m.GetLength(0)).Select(i => m[i, col]).ToArray();
            }
            signDefinite = RankOneStructure.OrientFactors(a, x => x.IsZero, x => x.DefiniteSign, x => -x);
            if (signDefinite == true)
            {
                support = RankOneStructure.Supports(a, x => x.IsZero);
                // Aligned (b_{l+1} ∥ a_l) is proved when layer l's non-zero neurons are one twin class (so both factors are
                // constant on it) and W_{l+1}'s non-zero columns are exactly that class.
                aligned = true;
                for (int l = 1; l < L; l++)
                {
                    var live = Enumerable.Range(0, net.Widths[l]).Where(j => !a[l - 1][j].IsZero).ToArray();
                    var next = mats[l];
                    var cols = Enumerable.Range(0, next.GetLength(1)).Where(j => Enumerable.Range(0, next.GetLength(0)).Any(i => !next[i, j].IsZero)).ToArray();
                    bool oneClass = live.Length == 1 || e.Twins[l].Any(cl => live.All(cl.Contains));
                    if (!oneClass || !live.SequenceEqual(cols)) { aligned = null; break; }
                }
                int row = L > 1 ? Array.FindIndex(a[0], q => q.DefiniteSign != 0) : 0;
                var w1 = Enumerable.Range(0, net.Widths[0]).Select(j => mats[0][row, j]).ToArray();
                var bd = w1.Select(x => x.ToDouble()).ToArray();
                double bn = Math.Sqrt(bd.Sum(x => x * x));
                b = bd.Select(x => (x / bn).ToString("G12", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                signs = RankOneStructure.LayerSigns(mats, x => x.DefiniteSign);
                reducedPattern = RankOneStructure.Pattern(instance, w1, (x, q) => Interval.FromRational(x) * q, (p, q) => p + q, x => x.IsZero, x => x.DefiniteSign);
            }
        }
        var shares = e.LayerNormSquared.Select(x => x.ProvenDecimal(20)).ToArray();
        return new KktClassification(e.ValueDecimal, e.Sign > 0, ranks, rankOne, signDefinite, aligned, e.NormLawConsistent,
            shares, support, null, signs, reducedPattern, evidence, b);
    }

    /// <summary>Numeric rank of the centre (pivots above 1e-9 of the largest entry), then the same pivots in interval
    /// elimination: the largest prefix whose pivots exclude 0 is a proved lower bound.</summary>
    private static int ProvedRankLowerBound(Interval[,] m, out int numeric)
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
        var d = new double[rows, cols];
        var a = (Interval[,])m.Clone();
        double max = 0;
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) { d[i, j] = m[i, j].ToDouble(); max = Math.Max(max, Math.Abs(d[i, j])); }
        var usedR = new bool[rows];
        var usedC = new bool[cols];
        numeric = 0;
        int proved = 0;
        bool broken = false;
        while (numeric < Math.Min(rows, cols))
        {
            int pr = -1, pc = -1;
            double best = 1e-9 * max;
            for (int i = 0; i < rows; i++) if (!usedR[i]) for (int j = 0; j < cols; j++) if (!usedC[j] && Math.Abs(d[i, j]) > best) { best = Math.Abs(d[i, j]); pr = i; pc = j; }
            if (pr < 0) break;
            numeric++;
            if (!broken && a[pr, pc].DefiniteSign != 0) proved++; else broken = true;
            usedR[pr] = usedC[pc] = true;
            for (int i = 0; i < rows; i++)
            {
                if (usedR[i]) continue;
                double f = d[i, pc] / d[pr, pc];
                Interval fi = broken ? Interval.Zero : a[i, pc] / a[pr, pc];
                for (int j = 0; j < cols; j++)
                {
                    d[i, j] -= f * d[pr, j];
                    if (!broken) a[i, j] -= fi * a[pr, j];
                }
            }
        }
        return proved;
    }

    /// <summary>Distinct non-zero rows (twin rows are equal at the point) and columns, whichever is fewer.</summary>
    private static int RankUpperBound(Network net, KktEnclosure e, int l, Interval[,] m)
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
        int Distinct(int count, int twinLayer, Func<int, bool> zero)
        {
            var seen = new HashSet<int>();
            int n = 0;
            for (int k = 0; k < count; k++)
            {
                if (zero(k)) continue;
                var cls = twinLayer >= 1 && twinLayer < net.Depth ? e.Twins[twinLayer].FirstOrDefault(c => c.Contains(k)) : null;
                if (cls is not null && !seen.Add(cls[0])) continue;
                n++;
            }
            return n;
        }
        int r = Distinct(rows, l, i => Enumerable.Range(0, cols).All(j => m[i, j].IsZero));
        int c = Distinct(cols, l - 1, j => Enumerable.Range(0, rows).All(i => m[i, j].IsZero));
        return Math.Min(r, c);
    }
}
