using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;
using Checker.Verification.Reduced;
using Checker.Verification.Solvers;

namespace Checker.Verification.FullNetwork;

/// <summary>
/// Links full-network KKT points of p = 1 nets to the reduced problem of docs/theory.md#reduced-problem (issue 5: "which reduced KKT point
/// it corresponds to"), and uses that link to certify candidates that stalled near a kink:
/// <list type="bullet">
/// <item>a rank-one point W_1 = a_1bᵀ, W_l = s_l a_l a_{l−1}ᵀ (s_1 = +1, absorbed into b) corresponds to the reduced
/// problem with signs s; its b is matched EXACTLY (parallel, same orientation) against the complete enumeration
/// <see cref="ReducedKktEnumerator.Enumerate"/> of that sign vector, the same list `checker kkt --reduced --signs s`
/// prints;</item>
/// <item>a stalled candidate is snapped to the reduced KKT points nearest its numeric b: b is taken exactly from the
/// enumeration, the Clarke slope of every kink sample from the reduced point's slope (Π_l σ'_l = s_1⋯s_L·σ_i, split over
/// layers), and <see cref="KktCertifier.Check(Instance, WeightPoint, Func{Symbolic.Evaluation.Kink, Rational}?, out string)"/>
/// decides exactly (C4 says it must pass when the supports are right).</item>
/// </list>
/// Enumerations are cached per reduced problem (sign vectors with equal slopes share one) and bounded by the deadline.
/// </summary>
public sealed class ReducedMatcher
{
    private readonly Instance _instance;
    private readonly DateTime _deadline;
    private readonly int _seed;
    private readonly string _solver;
    private readonly SharedSlopeEnumerations _enumerations = new();

    /// <param name="solver">The --solver backend name for the enumerations.</param>
    public ReducedMatcher(Instance instance, DateTime deadline, int seed, string? solver = null)
    {
        _solver = solver ?? SolverFactory.Default;
        _instance = instance;
        _deadline = deadline;
        _seed = seed;
    }

    /// <summary>Whether matching applies: p = 1, L ≥ 2 and 0 ≤ a₋ ≤ a₊ (the rank-one theory of docs/theory.md#c4-rank-one-sufficiency-and-converse).</summary>
    public static bool Applies(Instance instance)
    {
        var act = instance.Network.Activation;
        return act.Power == 1 && instance.Network.Depth >= 2 && act.Neg.Sign >= 0 && act.Neg <= act.Pos;
    }

    /// <summary>The complete reduced enumeration for sign vector <paramref name="signs"/>, or null when it did not finish.</summary>
    public ReducedKktResult? Enumerate(int[] signs, CancellationToken ct)
    {
        return _enumerations.For(ReducedProblem.Create(_instance, signs), problem =>
        {
            var solver = SolverFactory.TryCreate(_solver, out _);
            if (solver is null || DateTime.UtcNow >= _deadline) return null;
            try
            {
                var remaining = _deadline - DateTime.UtcNow;
                return ReducedClarke.Filter(ReducedKktEnumerator.Enumerate(problem, new ReducedKktOptions(solver) { Deadline = _deadline, QueryLimit = remaining, RandomSeed = _seed }, null, ct));
            }
            catch (OperationCanceledException) { return null; }
        });
    }

    /// <summary>The description of the reduced KKT point matching a certified rank-one point, or why there is none.</summary>
    public (string Text, int? Index) Describe(KktClassification cls, CancellationToken ct)
    {
        if (!cls.RankOne) return ("not rank-one", null);
        if (cls.SignDefinite != true || cls.ReducedDirection is not { } b || cls.Signs is not { } signs) return ("rank-one but not sign-definite: outside C4", null);
        var r = Enumerate(signs, ct);
        if (r is null) return ("reduced enumeration did not finish in time", null);
        var s = "(" + string.Join(",", signs.Select(x => x > 0 ? "+1" : "-1")) + ")";
        for (int k = 0; k < r.Points.Count; k++)
            if (RationalLinearAlgebra.SameRay(r.Points[k].Direction, b))
                return ($"s={s} #{k + 1} pattern {r.Points[k].Pattern}{(r.Complete ? "" : " (enumeration not complete)")}", k + 1);
        return (r.Complete ? $"s={s}: NO reduced KKT point has this b (complete enumeration): contradicts C4" : $"s={s}: not among the reduced KKT points found (enumeration not complete)", null);
    }

    /// <summary>Snaps a stalled p = 1 candidate to the nearest reduced KKT points and checks the lifted point exactly.</summary>
    public CertificationOutcome? CertifyNear(double[] candidate, CancellationToken ct, out string reason)
    {
        reason = "";
        // Stalled ascents still carry neurons on their way out: drop wrong-signed ones up to growing fractions.
        foreach (var junk in new[] { 0.1, 0.2, 0.3 })
        {
            var o = CertifyNear(candidate, junk, ct, out var why);
            if (o is not null) return o;
            reason = why;
        }
        return null;
    }

    private CertificationOutcome? CertifyNear(double[] candidate, double junk, CancellationToken ct, out string reason)
    {
        if (RankOneKinkCertifier.NumericRankOne(_instance, candidate, out reason, junk) is not var (a, signs, bNum)) return null;
        var r = Enumerate(signs, ct);
        if (r is null) { reason = "reduced enumeration did not finish in time"; return null; }
        double bn = Math.Sqrt(bNum.Sum(x => x * x));
        var near = r.Points.Select((p, k) => (p, k, cos: Cosine(p.Direction, bNum, bn))).Where(t => t.cos > 0.9).OrderByDescending(t => t.cos).Take(3).ToList();
        if (near.Count == 0) { reason = $"no reduced KKT point of s=({string.Join(",", signs)}) within cosine 0.9 of the candidate's b"; return null; }
        int sProd = signs.Aggregate(1, (x, y) => x * y);
        foreach (var (p, k, cos) in near)
        {
            ct.ThrowIfCancellationRequested();
            var cert = RankOneKinkCertifier.BuildAndCheck(_instance, a, signs, p.Direction, out var why);
            if (cert is not null)
                return new CertificationOutcome(cert, $"snapped to reduced KKT point #{k + 1} (pattern {p.Pattern}, cosine {cos:F4}) (Clarke KKT at its kinks)", null);
            reason = $"nearest reduced KKT point #{k + 1} (cosine {cos:F4}) does not lift: {why}";
        }
        return null;
    }

    private static double Cosine(Rational[] dir, double[] b, double bn)
    {
        var d = dir.Select(x => x.ToDouble()).ToArray();
        double dn = Math.Sqrt(d.Sum(x => x * x));
        return dn == 0 || bn == 0 ? 0 : d.Zip(b, (x, y) => x * y).Sum() / (dn * bn);
    }
}
