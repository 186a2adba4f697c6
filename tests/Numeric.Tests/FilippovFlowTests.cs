using Checker.Numeric.Flows;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using MathNet.Numerics.LinearAlgebra;

namespace Checker.Numeric.Tests;

/// <summary>
/// Filippov solutions of the flows of nets with kinks (docs/theory.md#filippov-solutions): sliding along an attracting kink, computed by hand
/// where it can be, and against an independent integrator of the discontinuous field where it cannot.
/// </summary>
public class FilippovFlowTests
{
    /// <summary>
    /// [2,1,1] leaky 1/2, x₁ = (1,0), y₁ = −1, x₂ = (3/4,1), y₂ = 1; weights u = (v₁, v₂, c). With c &gt; 0 and z₂ = ¾v₁ + v₂ &gt; 0:
    /// dv₁/dτ = c(−σ'(v₁) + ¾), which is −c/4 for v₁ &gt; 0 and +c/4 for v₁ &lt; 0 — both sides push into {v₁ = 0}, so the
    /// flow slides there. Keeping dv₁/dτ = 0 needs σ'(0) = ¾ = a₋ + β(a₊ − a₋) with β = ½, and on the surface
    /// dv₂/dτ = c, dc/dτ = v₂: (v₂, c) rotate hyperbolically, v₂(τ) = v₂(0) cosh τ + c(0) sinh τ.
    /// </summary>
    private static Instance Slider(int neurons = 1) =>
        TestInstances.Make("slider", [[4, 0], [3, 4]], [-1, 1], [2, neurons, 1], TestInstances.Preset("leaky:1/2"));
    // Inputs scaled by 4 (x₁ = (4,0), x₂ = (3,4)) keep them integers; every pre-activation and field scales by 4, which
    // the closed forms below absorb: dv₂/dτ = 4c, dc/dτ = 4v₂ on the surface, so time runs 4× faster.

    private static (double V2, double C) OnSurface(double v2, double c, double tau) =>
        (v2 * Math.Cosh(4 * tau) + c * Math.Sinh(4 * tau), c * Math.Cosh(4 * tau) + v2 * Math.Sinh(4 * tau));

    [Fact]
    public void Ncf_flow_started_on_an_attracting_kink_slides_along_it_as_computed_by_hand()
    {
        var model = NcfModel.Compile(Slider());
        double[] u0 = [0, 0.6, 0.8];
        var r = FlowSimulator.Run(model, FlowKind.Ncf, u0, new FlowOptions { Until = FlowStop.At(0.25) });
        Assert.Equal(FlowOutcome.TimeReached, r.Outcome);
        var start = Assert.Single(r.Events, e => e.Name == "slide-start");
        Assert.Equal(0, start.Time);
        Assert.Contains("Filippov weight 0.5 on the + side", start.Detail);
        Assert.DoesNotContain(r.Events, e => e.Name is "pattern-change" or "slide-end");
        var (v2, c) = OnSurface(0.6, 0.8, 0.25);
        Assert.True(Math.Abs(r.FinalState[0]) < 1e-12 * c, $"v₁ left the kink: {r.FinalState[0]}");
        Assert.Equal(v2, r.FinalState[1], 1e-9 * v2);
        Assert.Equal(c, r.FinalState[2], 1e-9 * c);
        Assert.Equal(0.25, r.SlidingTime, 1e-9);
        Assert.Equal(["layer 1, neuron 1, sample 1"], r.SlidingAtEnd);
        Assert.True(r.MaxConservationDrift < 1e-10, $"drift {r.MaxConservationDrift}");
    }

