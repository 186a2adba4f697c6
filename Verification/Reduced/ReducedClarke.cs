using Checker.Symbolic.Numbers;
using Checker.Verification.Clarke;
using Checker.Verification.Exact;

namespace Checker.Verification.Reduced;

/// <summary>
/// The Clarke subdifferential of the reduced problem on a kink set (docs/theory.md §5):
/// ∂f(b) = g_off + conv{ Σ_{i∈Z} y_i c(sign x_iᵀd) x_i : d in an open region of the arrangement {x_iᵀd = 0 : i ∈ Z} },
/// with parallel samples sharing a side, antiparallel ones taking opposite sides and duplicates equal — the regions come
/// from <see cref="SignRegions"/>. Both enumerations solve the outer bound in which every kink takes its slope in
/// [min c, max c] independently (a linear system, what they search fast); this filter keeps exactly the points that are
/// Clarke KKT points. The outer bound contains ∂f, and for λ ≠ 0 a pattern carries at most one candidate (g is the
/// projection of g_off on the orthogonal complement of the kinked inputs), for λ = 0 the test depends on the pattern only,
/// so a complete outer list filtered is a complete Clarke list.
/// </summary>
public static class ReducedClarke
{
    /// <summary>Convex weights over the regions (region sign text over the kinked samples, in sample order) showing
    /// <paramref name="target"/> ∈ ∂f at a point with this pattern, or null when it is not in ∂f.</summary>
    public static List<(string Region, Rational Weight)>? Certificate(ReducedProblem p, string pattern, Rational[] target)
    {
        int d = p.Dimension;
        var z = Enumerable.Range(0, p.SampleCount).Where(i => pattern[i] == '0' && !p.IsZeroInput(i)).ToList();
        var off = Enumerable.Repeat(Rational.Zero, d).ToArray();
        for (int i = 0; i < p.SampleCount; i++)
        {
            if (pattern[i] == '0') continue;
            var c = p.Y[i] * p.SlopeFor(pattern[i] == '+' ? 1 : -1);
            for (int j = 0; j < d; j++) off[j] += c * p.X[i][j];
        }
        var need = target.Select((t, j) => t - off[j]).ToArray();
        if (z.Count == 0) return need.All(v => v.IsZero) ? [("", Rational.One)] : null;
        var regions = SignRegions.Enumerate(z.Select(i => p.X[i]).ToList(), d);
        var vertices = regions.Select(r =>
        {
            var v = Enumerable.Repeat(Rational.Zero, d).ToArray();
            for (int t = 0; t < z.Count; t++)
            {
                var c = p.Y[z[t]] * p.SlopeFor(r.Signs[t]);
                for (int j = 0; j < d; j++) v[j] += c * p.X[z[t]][j];
            }
            return v;
        }).ToList();
        var w = ExactLp.ConvexWeights(vertices, need);
        return w is null ? null : regions.Select((r, k) => (r.Text, w[k])).Where(t => !t.Item2.IsZero).ToList();
    }

    /// <summary>Whether the direction b is a KKT point of the reduced problem with value of sign <paramref name="valueSign"/>
    /// (±1): the one candidate element h = g_off − proj_{span X_Z}(g_off) of ∂f(b) that can be parallel to b must be a
    /// positive multiple of εb and lie in ∂f(b) (convex weights over the kink regions).</summary>
    public static bool IsKktPoint(ReducedProblem p, Rational[] b, int valueSign)
    {
        var pattern = p.PatternOf(b);
        int d = p.Dimension;
        var z = Enumerable.Range(0, p.SampleCount).Where(i => pattern[i] == '0' && !p.IsZeroInput(i)).Select(i => p.X[i]).ToArray();
        var off = Enumerable.Repeat(Rational.Zero, d).ToArray();
        for (int i = 0; i < p.SampleCount; i++)
        {
            if (pattern[i] == '0') continue;
            var c = p.Y[i] * p.SlopeFor(pattern[i] == '+' ? 1 : -1);
            for (int j = 0; j < d; j++) off[j] += c * p.X[i][j];
        }
        var h = (Rational[])off.Clone();
        if (z.Length > 0)
        {
            var gram = z.Select(a => z.Select(c => RationalLinearAlgebra.Dot(a, c)).ToArray()).ToArray();
            var alpha = RationalLinearAlgebra.Solve(gram, z.Select(a => RationalLinearAlgebra.Dot(a, off)).ToArray(), z.Length)!.Value.Particular;
            for (int t = 0; t < z.Length; t++) for (int j = 0; j < d; j++) h[j] -= alpha[t] * z[t][j];
        }
        var hb = RationalLinearAlgebra.Dot(h, b);
        if (hb.Sign != valueSign || hb * hb != RationalLinearAlgebra.Dot(h, h) * RationalLinearAlgebra.Dot(b, b)) return false;
        return Certificate(p, pattern, h) is not null;
    }

    /// <summary>The element of ∂f a KKT point needs: εg with g = εb for λ ≠ 0 (b is ±g itself), 0 for λ = 0.</summary>
    public static Rational[] Target(ReducedProblem p, ReducedKktPoint point) =>
        point.ValueSign == 0 ? Enumerable.Repeat(Rational.Zero, p.Dimension).ToArray() : point.Direction.Select(v => point.ValueSign * v).ToArray();

    /// <summary>Keeps the Clarke KKT points and families of an outer-bound enumeration, with their convex weights; says how
    /// many outer-bound points were dropped.</summary>
    public static ReducedKktResult Filter(ReducedKktResult outer)
    {
        var p = outer.Problem;
        var kept = new List<ReducedKktPoint>();
        int dropped = 0;
        foreach (var pt in outer.Points)
        {
            if (!pt.OnKink) { kept.Add(pt); continue; }
            var cert = Certificate(p, pt.Pattern, Target(p, pt));
            if (cert is null) { dropped++; continue; }
            kept.Add(pt with { ClarkeWeights = cert });
        }
        var families = new List<ReducedKktFamily>();
        bool complete = outer.Complete;
        string reason = outer.Reason;
        int droppedFamilies = 0;
        foreach (var f in outer.Families)
        {
            if (f.ValueSign != 0 || !f.Pattern.Contains('0') || f.Pattern.Contains('*')) { families.Add(f); continue; }
            if (Certificate(p, f.Pattern, Enumerable.Repeat(Rational.Zero, p.Dimension).ToArray()) is null) { droppedFamilies++; continue; }
            families.Add(f);
        }
        if (complete && outer.Families.Count > 0 && families.Count == 0)
            reason = "";
        string note = dropped + droppedFamilies == 0 ? "" :
            $"; {dropped} point(s) and {droppedFamilies} continu{(droppedFamilies == 1 ? "um" : "a")} of the independent-slope outer bound are not Clarke KKT points and were dropped";
        return outer with { Points = kept, Families = families, Complete = complete, Reason = reason, Statistics = outer.Statistics + note, DroppedByClarke = dropped + droppedFamilies };
    }
}
