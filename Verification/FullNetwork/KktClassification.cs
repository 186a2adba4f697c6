using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;

namespace Checker.Verification.FullNetwork;

/// <summary>
/// What a certified KKT point is (issue 5): its value, the exact rank of every layer, for rank-one points the factors
/// (docs/theory.md#rank-one-points, C4–C6: W_1 = s₁a₁bᵀ, W_l = s_l a_l a_{l−1}ᵀ, W_L = s_L a_{L−1}ᵀ), whether they are sign-definite and
/// aligned, the layer-norm law C3, support sizes, and the reduced-problem direction b with its signs.
/// Everything is exact: ranks by rational elimination, factors as primitive integer vectors.
/// </summary>
public sealed record KktClassification(
    string Value,
    bool Positive,
    int[] LayerRanks,
    bool RankOne,
    bool? SignDefinite,
    bool? Aligned,
    bool NormLaw,
    string[] LayerNormShares,
    int[]? SupportSizes,
    Rational[]? ReducedDirection,
    int[]? Signs,
    string? ReducedPattern,
    string[]? RankEvidence = null,
    string[]? ReducedDirectionDecimal = null)
{
    /// <summary>Which reduced KKT point (docs/theory.md#reduced-problem, `kkt --reduced`) this point corresponds to, or why none
    /// (<see cref="ReducedMatcher"/>); null when not matched.</summary>
    public string? ReducedPoint { get; init; }
    public int? ReducedPointIndex { get; init; }

    public static KktClassification Of(Instance instance, KktCertificate cert)
    {
        var net = instance.Network;
        var v = cert.Point;
        int L = net.Depth;
        var ranks = new int[L];
        var mats = new Rational[L][,];
        for (int l = 1; l <= L; l++)
        {
            var (r, c) = net.Shape(l);
            var m = new Rational[r, c];
            for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) m[i, j] = v[l, i, j];
            mats[l - 1] = m;
            ranks[l - 1] = RationalLinearAlgebra.Rank(Rows(m), c);
        }
        var shares = Enumerable.Range(1, L).Select(cert.LayerNormShare).ToArray();
        bool normLaw = cert.Sign == 0 || Enumerable.Range(1, L).All(l => shares[l - 1] == new Rational(net.LayerDegree(l)) / new Rational(net.Degree));
        bool rankOne = ranks.All(x => x == 1);
        bool? signDefinite = null, aligned = null;
        int[]? support = null, signs = null;
        Rational[]? b = null;
        string? reducedPattern = null;
        if (rankOne)
        {
            // Left factor a_l (column space) and right factor (row space) of each layer, primitive integer vectors.
            var left = new Rational[L][];
            var right = new Rational[L][];
            for (int l = 0; l < L; l++) (left[l], right[l]) = RankOneFactors(mats[l]);
            // Hidden factors a_l = left factor of W_l (l < L) must be sign-definite; orient them non-negative.
            var a = left[..(L - 1)];
            signDefinite = RankOneStructure.OrientFactors(a, q => q.IsZero, q => q.Sign, q => -q);
            aligned = true;
            for (int l = 1; l < L; l++)
                if (!RationalLinearAlgebra.Parallel(right[l], left[l - 1])) aligned = false;
            if (signDefinite == true)
            {
                support = RankOneStructure.Supports(a, q => q.IsZero);
                // W_1 = a_1 bᵀ fixes b (s_1 = +1 absorbed); s_l = sign of W_l's entries against a_l a_{l−1}ᵀ.
                int row = Array.FindIndex(a.Length > 0 ? a[0] : [Rational.One], q => !q.IsZero);
                var w1Row = Enumerable.Range(0, net.Widths[0]).Select(j => mats[0][L > 1 ? row : 0, j]).ToArray();
                b = KktCertifier.Primitive(w1Row);
                signs = RankOneStructure.LayerSigns(mats, q => q.Sign);
                reducedPattern = RankOneStructure.Pattern(instance, b, (x, q) => x * q, (p, q) => p + q, q => q.IsZero, q => q.Sign);
            }
        }
        return new KktClassification(cert.ValueDecimal, cert.Sign > 0, ranks, rankOne, signDefinite, aligned, normLaw,
            shares.Select(s => s.ToString()).ToArray(), support, b, signs, reducedPattern);
    }

    private static Rational[][] Rows(Rational[,] m) =>
        Enumerable.Range(0, m.GetLength(0)).Select(i => Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j]).ToArray()).ToArray();

    /// <summary>For a rank-one matrix a bᵀ: a (a non-zero column) and b (the matching row), as primitive integer vectors.</summary>
    private static (Rational[] Left, Rational[] Right) RankOneFactors(Rational[,] m)
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                if (!m[i, j].IsZero)
                {
                    var col = Enumerable.Range(0, rows).Select(r => m[r, j]).ToArray();
                    var row = Enumerable.Range(0, cols).Select(c => m[i, c]).ToArray();
                    return (KktCertifier.Primitive(col), KktCertifier.Primitive(row));
                }
        return (new Rational[rows], new Rational[cols]);
    }
}
