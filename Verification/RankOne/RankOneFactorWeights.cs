using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.RankOne;

/// <summary>
/// The weights of a rank-one point W_l = a_l b_lᵀ (W_L = b_Lᵀ) read from a solver model whose factor entries are named
/// by <paramref name="left"/>(l, r) and <paramref name="right"/>(l, c) — the parametrisation C5 and C6 query over
/// (docs/theory.md#rank-one-points), shared so they read their witnesses the same way; the C4 converse (W_l = s_l a_l a_{l−1}ᵀ) passes its
/// sign vector as <paramref name="signs"/>.
/// </summary>
public static class RankOneFactorWeights
{
    public static WeightPoint FromModel(Network net, Func<int, int, string> left, Func<int, int, string> right, IReadOnlyDictionary<string, Rational> m,
        IReadOnlyList<int>? signs = null)
    {
        int L = net.Depth;
        var flat = new Rational[net.WeightCount];
        for (int l = 1; l <= L; l++)
        {
            var (rows, cols) = net.Shape(l);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    flat[net.Index(l, r, c)] = (signs is null ? 1 : signs[l - 1]) * (l == L ? Rational.One : m[left(l, r)]) * m[right(l, c)];
        }
        return new WeightPoint(net, flat);
    }
}