    [Fact]
    public void Ncf_flow_reaches_the_kink_at_the_analytic_time_and_then_slides()
    {
        // On the + side (v₁ > 0, z₂ > 0, c > 0) the field is linear, du/dτ = M u with the symmetric
        // M = 4·[[0, 0, −¼], [0, 0, 1], [−¼, 1, 0]], so u(τ) = V e^{Dτ} Vᵀ u₀. It reaches v₁ = 0 at the root τ_h of the
        // first component and slides from there on (previous test's closed form, started at u(τ_h)).
        var model = NcfModel.Compile(Slider());
        double[] u0 = [0.1, 0.6, 0.8];
        var m = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 0, -1 }, { 0, 0, 4 }, { -1, 4, 0 } });
        var evd = m.Evd(Symmetricity.Symmetric);
        Vector<double> Plus(double tau)
        {
            var e = Matrix<double>.Build.DiagonalOfDiagonalVector(evd.EigenValues.Map(l => Math.Exp(l.Real * tau)));
            return evd.EigenVectors * e * evd.EigenVectors.Transpose() * Vector<double>.Build.DenseOfArray(u0);
        }
        double lo = 0, hi = 1;
        Assert.True(Plus(hi)[0] < 0);
        for (int i = 0; i < 200; i++) { double mid = 0.5 * (lo + hi); if (Plus(mid)[0] > 0) lo = mid; else hi = mid; }
        double hit = 0.5 * (lo + hi);
        var atHit = Plus(hit);
        double end = hit + 0.2;
        var r = FlowSimulator.Run(model, FlowKind.Ncf, u0, new FlowOptions { Until = FlowStop.At(end) });
        var start = Assert.Single(r.Events, e => e.Name == "slide-start");
        Assert.Equal(hit, start.Time, 1e-10);
        var (v2, c) = OnSurface(atHit[1], atHit[2], 0.2);
        Assert.True(Math.Abs(r.FinalState[0]) < 1e-11 * c, $"v₁ = {r.FinalState[0]}");
        Assert.Equal(v2, r.FinalState[1], 1e-8 * v2);
        Assert.Equal(c, r.FinalState[2], 1e-8 * c);
        Assert.Equal(0.2, r.SlidingTime, 1e-8);
    }

    [Fact]
    public void Two_neurons_sliding_at_once_each_follow_their_own_closed_form()
    {
        // Depth 2: N = Σ_j c_j Σ_i y_i σ(w_j·x_i), each neuron moves on its own. Both start on {w_j·x₁ = 0}, so the run
        // slides on two surfaces at once (the several-surface solve).
        var model = NcfModel.Compile(Slider(2));
        // Flat order: W₁ rows (v₁, v₂) of neuron 0 and 1, then W₂ = (c₀, c₁).
        double[] u0 = [0, 0.5, 0, 0.3, 0.7, 0.4];
        var r = FlowSimulator.Run(model, FlowKind.Ncf, u0, new FlowOptions { Until = FlowStop.At(0.2) });
        Assert.Equal(2, r.Events.Count(e => e.Name == "slide-start"));
        Assert.Equal(2, r.SlidingAtEnd.Count);
        var (a2, ac) = OnSurface(0.5, 0.7, 0.2);
        var (b2, bc) = OnSurface(0.3, 0.4, 0.2);
        double[] expected = [0, a2, 0, b2, ac, bc];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], r.FinalState[i], 1e-8 * Math.Max(1, Math.Abs(expected[i])));
    }

    [Fact]
    public void Training_flow_slides_too_and_follows_the_ncf_flow_for_small_delta()
    {
        // Rescaled training field dz/dτ = ∇N(z) − δ^Λ Σ H_i ∇H_i (docs/theory.md#time-rescaling): with δ = 1e-3 it is the NCF field up to
        // 1e-6 relative, so the sliding motion must agree with the NCF closed form to that order.
        var model = NcfModel.Compile(Slider());
        double[] u0 = [0, 0.6, 0.8];
        const double delta = 1e-3;
        var r = FlowSimulator.Run(model, FlowKind.Training, u0, new FlowOptions { Delta = delta, Until = FlowStop.At(0.25) });
        Assert.Equal(FlowOutcome.TimeReached, r.Outcome);
        Assert.Single(r.Events, e => e.Name == "slide-start");
        var (v2, c) = OnSurface(0.6, 0.8, 0.25);
        Assert.True(Math.Abs(r.FinalState[0] / delta) < 1e-12, $"v₁/δ = {r.FinalState[0] / delta}");
        Assert.Equal(v2, r.FinalState[1] / delta, 1e-5 * v2);
        Assert.Equal(c, r.FinalState[2] / delta, 1e-5 * c);
        Assert.True(r.MaxConservationDrift < 1e-10, $"drift {r.MaxConservationDrift}");
    }

    [Fact]
    public void Sliding_entries_and_exits_on_a_deep_net_agree_with_explicit_euler_on_the_discontinuous_field()
    {
        // examples/leaky-deep.json from seed 1: the NCF flow slides on a layer-2 kink from τ ≈ 0.99 and leaves it at
        // τ ≈ 1.30, where the sliding weight reaches 0. Explicit Euler on the discontinuous field du/dτ = ∇N(u) (the
        // compiled kernel, another code path) chatters across the kink with amplitude O(h) and converges to the
        // Filippov solution at rate O(h); the Filippov run must be its limit.
        var inst = TestInstances.Make("two-clusters", [[4, 8], [-4, 2], [1, -12]], [1, -1, 1], [2, 3, 3, 1], TestInstances.Preset("leaky:1/10"));
        // (leaky-deep's inputs times 4: integer literals; pre-activations scale by 4 and layer-2 ones by 4 too, N by 4.)
        var model = NcfModel.Compile(inst);
        var w0 = InitialDirection.Gaussian(model.WeightCount, 1);
        var r = FlowSimulator.Run(model, FlowKind.Ncf, w0, new FlowOptions { Until = FlowStop.At(0.36) });
        Assert.Equal(FlowOutcome.TimeReached, r.Outcome);
        Assert.Contains(r.Events, e => e.Name == "slide-start");
        Assert.Contains(r.Events, e => e.Name == "slide-end");
        double Error(double h)
        {
            var u = w0.ToArray();
            var g = new double[u.Length];
            int steps = (int)Math.Round(0.36 / h);
            for (int s = 0; s < steps; s++)
            {
                model.NcfAndGradient(u, g);
                for (int i = 0; i < u.Length; i++) u[i] += h * g[i];
            }
            double d = 0, n = 0;
            for (int i = 0; i < u.Length; i++) { d += (u[i] - r.FinalState[i]) * (u[i] - r.FinalState[i]); n += u[i] * u[i]; }
            return Math.Sqrt(d / n);
        }
        double coarse = Error(4e-5), fine = Error(4e-6);
        Assert.True(fine < 1e-4, $"Euler h = 4e-6 is {fine:G3} from the Filippov solution");
        Assert.True(coarse > 5 * fine, $"Euler does not converge towards the Filippov solution: {coarse:G3} at h = 4e-5, {fine:G3} at h = 4e-6");
    }
}

