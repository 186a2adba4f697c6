using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Verification.RankOne;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Verification.Claims;

/// <summary>
/// C4 (docs/theory.md#c4-rank-one-sufficiency-and-converse) on one instance, exactly: every positive KKT point of every reduced problem (complete enumeration,
/// kinks included) lifted with several rational unit factors a_l must be a full-network KKT point with N &gt; 0; every
/// other reduced KKT point (value ≤ 0) and seeded random non-KKT directions must not be. Decisions are rational
/// (<see cref="RankOneLift"/>: no square root is rounded).
/// </summary>
public sealed class C4RankOneSufficiencyCheck : IClaimCheck
{


    public ClaimResult Check(Instance instance, CheckContext context)
    {
        var (id, options, progress, cancellationToken) = (context.ClaimId, context.Options, context.Progress, context.Cancellation);
        var survey = RankOneSurvey.Run(instance, options, progress, cancellationToken);
        if (!survey.Complete) return new ClaimResult(id, Verdict.Inconclusive, survey.Reason, Certificates: survey.Certificates);
        int forward = 0, converse = 0;
        foreach (var e in survey.Entries)
        {
            bool kktPositive = e.Decision.Kkt && e.Decision.Ncf.Sign > 0;
            bool shouldBe = e.Point is { Positive: true };
            if (kktPositive != shouldBe)
            {
                string what = shouldBe
                    ? $"the positive reduced KKT point b = {RankOneSurvey.Vec(e.B)} (pattern {e.Point!.Pattern}) lifts with a_l = {e.Factors} to a point that is not a KKT point with N > 0: {e.Decision.Reason}{(e.Decision.Kkt ? "N ≤ 0" : "")}"
                    : $"b = {RankOneSurvey.Vec(e.B)} ({e.Source}) lifts with a_l = {e.Factors} to a KKT point with N > 0";
                return new ClaimResult(id, Verdict.Counterexample, what,
                    Witness: new RankOneLiftWitness(e.Signs, e.B.Select(v => v.ToString()).ToList(), e.Factors, e.Source),
                    Certificates: survey.Certificates);
            }
            if (shouldBe) forward++; else converse++;
        }
        int points = survey.Enumerations.Sum(r => r.Points.Count), positive = survey.Enumerations.Sum(r => r.Points.Count(p => p.Positive));
        int families = survey.Enumerations.Sum(r => r.Families.Count);
        var detail = $"exact on this instance: all {positive} positive reduced KKT points of the {survey.Enumerations.Count} sign vectors (enumerations proved complete) lift to KKT points with N > 0 ({forward} lifts over factor choices e1, e_last, (3/5,4/5)); " +
                     $"the {points - positive} other reduced KKT points and {survey.Entries.Count(e => e.Point is null)} random directions lift to no KKT point with N > 0 ({converse} lifts). " +
                     "these sampled lifts only probe the converse" +
                     (families > 0 ? $"; {families} continua of reduced KKT points (degenerate data) were not lifted" : "");
        // The converse for every b and every a_l ≥ 0: SMT over the rank-one parametrisation (RankOneConverse); the sampled
        // lifts above only probe it, so without the proof the verdict is inconclusive.
        var solver = options.CreateSolver(out var cert);
        var conv = RankOneConverse.Run(instance, survey.Enumerations, solver, TimeSpan.FromSeconds(Math.Max(1, options.TimeoutSeconds / 4)), cancellationToken, options.Jobs);
        IReadOnlyList<string> certs = [.. survey.Certificates, .. cert?.Written ?? []];
        var evidence = new C4Evidence
        {
            SignVectors = survey.Enumerations.Count, ReducedPoints = points, PositivePoints = positive, ForwardLifts = forward,
            ConverseLifts = converse, Continua = families, ConverseProved = conv.Proved,
        };
        if (conv.Counterexample) return new ClaimResult(id, Verdict.Counterexample, "converse fails: " + conv.Detail, Witness: conv.Witness, Evidence: evidence, Certificates: certs);
        return new ClaimResult(id, conv.Proved ? Verdict.Holds : Verdict.Inconclusive, $"{detail}; {conv.Detail}", Evidence: evidence, Certificates: certs);
    }
}
