using Checker.Numeric.Flows;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;

namespace Checker.Numeric.Tests;

public class NcfFlowTests
{
    public static TheoryData<string, int[], int> KktCases => new()
    {
        { "polyrelu:2", new[] { 2, 1 , 1 }, 0 },          // Λ = 3, depth 2
        { "polyrelu:2", new[] { 3, 3, 1 }, 0 },           // zero-padded neurons
        { "polyrelu:3", new[] { 2, 2, 1 }, 0 },           // Λ = 4
        { "polyrelu:2", new[] { 2, 2, 3, 1 }, 0 },        // depth 3, Λ = 7
        { "polyrelu:3", new[] { 3, 2, 2, 1 }, 0 },        // depth 3, Λ = 13
        { "polyrelu:4", new[] { 2, 1, 1, 1 }, 0 },        // Λ = 21
    };

    [Theory]
    [MemberData(nameof(KktCases))]
    public void Blowup_time_from_a_positive_KKT_ray_matches_the_closed_form(string activation, int[] widths, int _)
    {
        var inst = TestInstances.PathInstance("kkt", widths, TestInstances.Preset(activation));
        var model = NcfModel.Compile(inst);
        var (u, n) = TestInstances.PathKkt(inst.Network);
        Assert.Equal(n, model.Ncf(u), 1e-14);
        Assert.True(FlowSimulator.TangentialResidual(model, u) < 1e-14, "the constructed point is KKT");
        double lambda = model.Degree;
        var r = FlowSimulator.Run(model, FlowKind.Ncf, u, new FlowOptions());
        Assert.True(r.Outcome == FlowOutcome.BlowUp, r.Outcome + ": " + r.Reason);
        double expected = 1 / (lambda * (lambda - 2) * n);
        double rel = Math.Abs(r.BlowupTime!.Value - expected) / expected;
        Assert.True(rel < 1e-10, $"τ* = {r.BlowupTime:R}, closed form {expected:R}, relative error {rel:G3}");
        // Along the way ‖u(τ)‖ = (1 − Λ(Λ−2)N τ)^{−1/(Λ−2)} (docs/theory.md#ncf-flow).
        // Compared in the well-conditioned direction: the time at which the law reaches the recorded norm.
        Assert.True(r.Samples.Count > 20);
        foreach (var s in r.Samples)
        {
            double tauLaw = (1 - Math.Pow(s.Norm, -(lambda - 2))) / (lambda * (lambda - 2) * n);
            Assert.True(Math.Abs(s.Time - tauLaw) <= 1e-10 * expected, $"‖u‖ = {s.Norm}: τ = {s.Time}, law {tauLaw}");
        }
    }

    [Theory]
    [InlineData("signedpoly:2,1/2", new[] { 3, 4, 1 }, 11)]
    [InlineData("polyleaky:2,1/3", new[] { 2, 3, 2, 1 }, 12)]
    [InlineData("polyrelu:3", new[] { 3, 3, 1 }, 13)]
    public void Blowup_from_a_random_start_agrees_with_the_formula_at_its_limit_direction(string activation, int[] widths, int seed)
    {
        // Independent check: converge the sphere flow from a random start to a KKT direction θ*, then start the NCF
        // flow there; the blow-up time must be 1/(Λ(Λ−2)N(θ*)). And the random start itself blows up later or earlier
        // but its limit direction is a positive KKT point.
        var inst = widths[0] == 3
            ? TestInstances.Make("rand", [[1, 2, 0], [-1, 1, 2], [2, -1, 1], [0, 1, -1]], [1, -1, 2, 1], widths, TestInstances.Preset(activation))
            : TestInstances.Make("rand2", [[1, 2], [-1, 1], [2, -1], [1, 1]], [1, -1, 2, 1], widths, TestInstances.Preset(activation));
        var model = NcfModel.Compile(inst);
        double lambda = model.Degree;
        int attempt = seed;
        FlowResult ncf;
        do ncf = FlowSimulator.Run(model, FlowKind.Ncf, TestInstances.RandomUnit(model.WeightCount, attempt++), new FlowOptions());
        while (ncf.Outcome != FlowOutcome.BlowUp && attempt < seed + 20);
        Assert.Equal(FlowOutcome.BlowUp, ncf.Outcome);
        var sphere = FlowSimulator.Run(model, FlowKind.Sphere, ncf.FinalDirection, new FlowOptions { StationaryTolerance = 1e-10, MaxSteps = 20000 });
        Assert.Equal(FlowOutcome.Stationary, sphere.Outcome);
        var theta = sphere.FinalDirection;
        double n = model.Ncf(theta);
        Assert.True(n > 0, $"N at the limit direction: {n}");
        double cos = TrajectoryMetrics.Cosine(theta, ncf.FinalDirection);
        Assert.True(cos > 1 - 1e-4, $"cosine {cos}"); // the direction at the end of the blow-up run still moves (algebraically slowly)
        var fromKkt = FlowSimulator.Run(model, FlowKind.Ncf, theta, new FlowOptions());
        double expected = 1 / (lambda * (lambda - 2) * n);
        Assert.True(Math.Abs(fromKkt.BlowupTime!.Value - expected) <= 1e-7 * expected, $"{fromKkt.BlowupTime} vs {expected}");
        // The layer shares at the limit follow p^{L−l}/Λ (C3).
        var law = new TrajectoryMetrics(model, theta).LayerLaw;
        for (int l = 0; l < law.Length; l++) Assert.Equal(law[l], sphere.Final.LayerShares[l], 1e-7);
    }

