using Checker.Symbolic.Evaluation;
using Checker.Symbolic.IO;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.FullNetwork;

namespace Checker.Verification.Tests;

/// <summary>
/// The KKT certification evaluates N and ∇N by the one expression DAG in its own scalars (NcfExpression.NcfAndGradient
/// over Rational, Real, Interval and Dual) instead of a second, hand-written backprop. Held here to that old backprop
/// (<see cref="ReferenceBackprop"/>) and to the exact evaluator on every example: exact equality in rationals, equal
/// enclosures on dyadic points (kinks included, where both take the z ≥ 0 piece), enclosure of the exact value for
/// non-dyadic ones, and central finite differences for doubles and for the Jacobian of the KKT system.
/// </summary>
public class DagBackpropTests
{
    // ReLU (p = 1, kink, dead neurons), leaky at depth 3, Λ = 2, p = 2 deep, signed polynomial with Xy = 0, general activation.
    public static TheoryData<string> Examples() =>
    [
        "relu-dead.json", "symmetric-not-rank-one.json", "leaky-deep.json", "leaky-mixed-sign.json", "lambda-two.json",
        "polynomial-deep.json", "xy-zero.json", "basics/general-activation.json", "basics/relu-kink.json",
    ];

    private static Instance Load(string example) => InstanceReader.Read(TestInstances.Example(example));

