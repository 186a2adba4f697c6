using Checker.Numeric.Integration;

namespace Checker.Numeric.Tests;

public class DormandPrinceTests
{
    // y' = y cos t, y(0) = 1: y = exp(sin t). Smooth, non-autonomous, not polynomial.
    private static void F(double t, ReadOnlySpan<double> y, Span<double> dy) => dy[0] = y[0] * Math.Cos(t);

    private static double FixedStepError(double h, double tEnd)
    {
        // rtol huge: every step accepted; MaxStep pins the step size, so this is the fixed-step fifth-order method.
        var s = new DormandPrince54(F, 0, [1.0], tEnd, rtol: 1e6, atol: 1e6, norm: ErrorNorm.Componentwise, firstStep: h) { MaxStep = h };
        while (s.Step() == StepStatus.Running) { }
        Assert.Equal(tEnd, s.T);
        return Math.Abs(s.Y[0] - Math.Exp(Math.Sin(tEnd)));
    }

    [Fact]
    public void Halving_the_step_divides_the_global_error_by_about_32()
    {
        double tEnd = 4;
        var errors = new[] { 0.1, 0.05, 0.025 }.Select(h => FixedStepError(h, tEnd)).ToArray();
        for (int i = 0; i + 1 < errors.Length; i++)
        {
            double ratio = errors[i] / errors[i + 1];
            Assert.InRange(ratio, 28, 37); // 2^5 = 32 for a fifth-order method
        }
    }

    [Theory]
    [InlineData(1e12, 3)]
    [InlineData(2541757569205.7241, 1)]
    [InlineData(-5e9, 7)]
    public void A_remainder_of_a_few_ulp_before_the_bound_is_stepped_not_failed(double t0, int ulpsShort)
    {
        // The training flow of C8 (depth3-14 of the issue-13 census) ended an ulp short of its bound t ≈ 2.5e12 and
        // then reported a step-size underflow. Land a first step a few ulp short of the bound (y' = 1 from y = 0).
        double tBound = t0 + 1;
        double shortOfBound = tBound;
        for (int i = 0; i < ulpsShort; i++) shortOfBound = Math.BitDecrement(shortOfBound);
        var s = new DormandPrince54((t, y, dy) => dy[0] = 1, t0, [0.0], tBound, rtol: 1e-12, norm: ErrorNorm.Componentwise, firstStep: shortOfBound - t0);
        Assert.Equal(StepStatus.Running, s.Step());
        Assert.Equal(shortOfBound, s.T);
        Assert.Equal(StepStatus.Finished, s.Step());
        Assert.Equal(tBound, s.T);
        Assert.Equal(tBound - t0, s.Y[0], 1e-9);
    }

    [Fact]
    public void Dense_output_is_accurate_inside_every_step()
    {
        var s = new DormandPrince54(F, 0, [1.0], 6, rtol: 1e-10, atol: 1e-12, norm: ErrorNorm.Componentwise);
        double worst = 0;
        while (true)
        {
            var st = s.Step();
            Assert.NotEqual(StepStatus.Failed, st);
            var d = s.DenseOutput();
            for (int j = 1; j < 8; j++)
            {
                double t = d.TOld + j * (d.T - d.TOld) / 8;
                worst = Math.Max(worst, Math.Abs(d.Evaluate(t, 0) - Math.Exp(Math.Sin(t))));
            }
            Assert.True(Math.Abs(s.Y[0] - d.Evaluate(d.T, 0)) <= 1e-14 * Math.Abs(s.Y[0]));
            if (st == StepStatus.Finished) break;
        }
        Assert.True(worst < 1e-8, $"dense output error {worst}");
    }

    [Fact]
    public void State_norm_error_control_is_scale_invariant()
    {
        // The same linear flow y' = A y started at c·y0 for c from 1 to 1e-9: with the state-norm rule the step
        // sequence is identical and the relative error the same (the training flow at δ = 1e-3…1e-9 relies on this).
        static void Rot(double t, ReadOnlySpan<double> y, Span<double> dy) { dy[0] = y[1] + 0.1 * y[0]; dy[1] = -y[0] + 0.1 * y[1]; }
        long? steps = null;
        foreach (var c in new[] { 1.0, 1e-3, 1e-9 })
        {
            var s = new DormandPrince54(Rot, 0, [c, 0], 10, rtol: 1e-9, atol: 0, norm: ErrorNorm.StateNorm);
            while (s.Step() == StepStatus.Running) { }
            double exact0 = c * Math.Exp(1) * Math.Cos(10), exact1 = -c * Math.Exp(1) * Math.Sin(10);
            double rel = Math.Sqrt(Math.Pow(s.Y[0] - exact0, 2) + Math.Pow(s.Y[1] - exact1, 2)) / (c * Math.Exp(1));
            Assert.True(rel < 1e-8, $"relative error {rel} at scale {c}");
            steps ??= s.AcceptedSteps;
            Assert.Equal(steps, s.AcceptedSteps);
        }
    }

    [Fact]
    public void Events_are_located_to_machine_precision_on_the_dense_output()
    {
        // Harmonic oscillator x'' = −x from (1, 0): x crosses 0 at π/2 + kπ; v crosses 0 (falling from +) at 2π.
        static void Osc(double t, ReadOnlySpan<double> y, Span<double> dy) { dy[0] = y[1]; dy[1] = -y[0]; }
        var s = new DormandPrince54(Osc, 0, [1.0, 0.0], 10, rtol: 1e-12, atol: 1e-14, norm: ErrorNorm.Componentwise);
        var events = new List<OdeEvent>
        {
            new("x-zero", 1, (t, y, v) => v[0] = y[0], false),
            new("v-down", 1, (t, y, v) => v[0] = y[1], true, -1),
        };
        var run = OdeDriver.Run(s, events);
        // x = cos t vanishes at π/2 and 3π/2; v = −sin t starts at 0 (not a crossing), rises through 0 at π (filtered
        // out by direction −1) and falls through 0 at 2π, which is terminal.
        var xs = run.Events.Where(e => e.Name == "x-zero").Select(e => e.Time).ToArray();
        Assert.Equal(2, xs.Length);
        Assert.Equal(Math.PI / 2, xs[0], 1e-11);
        Assert.Equal(3 * Math.PI / 2, xs[1], 1e-11);
        Assert.Equal(DriveStatus.Event, run.Status);
        Assert.Equal("v-down", run.Terminal!.Name);
        Assert.Equal(2 * Math.PI, run.FinalTime, 1e-11);
        Assert.Equal(1.0, run.FinalState[0], 1e-11);
    }

    [Fact]
    public void Event_root_is_exact_for_a_linear_solution()
    {
        // y' = 1: the dense output is exact, so the root is found to the last ulp.
        var s = new DormandPrince54((t, y, dy) => dy[0] = 1, 0, [0.0], 10, rtol: 1e-8);
        var run = OdeDriver.Run(s, [new OdeEvent("pi", 1, (t, y, v) => v[0] = y[0] - Math.PI, true)]);
        Assert.True(Math.Abs(run.FinalTime - Math.PI) <= 4 * (Math.BitIncrement(Math.PI) - Math.PI), $"{run.FinalTime - Math.PI}");
    }

    [Fact]
    public void Root_finder_reaches_machine_precision()
    {
        double r = RootFinder.Brent(x => x * x * x - 2, 0, 2, -2, 6);
        Assert.True(Math.Abs(r - Math.Cbrt(2)) <= 4e-16 * Math.Cbrt(2));
    }
}
