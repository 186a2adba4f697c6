using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>
/// The part of classifying a rank-one KKT point that does not depend on how its weights are known — exactly
/// (<see cref="KktClassification.Of"/>, rationals) or as proved enclosures (<see cref="EnclosureClassifier"/>,
/// intervals): orienting the hidden factors a_l, their supports, the layer signs s_l and the activation pattern of b.
/// An entry's sign is +1/−1 when known, 0 when it is exactly zero or (for an enclosure) not decided; exact zeros are
/// told apart by <c>isZero</c>.
/// </summary>
internal static class RankOneStructure
{
    /// <summary>
    /// Whether every hidden factor is sign-definite: false when some factor has entries of both signs (or none non-zero),
    /// null when that cannot be decided (a non-zero entry of unknown sign), true otherwise; a sign-definite factor is
    /// oriented non-negative in place.
    /// </summary>
    public static bool? OrientFactors<T>(T[][] factors, Func<T, bool> isZero, Func<T, int> sign, Func<T, T> negate)
    {
        bool? definite = true;
        for (int l = 0; l < factors.Length; l++)
        {
            var nonZero = factors[l].Where(x => !isZero(x)).ToList();
            if (nonZero.Count == 0) return false;
            if (nonZero.Any(x => sign(x) == 0)) { definite = null; continue; }
            if (nonZero.Select(sign).Distinct().Count() > 1) return false;
            if (sign(nonZero[0]) < 0) factors[l] = factors[l].Select(negate).ToArray();
        }
        return definite;
    }

    /// <summary>|supp a_l| for every hidden factor.</summary>
    public static int[] Supports<T>(T[][] factors, Func<T, bool> isZero) => factors.Select(a => a.Count(x => !isZero(x))).ToArray();

    /// <summary>s_1 = +1 (absorbed into b) and, for l ≥ 2, the sign of W_l's first entry of known non-zero sign (its
    /// entries are s_l a_l[i] a_{l−1}[j] with oriented factors).</summary>
    public static int[] LayerSigns<T>(T[][,] layers, Func<T, int> sign)
    {
        var signs = new int[layers.Length];
        signs[0] = 1;
        for (int l = 1; l < layers.Length; l++)
        {
            var m = layers[l];
            for (int i = 0; i < m.GetLength(0) && signs[l] == 0; i++)
                for (int j = 0; j < m.GetLength(1) && signs[l] == 0; j++) signs[l] = sign(m[i, j]);
        }
        return signs;
    }

    /// <summary>The sign of x_iᵀb for every sample, '+', '-', '0' or '~' (not decided), from a row of W_1 (a positive
    /// multiple of bᵀ).</summary>
    public static string Pattern<T>(Instance instance, T[] w1, Func<Rational, T, T> scale, Func<T, T, T> add,
        Func<T, bool> isZero, Func<T, int> sign)
    {
        return string.Concat(instance.Inputs.Select(x =>
        {
            var t = scale(x[0], w1[0]);
            for (int j = 1; j < x.Length; j++) t = add(t, scale(x[j], w1[j]));
            return isZero(t) ? '0' : sign(t) > 0 ? '+' : sign(t) < 0 ? '-' : '~';
        }));
    }
}