public class FilippovExampleTests
{
    private static Instance Example(string name) => Checker.Symbolic.IO.InstanceReader.Read(Path.Combine(RepositoryRoot(), "examples", name + ".json"));

    private static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Checker.sln"))) dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public void Lambda_two_ncf_and_training_flows_slide_to_a_rest_direction_instead_of_hitting_the_step_limit()
    {
        // Issue 14 item 2: the NCF flow chattered at a kink from τ ≈ 0.112 until the step limit.
        var model = NcfModel.Compile(Example("lambda-two"));
        var w0 = InitialDirection.Gaussian(model.WeightCount, 1);
        var ncf = FlowSimulator.Run(model, FlowKind.Ncf, w0, new FlowOptions { MaxSteps = 20_000 });
        Assert.Equal(FlowOutcome.Stationary, ncf.Outcome);
        Assert.True(ncf.SlidingSegments >= 1);
        Assert.True(ncf.MaxConservationDrift < 1e-9, $"NCF drift {ncf.MaxConservationDrift}");
        Assert.True(ncf.FinalGradientResidual < 1e-6, $"the Filippov field at the end: {ncf.FinalGradientResidual}");
        var train = FlowSimulator.Run(model, FlowKind.Training, w0, new FlowOptions { Delta = 1e-2, MaxSteps = 20_000 });
        Assert.Equal(FlowOutcome.Stationary, train.Outcome);
        Assert.True(train.SlidingSegments >= 1);
        Assert.True(train.MaxConservationDrift < 1e-9, $"training drift {train.MaxConservationDrift}");
    }

    [Fact]
    public void Leaky_deep_and_relu_dead_blow_up_with_sliding_and_keep_the_conservation_law()
    {
        foreach (var name in new[] { "leaky-deep", "relu-dead" })
        {
            var model = NcfModel.Compile(Example(name));
            var r = FlowSimulator.Run(model, FlowKind.Ncf, InitialDirection.Gaussian(model.WeightCount, 1), new FlowOptions { MaxSteps = 20_000 });
            Assert.True(r.Outcome == FlowOutcome.BlowUp, $"{name}: {r.Outcome} {r.Reason}");
            Assert.True(r.SlidingSegments >= 1, name);
            Assert.True(r.MaxConservationDrift < 1e-9, $"{name}: drift {r.MaxConservationDrift}");
        }
    }

