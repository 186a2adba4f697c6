using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Certificates;
using Checker.Verification.Exact;
using Checker.Verification.RankOne;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Verification.Claims;

/// <summary>
/// C2 (docs/theory.md#c2-kkt-multiplier): at every KKT point u of the constrained NCF, λ = ΛN(u).
/// <para>
/// General part (a proof for every KKT point of the instance, any p): ‖u‖ = 1 and g = λu for a (Clarke) gradient g give
/// λ = λ‖u‖² = uᵀg, and uᵀg = ΛN(u) by Euler's identity (C1), proved as a polynomial identity on every pattern piece
/// y_i·H_s(x_i) (<see cref="EulerPieceIdentities"/>). For p = 1 at a kink, every Clarke element (slopes θ ∈ [a₋, a₊] per
/// sample and neuron) is multilinear in the θ's, so a convex combination of its values at the box vertices, each the
/// gradient at u of one pattern piece whose closure contains u; uᵀg − ΛN is linear in g, so it vanishes for every choice.
/// With --certificates the piece identities and the step from Euler to λ = ΛN are written as `.smt2` files
/// (<see cref="EulerCertificates"/>).
/// </para>
/// <para>
/// Concrete part (independent evidence, p = 1 and L ≥ 2): every rank-one KKT point lifted from the complete reduced
/// enumerations (<see cref="RankOneLift"/>), where λ = ΛN(u) reads ν = Λ N(v⁰)/(L q) in rationals.
/// </para>
/// </summary>
public sealed class C2KktMultiplierCheck : IClaimCheck
{


    public ClaimResult Check(Instance instance, CheckContext context)
    {
        var (id, options, progress, cancellationToken) = (context.ClaimId, context.Options, context.Progress, context.Cancellation);
        var net = instance.Network;
        double Remaining() => context.Budget.Remaining.TotalSeconds;

        // 1. The general argument (its stage of the budget when the concrete rank-one part below runs, else all but 2 s for the report).
        bool concreteRuns = net.Activation.Power == 1 && net.Depth >= 2;
        EulerProof.Result euler;
        using (var proof = concreteRuns ? context.Budget.For(BudgetStage.GeneralArgumentBeforeConcretePoints) : context.Budget.For(BudgetStage.GeneralArgumentAlone))
            euler = EulerProof.Run(instance, context, EulerCertificates.Identity.Whole, proof);
        bool proved = euler.Proved;
        var certificates = new List<string>(euler.Certificates);
        if (proved && options.CertificateDirectory is { } dir) certificates.Add(EulerCertificates.WriteMultiplierStep(instance, dir, id));
        string general = proved
            ? $"proved for every KKT point of this instance (‖u‖ = 1, ∇N(u) = λu{(net.Activation.HasKink ? " with any Clarke element at kinks" : "")}): λ = uᵀ∇N(u) = ΛN(u) = {net.Degree}·N(u), " +
              $"since Euler's identity uᵀ∇N = ΛN holds as a polynomial identity on all {euler.PiecesChecked} pattern pieces y_i·H_s(x_i) (proof: {euler.Method})" +
              (net.Activation.HasKink ? " and every Clarke element is a convex combination of piece gradients" : "")
            : euler.Failure is not null ? $"Euler's identity FAILS on a pattern piece ({euler.Failure}), so the general argument is unavailable"
            : $"the general argument was not completed ({euler.NotCompleted})";

        // 2. Concrete exact KKT points (p = 1, L ≥ 2): rank-one lifts of the complete reduced enumerations.
        int checkedPoints = 0;
        string concrete;
        if (net.Activation.Power == 1 && net.Depth >= 2 && Remaining() > 1)
        {
            var survey = RankOneSurvey.Run(instance, options with { TimeoutSeconds = context.Budget.Length(BudgetStage.SearchBeforeReport).TotalSeconds }, progress, cancellationToken, randomProbes: 0);
            certificates.AddRange(survey.Certificates);
            var lambdaDeg = new Rational(net.Degree);
            foreach (var e in survey.Entries.Where(e => e.Decision.Kkt))
            {
                var expected = lambdaDeg * e.Decision.Ncf / (new Rational(net.Depth) * RationalLinearAlgebra.Dot(e.B, e.B));
                if (e.Decision.Nu != expected)
                    return new ClaimResult(id, Verdict.Counterexample, $"at the rank-one KKT point from b = {RankOneSurvey.Vec(e.B)} (a_l = {e.Factors}) the multiplier is ν = {e.Decision.Nu}, Λ N gives {expected}",
                        Witness: new RankOneLiftWitness(e.Signs, e.B.Select(v => v.ToString()).ToList(), e.Factors), Certificates: certificates);
                checkedPoints++;
            }
            concrete = survey.Complete
                ? $"checked exactly at all {checkedPoints} rank-one KKT points lifted from the complete reduced enumerations (all sign vectors, 3 factor choices)"
                : $"checked exactly at {checkedPoints} rank-one KKT points; the reduced enumerations were not all completed ({survey.Reason})";
        }
        else concrete = net.Activation.Power == 1 && net.Depth >= 2
            ? "no time left for the concrete rank-one KKT points"
            : "no concrete exact KKT points checked (the rank-one lifts need p = 1, L ≥ 2)";

        var evidence = new C2Evidence
        {
            GeneralProof = proved,
            PatternPieces = euler.PiecesChecked,
            Scope = proved ? "every KKT point of the instance" : "only the concrete points listed",
            KktPointsChecked = checkedPoints,
        };
        if (proved) return new ClaimResult(id, Verdict.Holds, $"{general}; additionally {concrete}", Evidence: evidence, Certificates: certificates);
        return new ClaimResult(id, Verdict.Inconclusive, $"{general}; only concrete points: {concrete}", Evidence: evidence, Certificates: certificates);
    }
}
