using Checker.Numeric.Flows;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.IO;
using Checker.Symbolic.Model;
using Checker.Verification.Claims;
using Checker.Verification.Claims.Witnesses;
using Checker.Verification.Contracts;
using Checker.Verification.FullNetwork;

namespace Checker.Verification.Tests;

/// <summary>
/// The flow claims C7–C9 on signedpoly nets (p ≥ 2, so ∇H is locally Lipschitz and they apply): the instances of the
/// issue-13 depth-3 census that left them inconclusive (bench/oracles/depth3_census.py, seeds 13 and 21), plus
/// signedpoly at depth 2 and 4, data with Xy = 0, and Λ = 2 (not applicable). docs/theory.md#c7-ncf-flow-trichotomy ff.
/// </summary>
public class SignedPolyFlowClaimTests
{
    private static Instance Parse(string json) => InstanceReader.Parse(json, "inline");

    private static ClaimResult Run(string id, Instance inst) => ClaimRunner.Run(id, inst, new CheckOptions { TimeoutSeconds = 120 }).Result;

    // Seed 13, depth3-02: the NCF flow from C8's start comes to rest at a point with N = 0.
    private const string Census13Of02 = """{"name": "depth3-02", "inputs": [["-1"], ["1"], ["4"]], "labels": ["-1/2", "1/2", "-3/4"], "network": {"widths": [1, 2, 1, 1], "activation": "signedpoly:2,1/2"}}""";
    // Seed 13, depth3-03: Λ = 13, the δ^Λ perturbation is below the integrators' noise on the whole ladder.
    private const string Census13Of03 = """{"name": "depth3-03", "inputs": [["3", "4", "2"], ["-4", "3", "3"]], "labels": ["-3/2", "-2"], "network": {"widths": [3, 2, 1, 1], "activation": "signedpoly:3,1/4"}}""";
    // Seed 13, depth3-14: C8's δ = 0.003 training flow re-based its clock on its very last step.
    private const string Census13Of14 = """{"name": "depth3-14", "inputs": [["1", "2", "4"], ["-1", "-4", "-1/2"]], "labels": ["-1/4", "-1"], "network": {"widths": [3, 2, 3, 1], "activation": "signedpoly:2,1/2"}}""";
    // Seed 21, depth3-14: the NCF direction enters the ε/4-cone 1.4e-12·τ* before the blow-up.
    private const string Census21Of14 = """{"name": "depth3-14", "inputs": [["-2"], ["3/2"], ["1"], ["3/2"], ["4"]], "labels": ["1", "4", "1", "-2", "-4"], "network": {"widths": [1, 2, 3, 1], "activation": "signedpoly:2,1/2"}}""";

    [Fact]
    public void C8_at_a_rest_point_with_zero_ncf_takes_the_rest_direction_as_u_star()
    {
        var r = Run("C8", Parse(Census13Of02));
        Assert.True(r.Verdict == Verdict.HoldsNumerically, r.Detail);
        var e = Assert.IsType<C8Evidence>(r.Evidence);
        Assert.Equal(nameof(FlowOutcome.Stationary), e.NcfOutcome);
        Assert.Equal(0, e.NcfToLimitCosineGap);
        Assert.True(e.NcfDirectionResidual <= C8EarlyDirectionalConvergenceCheck.DirectionTolerance, $"residual {e.NcfDirectionResidual}");
        Assert.Contains("ε = 0.01", r.Detail);
        // The rest direction really is a rest direction: N and its tangential gradient vanish there (to the flow's
        // 1e-9 stationarity tolerance), unlike the N = 6.75 KKT point the sphere flow used to drift to.
        var inst = Parse(Census13Of02);
        var model = NcfModel.Compile(inst);
        var w0 = SphereAscent.RandomDirection(model.WeightCount, 1);
        var ncf = FlowSimulator.Run(model, FlowKind.Ncf, w0, new FlowOptions { MaxSteps = 500_000 });
        Assert.Equal(FlowOutcome.Stationary, ncf.Outcome);
        Assert.True(Math.Abs(model.Ncf(ncf.FinalDirection)) < 1e-8, $"N = {model.Ncf(ncf.FinalDirection)}");
    }

    [Fact]
    public void C8_training_flow_that_rebases_on_its_last_step_reaches_its_end_time()
    {
        var inst = Parse(Census13Of14);
        var model = NcfModel.Compile(inst);
        var w0 = SphereAscent.RandomDirection(model.WeightCount, 1);
        // T_ε of C8 on this instance, and the rung δ = 0.003 whose run ended exactly at T_ε/δ^(Λ−2) after a re-base.
        double tEnd = 0.617647089316991 / Math.Pow(0.003, model.Degree - 2);
        var tr = FlowSimulator.Run(model, FlowKind.Training, w0, new FlowOptions { Delta = 0.003, Until = FlowStop.At(tEnd), MaxSteps = 500_000 });
        Assert.Equal(FlowOutcome.TimeReached, tr.Outcome);
        Assert.Equal(tEnd, tr.FinalTime, 1e-12 * tEnd);
        var r = Run("C8", inst);
        Assert.True(r.Verdict == Verdict.HoldsNumerically, r.Detail);
        var e = Assert.IsType<C8Evidence>(r.Evidence);
        Assert.True(e.UStarCertified);
        Assert.All(e.Cosines!.TakeLast(2), c => Assert.True(c >= 1 - C8EarlyDirectionalConvergenceCheck.Epsilon, $"cos {c}"));
    }

