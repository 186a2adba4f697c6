using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;
using Checker.Verification.RankOne;

namespace Checker.Verification.Claims;

/// <summary>
/// C2 (SPEC.md §4), exactly, at every KKT point this build can produce exactly: for p = 1, the rank-one lifts of all
/// reduced KKT points that are full-network KKT points (<see cref="RankOneLift"/>), where λ = ΛN(u) reads
/// ν = Λ N(v⁰)/(L q) in rationals. For p ≥ 2 no exact KKT points are produced here, so the verdict is inconclusive.
/// </summary>
public sealed class C2KktMultiplierCheck : IClaimCheck
{
    public string Id => "C2";

    public bool Applies(Instance instance, out string reason) { reason = "any instance"; return true; }

    public ClaimResult Check(Instance instance, CheckOptions options, IProgress<CheckProgress>? progress, CancellationToken cancellationToken)
    {
        var net = instance.Network;
        if (net.Activation.Power != 1 || net.Depth < 2)
            return new ClaimResult(Id, Verdict.Inconclusive, "this build produces exact KKT points only through the reduced problem (p = 1, L ≥ 2); nothing was checked");
        var survey = RankOneSurvey.Run(instance, options, progress, cancellationToken, randomProbes: 0);
        if (!survey.Complete) return new ClaimResult(Id, Verdict.Inconclusive, survey.Reason, Certificates: survey.Certificates);
        var lambdaDeg = new Rational(net.Degree);
        int checkedPoints = 0;
        foreach (var e in survey.Entries.Where(e => e.Decision.Kkt))
        {
            var expected = lambdaDeg * e.Decision.Ncf / (new Rational(net.Depth) * RationalLinearAlgebra.Dot(e.B, e.B));
            if (e.Decision.Nu != expected)
                return new ClaimResult(Id, Verdict.Counterexample, $"at the rank-one KKT point from b = {RankOneSurvey.Vec(e.B)} (a_l = {e.Factors}) the multiplier is ν = {e.Decision.Nu}, Λ N gives {expected}",
                    Witness: new { signs = e.Signs, b = e.B.Select(v => v.ToString()).ToList(), factors = e.Factors }, Certificates: survey.Certificates);
            checkedPoints++;
        }
        if (checkedPoints == 0) return new ClaimResult(Id, Verdict.Inconclusive, "no exact KKT point was found to check λ = ΛN on", Certificates: survey.Certificates);
        return new ClaimResult(Id, Verdict.Holds,
            $"exact at all {checkedPoints} rank-one KKT points lifted from the complete reduced enumerations (all sign vectors, 3 factor choices); scope: these KKT points, not every KKT point of the network",
            Evidence: new Dictionary<string, object> { ["kkt_points_checked"] = checkedPoints }, Certificates: survey.Certificates);
    }
}