    /// <summary>Seeded rational weights: denominators 3, 5, 7 (non-dyadic) or 4, 8 (dyadic, so intervals stay points).</summary>
    private static Rational[] Weights(Instance inst, int seed, bool dyadic)
    {
        var rng = new Random(seed);
        int[] dens = dyadic ? [4, 8] : [3, 5, 7];
        return Enumerable.Range(0, inst.Network.WeightCount).Select(_ => new Rational(rng.Next(-9, 10), dens[rng.Next(dens.Length)])).ToArray();
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Rational_evaluation_of_the_dag_equals_the_old_backprop_and_the_exact_evaluator(string example)
    {
        var inst = Load(example);
        var xs = inst.Inputs.Select(r => r.ToArray()).ToArray();
        var ys = inst.Labels.ToArray();
        int compared = 0;
        for (int seed = 1; seed <= 12 && compared < 4; seed++)
        {
            var w = Weights(inst, seed, dyadic: false);
            var exact = ExactEvaluator.Evaluate(inst, new WeightPoint(inst.Network, w), k => k.High);
            if (exact.Kinks.Count > 0 && inst.Network.Activation.HasKink) continue; // rationals need a Clarke choice there
            var dag = ExactEvaluator.ExpressionFor(inst).NcfAndGradient(w, out var ncf);
            var old = ReferenceBackprop.Gradient(inst.Network, xs, ys, w, out var oldNcf);
            Assert.Equal(oldNcf, ncf);
            Assert.Equal(exact.Ncf, ncf);
            Assert.Equal(old, dag);
            Assert.Equal(exact.Gradient, dag);
            compared++;
        }
        Assert.True(compared >= 2, $"only {compared} kink-free points among the seeds");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Interval_evaluation_matches_the_old_backprop_on_dyadic_points_and_encloses_the_exact_value(string example)
    {
        var inst = Load(example);
        var act = inst.Network.Activation;
        var xs = inst.Inputs.Select(r => r.Select(Interval.FromRational).ToArray()).ToArray();
        var ys = inst.Labels.Select(Interval.FromRational).ToArray();
        var expr = ExactEvaluator.ExpressionFor(inst);
        // Dyadic points, including one with every weight 0 (every neuron on its kink) and the example's own point if any:
        // both evaluators take the z ≥ 0 piece at an exact 0, which is the exact value with the Clarke choice a₊.
        var points = Enumerable.Range(1, 3).Select(s => Weights(inst, s, dyadic: true)).Append(new Rational[inst.Network.WeightCount]).ToList();
        foreach (var w in points)
        {
            var iw = w.Select(Interval.FromRational).ToArray();
            var dag = expr.NcfAndGradient(iw, out var ncf);
            var old = ReferenceBackprop.Gradient(inst.Network, xs, ys, iw, out var oldNcf);
            var exact = ExactEvaluator.Evaluate(inst, new WeightPoint(inst.Network, w), _ => act.Pos);
            Assert.True(ncf.Contains(exact.Ncf) && oldNcf.Contains(exact.Ncf));
            for (int k = 0; k < dag.Length; k++)
            {
                Assert.True(dag[k].Contains(exact.Gradient[k]), $"∂N/∂w_{k}: {dag[k]} does not enclose {exact.Gradient[k]}");
                if (dag[k].WidthScaled.IsZero && old[k].WidthScaled.IsZero) Assert.Equal(old[k].Lo, dag[k].Lo);
            }
        }
        // Non-dyadic points: both enclose the exact gradient.
        for (int seed = 20; seed < 23; seed++)
        {
            var w = Weights(inst, seed, dyadic: false);
            var exact = ExactEvaluator.Evaluate(inst, new WeightPoint(inst.Network, w), _ => act.Pos);
            if (exact.Kinks.Count > 0) continue; // a non-point enclosure of 0 takes the hull of both sides: a different, also valid, choice
            var dag = expr.NcfAndGradient(w.Select(Interval.FromRational).ToArray(), out var ncf);
            Assert.True(ncf.Contains(exact.Ncf));
            Assert.All(dag.Zip(exact.Gradient), p => Assert.True(p.First.Contains(p.Second)));
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Double_gradient_of_the_dag_agrees_with_finite_differences_and_the_old_backprop(string example)
    {
        var inst = Load(example);
        var expr = ExactEvaluator.ExpressionFor(inst);
        var xs = inst.Inputs.Select(r => r.Select(v => new Real(v.ToDouble())).ToArray()).ToArray();
        var ys = inst.Labels.Select(v => new Real(v.ToDouble())).ToArray();
        var rng = new Random(7);
        var w = Enumerable.Range(0, inst.Network.WeightCount).Select(_ => new Real(rng.NextDouble() * 2 - 1)).ToArray();
        var g = expr.NcfAndGradient(w, out var ncf);
        var old = ReferenceBackprop.Gradient(inst.Network, xs, ys, w, out var oldNcf);
        double scale = 1 + Math.Abs(ncf.Value) + g.Max(v => Math.Abs(v.Value));
        Assert.Equal(oldNcf.Value, ncf.Value, 1e-12 * scale);
        const double h = 1e-6;
        for (int k = 0; k < w.Length; k++)
        {
            Assert.Equal(old[k].Value, g[k].Value, 1e-12 * scale);
            var plus = (Real[])w.Clone(); plus[k] = new Real(w[k].Value + h);
            var minus = (Real[])w.Clone(); minus[k] = new Real(w[k].Value - h);
            expr.NcfAndGradient(plus, out var np);
            expr.NcfAndGradient(minus, out var nm);
            // A random point is off the kinks (measure zero), so N is smooth within h of it.
            Assert.Equal((np.Value - nm.Value) / (2 * h), g[k].Value, 1e-5 * scale);
        }
    }

    [Theory]
    [InlineData("polynomial-deep.json")]
    [InlineData("xy-zero.json")]
    [InlineData("leaky-deep.json")]
    [InlineData("lambda-two.json")]
    public void The_kkt_jacobian_from_dual_numbers_agrees_with_finite_differences(string example)
    {
        var inst = Load(example);
        var support = Enumerable.Range(0, inst.Network.WeightCount).ToArray();
        var system = new KktSystem(inst, support);
        var rng = new Random(3);
        var x = Enumerable.Range(0, system.Dimension).Select(_ => new Real(rng.NextDouble() * 2 - 1)).ToArray();
        var (f, jac, _, _) = system.EvaluateWithJacobian(x);
        Assert.Equal(system.Evaluate(x).F.Select(v => v.Value), f.Select(v => v.Value));
        const double h = 1e-6;
        for (int c = 0; c < system.Dimension; c++)
        {
            var plus = (Real[])x.Clone(); plus[c] = new Real(x[c].Value + h);
            var minus = (Real[])x.Clone(); minus[c] = new Real(x[c].Value - h);
            var fp = system.Evaluate(plus).F;
            var fm = system.Evaluate(minus).F;
            for (int r = 0; r < system.Dimension; r++)
                Assert.Equal((fp[r].Value - fm[r].Value) / (2 * h), jac[r, c].Value, 1e-5 * (1 + Math.Abs(jac[r, c].Value)));
        }
    }
}