    [Fact]
    public void Conservation_law_drift_along_ncf_and_training_flows_is_below_1e_9()
    {
        foreach (var (act, widths) in new[] { ("polyrelu:2", new[] { 3, 4, 3, 1 }), ("leaky:1/10", new[] { 3, 4, 3, 1 }), ("signedpoly:3,1/2", new[] { 3, 3, 1 }) })
        {
            var inst = TestInstances.Make("c", [[1, 2, 0], [-1, 1, 2], [2, -1, 1], [0, 1, -1]], [1, -1, 2, 1], widths, TestInstances.Preset(act));
            var model = NcfModel.Compile(inst);
            var w0 = TestInstances.RandomUnit(model.WeightCount, 5);
            var ncf = FlowSimulator.Run(model, FlowKind.Ncf, w0, new FlowOptions { Until = FlowStop.Escape, EscapeFactor = 50 });
            Assert.True(ncf.MaxConservationDrift < 1e-9, $"{act}: NCF drift {ncf.MaxConservationDrift}");
            var tr = FlowSimulator.Run(model, FlowKind.Training, w0, new FlowOptions { Delta = 1e-2, Until = FlowStop.Escape, EscapeFactor = 30 });
            Assert.True(tr.MaxConservationDrift < 1e-9, $"{act}: training drift {tr.MaxConservationDrift}");
            Assert.True(tr.Samples.Count > 10);
        }
    }
}

public class PatternChangeTests
{
    [Fact]
    public void Pattern_change_is_located_at_the_analytic_crossing()
    {
        // [1,1,1] leaky:1/2, x = 1, y = 1: while w1 < 0, N = a₋ w2 w1 and the NCF flow is linear,
        // w1(τ) = −0.6 cosh(τ/2) + 0.8 sinh(τ/2), which crosses 0 at τ = 2 artanh(3/4). Λ = 2, so τ = σ.
        var inst = TestInstances.Make("kink", [[1]], [1], [1, 1, 1], TestInstances.Preset("leaky:1/2"));
        var model = NcfModel.Compile(inst);
        var r = FlowSimulator.Run(model, FlowKind.Ncf, [-0.6, 0.8], new FlowOptions { Until = FlowStop.At(3) });
        var change = Assert.Single(r.Events, e => e.Name == "pattern-change");
        Assert.Equal(2 * Math.Atanh(0.75), change.Time, 1e-10);
        Assert.Equal("layer 1, neuron 1, sample 1", change.Detail);
        Assert.Equal(FlowOutcome.TimeReached, r.Outcome);
        Assert.Equal(3, r.FinalTime, 1e-12);
    }

    [Fact]
    public void Relu_training_flow_reports_pattern_changes_and_keeps_the_conservation_law()
    {
        var inst = TestInstances.Make("relu", [[1, 2], [-1, 1], [2, -1], [1, 1]], [1, -1, 2, 1], [2, 3, 3, 1], TestInstances.Preset("relu"));
        var model = NcfModel.Compile(inst);
        var r = FlowSimulator.Run(model, FlowKind.Training, TestInstances.RandomUnit(model.WeightCount, 4), new FlowOptions { Delta = 0.01, Until = FlowStop.Escape, EscapeFactor = 20 });
        Assert.Equal(FlowOutcome.Escape, r.Outcome);
        Assert.Contains(r.Events, e => e.Name == "pattern-change" && e.Detail is not null);
        Assert.True(r.Events.Where(e => e.Name == "pattern-change").All(e => e.Time <= r.FinalTime));
        Assert.True(r.MaxConservationDrift < 1e-9, $"drift {r.MaxConservationDrift}");
    }

    [Theory]
    [InlineData(1e-2)]
    [InlineData(1e-4)]
    public void Training_flow_reaches_the_loss_rest_point_past_the_escape_even_when_delta_is_tiny(double delta)
    {
        // polyrelu:2, depth 3: Λ = 7, so δ^{Λ−2} = 1e-20 at δ = 1e-4, far below a double's resolution near τ_escape;
        // the run must re-base its clock after the escape instead of failing on step size.
        var inst = TestInstances.Make("poly", [[1, 0], [0, 1], [1, 1]], [1, 2, -1], [2, 2, 2, 1], TestInstances.PolyRelu(2));
        var model = NcfModel.Compile(inst);
        var w0 = TestInstances.RandomUnit(model.WeightCount, 3);
        var escapeOnly = FlowSimulator.Run(model, FlowKind.Training, w0, new FlowOptions { Delta = delta, Until = FlowStop.Escape });
        var full = FlowSimulator.Run(model, FlowKind.Training, w0, new FlowOptions { Delta = delta });
        Assert.Equal(FlowOutcome.Escape, escapeOnly.Outcome);
        Assert.Equal(FlowOutcome.Stationary, full.Outcome);
        Assert.Equal(escapeOnly.EscapeTime!.Value, full.EscapeTime!.Value, 1e-9 * escapeOnly.EscapeTime!.Value);
        Assert.True(full.FinalTime > full.EscapeTime, "the run continues past the escape");
        var g = new double[model.WeightCount];
        double loss = model.LossAndGradient(full.FinalState, g);
        double initialLoss = 0.5 * inst.Labels.Sum(y => y.ToDouble() * y.ToDouble());
        Assert.True(loss < initialLoss, $"loss {loss} fell below its start {initialLoss}");
    }
}
