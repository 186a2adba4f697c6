using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;

namespace Checker.Verification.Clarke;

/// <summary>One open region of a central arrangement: the sign of vᵢᵀd for every vector, and a rational d inside it.</summary>
public sealed record SignRegion(sbyte[] Signs, Rational[] Witness)
{
    public string Text => new(Signs.Select(s => s > 0 ? '+' : '-').ToArray());
}

/// <summary>
/// The open regions of the central arrangement {d : vᵢᵀd = 0} of non-zero vectors v₁…v_m in Qⁿ, each with a witness
/// direction. They are the sign vectors a linear map d ↦ (vᵢᵀd)ᵢ can take with no zero: parallel vectors share a sign,
/// antiparallel ones take opposite signs, duplicates are equal, and linearly independent ones take all 2^m. Built
/// incrementally (each region is split by the next hyperplane or not), every side decided by an exact LP.
/// This is where layer-1 neurons and the reduced problem get their adjacent sign vectors (SPEC §2, §5).
/// </summary>
public static class SignRegions
{
    /// <summary>Every region, in lexicographic order of the sign text ('+' before '-'); empty input gives one region (no
    /// signs, witness 0).</summary>
    public static List<SignRegion> Enumerate(IReadOnlyList<Rational[]> vectors, int n)
    {
        if (vectors.Any(v => v.All(x => x.IsZero))) throw new ArgumentException("a zero vector has no side");
        var regions = new List<SignRegion> { new([], Zero(n)) };
        for (int i = 0; i < vectors.Count; i++)
        {
            var next = new List<SignRegion>();
            foreach (var r in regions)
            {
                foreach (sbyte s in new sbyte[] { 1, -1 })
                {
                    var signs = r.Signs.Append(s).ToArray();
                    var w = Dot(vectors[i], r.Witness).Sign == s ? r.Witness : Find(vectors, signs, n);
                    if (w is not null) next.Add(new SignRegion(signs, w));
                }
            }
            regions = next;
        }
        return regions;
    }

    /// <summary>A direction d with sᵢ vᵢᵀd &gt; 0 for every i, or null when the sign vector is no region.</summary>
    public static Rational[]? Find(IReadOnlyList<Rational[]> vectors, IReadOnlyList<sbyte> signs, int n)
    {
        var rows = new List<Rational[]>();
        for (int i = 0; i < signs.Count; i++) rows.Add(vectors[i].Select(x => signs[i] * x).ToArray());
        return ExactLp.StrictSolution(rows, n);
    }

    internal static Rational Dot(IReadOnlyList<Rational> a, IReadOnlyList<Rational> b)
    {
        var s = Rational.Zero;
        for (int j = 0; j < a.Count; j++) if (!a[j].IsZero && !b[j].IsZero) s += a[j] * b[j];
        return s;
    }

    private static Rational[] Zero(int n) => Enumerable.Repeat(Rational.Zero, n).ToArray();
}
