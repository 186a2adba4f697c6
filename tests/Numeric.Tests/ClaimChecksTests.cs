using Checker.Verification.Contracts;
using Checker.Numeric.Flows;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Verification.Claims;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Numeric.Tests;

public class ClaimChecksTests
{
    private static Instance Data(int[] widths, string activation) => widths[0] == 3
        ? TestInstances.Make("d3", [[1, 2, 0], [-1, 1, 2], [2, -1, 1], [0, 1, -1]], [1, -1, 2, 1], widths, TestInstances.Preset(activation))
        : TestInstances.Make("d2", [[1, 2], [-1, 1], [2, -1], [1, 1]], [1, -1, 2, 1], widths, TestInstances.Preset(activation));

    private static ClaimResult Check(string id, Instance inst) =>
        ClaimRunner.Run(id, inst, new CheckOptions { Seed = 3, TimeoutSeconds = 60 }).Result;

    [Theory]
    [InlineData("C7", new[] { 3, 3, 1 }, "polyrelu:2")]
    [InlineData("C7", new[] { 2, 2, 2, 1 }, "signedpoly:2,1/2")]
    [InlineData("C9", new[] { 3, 3, 1 }, "polyrelu:2")]
    [InlineData("C9", new[] { 2, 2, 2, 1 }, "linear")]
    [InlineData("C10", new[] { 3, 3, 2, 1 }, "relu")]
    [InlineData("C10", new[] { 3, 3, 1 }, "polyleaky:3,1/2")]
    public void Claim_holds_numerically_and_states_its_tolerance(string id, int[] widths, string activation)
    {
        var r = Check(id, Data(widths, activation));
        Assert.True(r.Verdict == Verdict.HoldsNumerically, $"{id}: {r.Verdict.Name()}: {r.Detail}");
        string? tolerance = r.Evidence switch { C7Evidence e => e.Tolerance, C9Evidence e => e.Tolerance, C10Evidence e => e.Tolerance, _ => null };
        Assert.False(string.IsNullOrWhiteSpace(tolerance), $"{id}: no tolerance in the evidence");
        Assert.Contains("tolerance", r.Detail);
    }

    [Theory]
    [InlineData("C7", new[] { 2, 3, 1 }, "polyrelu:1")]        // ReLU: p = 1
    [InlineData("C7", new[] { 2, 2, 1 }, "linear")]            // Λ = 2
    [InlineData("C9", new[] { 2, 2, 1 }, "polyleaky:1,1/2")]   // Λ = 2
    [InlineData("C9", new[] { 2, 3, 3, 1 }, "relu")]           // non-Lipschitz ∇H
    public void Claim_is_not_applicable_with_a_reason(string id, int[] widths, string activation)
    {
        var r = Check(id, Data(widths, activation));
        Assert.Equal(Verdict.NotApplicable, r.Verdict);
        Assert.False(string.IsNullOrWhiteSpace(r.Detail));
    }

    [Fact]
    public void Training_flow_tracks_the_rescaled_ncf_flow_as_delta_shrinks()
    {
        foreach (var (widths, act) in new[] { (new[] { 3, 3, 1 }, "polyrelu:2"), (new[] { 2, 3, 2, 1 }, "signedpoly:2,1/3") })
        {
            var model = NcfModel.Compile(Data(widths, act));
            double[]? w0 = null; double tauE = 0;
            for (int seed = 1; w0 is null; seed++)
            {
                var d = InitialDirection.Gaussian(model.WeightCount, seed);
                var ncf = FlowSimulator.Run(model, FlowKind.Ncf, d, new FlowOptions { Until = FlowStop.Escape });
                if (ncf.EscapeTime is { } te) { w0 = d; tauE = te; }
            }
            double previous = double.PositiveInfinity;
            foreach (var delta in new[] { 0.1, 0.03, 0.01 })
            {
                var tr = FlowSimulator.Run(model, FlowKind.Training, w0, new FlowOptions { Delta = delta, Until = FlowStop.Escape });
                double err = Math.Abs(tr.EscapeTimeRescaled!.Value - tauE) / tauE;
                Assert.True(err < previous || err < 1e-10, $"{act} δ = {delta}: error {err} did not shrink from {previous}");
                // t_escape·δ^{Λ−2} is the rescaled time exactly.
                Assert.Equal(tr.EscapeTimeRescaled.Value, tr.EscapeTime!.Value * Math.Pow(delta, model.Degree - 2), 1e-9 * tauE);
                previous = err;
            }
            Assert.True(previous < 1e-3, $"{act}: error at δ = 0.01 is {previous}");
        }
    }
}