    [Fact]
    public void A_dead_relu_neuron_stays_dead_and_its_weights_do_not_move()
    {
        // Neuron 1's row (−1, −1) is negative on every (positive) input: under ReLU it outputs 0 and receives no
        // gradient, so along du/dτ = ∇N(u) its incoming row and outgoing weight keep their values exactly.
        var inst = TestInstances.Make("dead", [[1, 2], [2, 1], [1, 1]], [1, -1, 1], [2, 2, 1], TestInstances.Preset("relu"));
        var model = NcfModel.Compile(inst);
        double[] u0 = [0.5, 0.3, -0.4, -0.4, 0.6, 0.7];
        var r = FlowSimulator.Run(model, FlowKind.Ncf, u0, new FlowOptions { Until = FlowStop.At(0.5) });
        Assert.Equal(FlowOutcome.TimeReached, r.Outcome);
        Assert.DoesNotContain(r.Events, e => e.Detail?.Contains("neuron 1") == true);
        foreach (int i in new[] { 2, 3, 5 }) Assert.Equal(u0[i], r.FinalState[i], 1e-10);
        Assert.True(r.FinalState[0] != u0[0], "the live neuron moves");
    }

    /// <summary>
    /// relu [2,2,2,1], x = (1,1), (1,−1), (2,1), y = (2,−2,1) (examples/basics/relu-kink.json with labels doubled), from a
    /// direction with one chain: W₁ row 2 ∝ (1,−1), W₂[2,2] &gt; 0, W₃[2] &lt; 0, the rest 0. The sphere flow turns the row
    /// towards (1,−2), where z[1,2](x₃) and z[2,2](x₃) = W₂[2,2]·σ(z[1,2](x₃)) reach 0 together. It used to slide on the
    /// layer-2 surface alone, cross the layer-1 one to the − side and then keep that side while the row turned back
    /// (z[1,2](x₃) &gt; 0 on the "−" piece): N fell from 0.515 to 0.408 and the run "converged" at the non-KKT start.
    /// Along a Filippov ascent N never decreases, and this one settles at the Clarke KKT direction (1,−2)/√5·… with
    /// N = 2/√15 (the example's KKT point, value doubled).
    /// </summary>
    [Fact]
    public void Sphere_flow_through_coupled_kinks_keeps_ascending_and_settles_on_the_kkt_direction()
    {
        var instance = new Instance("relu-kink-2", [[1, 1], [1, -1], [2, 1]], [2, -2, 1], new Network([2, 2, 2, 1], TestInstances.Preset("relu")));
        var model = NcfModel.Compile(instance);
        double a = 1 / Math.Sqrt(6), b = 1 / Math.Sqrt(3);
        double[] u0 = [0, 0, a, -a, 0, 0, 0, b, 0, -b];
        var r = FlowSimulator.Run(model, FlowKind.Sphere, u0, new FlowOptions { Until = FlowStop.Natural, MaxSteps = 100_000 });
        Assert.Equal(FlowOutcome.Stationary, r.Outcome);
        for (int k = 1; k < r.Samples.Count; k++)
            Assert.True(r.Samples[k].Ncf >= r.Samples[k - 1].Ncf - 1e-9, $"N fell from {r.Samples[k - 1].Ncf} to {r.Samples[k].Ncf} at σ = {r.Samples[k].Time}");
        Assert.Equal(2 / Math.Sqrt(15), r.Samples[^1].Ncf, 1e-8);
        var d = r.FinalDirection;
        Assert.Equal(-2, d[3] / d[2], 1e-6);
        Assert.True(r.FinalGradientResidual < 1e-8, $"residual {r.FinalGradientResidual}");
    }

    /// <summary>
    /// leaky 1/10 [2,2,3,1], x = (1,0), (−3,−2), (2,−2), y = (−2,−2,2): from these starts the NCF flow meets three coupled
    /// surfaces of sample 2 at once. A surface just released (its weight left [0, 1]) must not be re-entered at the same
    /// switch, or release and re-entry undo each other until the step size collapses; every run reaches its blow-up.
    /// </summary>
    [Theory]
    [InlineData(101)]
    [InlineData(102)]
    [InlineData(103)]
    public void Ncf_flow_through_three_coupled_surfaces_reaches_its_blowup(int seed)
    {
        var instance = new Instance("coupled-3", [[1, 0], [-3, -2], [2, -2]], [-2, -2, 2], new Network([2, 2, 3, 1], TestInstances.Preset("leaky:1/10")));
        var model = NcfModel.Compile(instance);
        var r = FlowSimulator.Run(model, FlowKind.Ncf, InitialDirection.Gaussian(model.WeightCount, seed), new FlowOptions { Until = FlowStop.Natural, MaxSteps = 200_000 });
        Assert.True(r.Outcome == FlowOutcome.BlowUp, $"{r.Outcome}: {r.Reason}");
        Assert.True(r.MaxConservationDrift < 1e-8, $"drift {r.MaxConservationDrift}");
    }
}