    [Fact]
    public void C8_cone_entered_within_a_tiny_fraction_of_tau_star_is_compared_at_equal_norm()
    {
        var r = Run("C8", Parse(Census21Of14));
        Assert.True(r.Verdict == Verdict.HoldsNumerically, r.Detail);
        var e = Assert.IsType<C8Evidence>(r.Evidence);
        Assert.True(e.UStarCertified);
        Assert.NotNull(e.MatchedNorm);
        Assert.True(e.NcfBlowupTime - e.TEpsilon < C8EarlyDirectionalConvergenceCheck.UnresolvedFraction * e.NcfBlowupTime);
        int last = e.Cosines!.Count - 1;
        foreach (int k in new[] { last - 1, last })
        {
            Assert.True(e.Cosines[k] >= 1 - C8EarlyDirectionalConvergenceCheck.Epsilon, $"δ = {e.Deltas![k]}: cos {e.Cosines[k]}");
            Assert.Equal(e.TEpsilon!.Value, e.RescaledTimes![k], 1e-9 * e.TEpsilon.Value);
        }
    }

    [Fact]
    public void C9_errors_at_the_integrators_noise_are_not_read_as_growing()
    {
        var r = Run("C9", Parse(Census13Of03));
        Assert.True(r.Verdict == Verdict.HoldsNumerically, r.Detail);
        var e = Assert.IsType<C9Evidence>(r.Evidence);
        Assert.Equal(-11, e.ExpectedSlope);
        Assert.True(Math.Abs(e.FittedSlope!.Value + 11) <= C9EscapeScalingCheck.SlopeTolerance);
        // The noise is measured, not assumed: two integrations of the same NCF escape differ by more than 1e-9 here,
        // and every error along the ladder lies within the stated floor of that difference.
        Assert.NotNull(e.NumericNoise);
        Assert.True(e.NumericNoise > C9EscapeScalingCheck.NoiseFloor, $"noise {e.NumericNoise}");
        Assert.All(e.Ladder, row => Assert.True(row.RelativeErrorVsNcf <= C9EscapeScalingCheck.NoiseFactor * e.NumericNoise, $"δ = {row.Delta}: {row.RelativeErrorVsNcf}"));
        Assert.Contains("noise floor", r.Detail);
    }

    [Theory]
    [InlineData("""{"name": "sp-depth2", "inputs": [["1", "-2"], ["3/2", "1"], ["-1", "1/2"]], "labels": ["1", "-1/2", "2"], "network": {"widths": [2, 3, 1], "activation": "signedpoly:2,1/2"}}""")]
    [InlineData("""{"name": "sp-depth4", "inputs": [["1", "-2"], ["3/2", "1"], ["-1", "1/2"]], "labels": ["1", "-1/2", "2"], "network": {"widths": [2, 2, 2, 2, 1], "activation": "signedpoly:2,1/2"}}""")]
    [InlineData("""{"name": "sp-xy0", "inputs": [["1", "2"], ["-1", "1"], ["2", "1"]], "labels": ["1", "-1", "-1"], "network": {"widths": [2, 2, 2, 1], "activation": "signedpoly:3,1/4"}}""")]
    public void Flow_claims_are_decided_with_their_tolerance(string json)
    {
        var inst = Parse(json);
        foreach (var id in new[] { "C7", "C8", "C9" })
        {
            var r = Run(id, inst);
            Assert.True(r.Verdict == Verdict.HoldsNumerically, $"{inst.Name} {id}: {r.Verdict} {r.Detail}");
            Assert.Contains("tolerance", r.Detail);
        }
    }

    [Fact]
    public void Flow_claims_do_not_apply_at_lambda_two()
    {
        var inst = Parse("""{"name": "sp-lambda2", "inputs": [["1", "2"], ["-1", "1"]], "labels": ["1", "-1"], "network": {"widths": [2, 2, 1], "activation": "signedpoly:1,1/2"}}""");
        Assert.Equal(2, (int)inst.Network.Degree);
        foreach (var id in new[] { "C7", "C8", "C9" })
        {
            var r = Run(id, inst);
            Assert.Equal(Verdict.NotApplicable, r.Verdict);
            Assert.Contains("Λ > 2", r.Detail);
        }
    }
}
