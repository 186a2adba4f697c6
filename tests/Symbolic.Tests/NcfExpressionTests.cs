using Checker.Bench;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Expressions;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Tests.Support;
using CsCheck;

namespace Checker.Symbolic.Tests;

/// <summary>The NCF DAG and its reverse-mode gradient against independent computations (docs/theory.md#instances, docs/theory.md#neural-correlation-function).</summary>
public class NcfExpressionTests
{
    private static readonly Gen<int> Seeds = Gen.Int[0, int.MaxValue];

    private static (Instance Instance, WeightPoint Point) Draw(int seed, string? preset = null, int? depth = null)
    {
        var r = new Random(seed);
        var inst = RandomInstances.Create(r, preset, depth);
        return (inst, RandomInstances.Point(r, inst.Network));
    }

    [Fact]
    public void DagEvaluationMatchesDirectBackprop() =>
        Seeds.Sample(seed =>
        {
            var (inst, w) = Draw(seed);
            var dag = ExactEvaluator.Evaluate(inst, w);
            var reference = SymbolicReferenceExactBackprop.Evaluate(inst, w);
            Assert.Equal(reference.Outputs, dag.Outputs);
            Assert.Equal(reference.Ncf, dag.Ncf);
            Assert.Equal(reference.Gradient, dag.Gradient);
            Assert.Equal(reference.Pattern, dag.Pattern);
            Assert.Equal(reference.Kinks, dag.Kinks);
        }, iter: 60);

    [Theory]
    [InlineData("relu")]
    [InlineData("leaky:1/10")]
    [InlineData("polyrelu:2")]
    [InlineData("linear")]
    public void KinksGetTheCallersClarkeChoice(string preset)
    {
        // A zero input makes every first-layer pre-activation of that sample 0; a row of W_1 orthogonal to the other
        // input does too. Deeper pre-activations that vanish follow.
        var act = RandomInstances.Preset(preset);
        var net = new Network([2, 2, 2, 1], act);
        var inst = new Instance("kinks", [[0, 0], [1, 2], [new Rational(1, 2), -1]], [1, -2, new Rational(3, 2)], net);
        var w = new WeightPoint(net, [2, -1, 1, 1, 1, new Rational(-1, 3), 2, 1, 1, -1]);
        foreach (var pick in new Func<Kink, Rational>[] { k => k.Low, k => k.High, k => (k.Low + k.High) / 2 })
        {
            var dag = ExactEvaluator.Evaluate(inst, w, pick);
            var reference = SymbolicReferenceExactBackprop.Evaluate(inst, w, pick);
            Assert.Equal(reference.Kinks, dag.Kinks);
            Assert.Equal(reference.ChosenSlopes, dag.ChosenSlopes);
            Assert.Equal(reference.Gradient, dag.Gradient);
            Assert.Equal(reference.Ncf, dag.Ncf);
            if (act.HasKink) Assert.NotEmpty(dag.Kinks); else Assert.Empty(dag.Kinks);
        }
        Assert.True(ExactEvaluator.Evaluate(inst, w).Pattern.ZeroCount >= 3);
    }

    [Fact]
    public void ClarkeChoiceChangesTheGradientOnlyAtKinks()
    {
        var net = new Network([1, 1, 1], RandomInstances.Preset("relu"));
        var inst = new Instance("one-kink", [[1]], [1], net);
        var w = new WeightPoint(net, [0, 3]);
        var low = ExactEvaluator.Evaluate(inst, w, k => k.Low);
        var high = ExactEvaluator.Evaluate(inst, w, k => k.High);
        // N = w2·relu(w1): ∂N/∂w1 ∈ w2·[0, 1] = [0, 3] at w1 = 0; ∂N/∂w2 = relu(0) = 0 either way.
        Assert.Equal([Rational.Zero, Rational.Zero], low.Gradient);
        Assert.Equal([new Rational(3), Rational.Zero], high.Gradient);
        Assert.Single(low.Kinks);
        Assert.Throws<ArgumentException>(() => ExactEvaluator.Evaluate(inst, w, _ => 2));
    }

    public static TheoryData<string> AllPresets() => new(RandomInstances.Presets);

    [Theory]
    [MemberData(nameof(AllPresets))]
    public void GradientMatchesCentralFiniteDifferences(string preset)
    {
        for (int depth = 1; depth <= 4; depth++)
        {
            int found = 0;
            for (int seed = 0; found < 3; seed++)
            {
                var (inst, w) = Draw(seed * 7919 + depth, preset, depth);
                var exact = ExactEvaluator.Evaluate(inst, w);
                if (exact.Pattern.ZeroCount > 0) continue; // finite differences straddle a kink there
                found++;
                var model = NcfModel.Compile(inst);
                var x = w.ToDoubles();
                double scale = x.Max(Math.Abs);
                for (int j = 0; j < x.Length; j++)
                {
                    double h = 1e-5 * scale;
                    var xp = (double[])x.Clone(); xp[j] += h;
                    var xm = (double[])x.Clone(); xm[j] -= h;
                    double fd = (model.Ncf(xp) - model.Ncf(xm)) / (2 * h);
                    double g = exact.Gradient[j].ToDouble();
                    double size = Math.Max(1, Math.Abs(exact.Ncf.ToDouble()) / scale) + Math.Abs(g);
                    Assert.True(Math.Abs(fd - g) <= 1e-5 * size, $"{preset} depth {depth} seed {seed} w_{j}: fd {fd} vs exact {g}");
                }
            }
        }
    }

    [Fact]
    public void GradientIsTheDerivativeOfTheExpandedPolynomial() =>
        Seeds.Sample(seed =>
        {
            var (inst, w) = Draw(seed);
            var ncf = ExactEvaluator.ExpressionFor(inst);
            var e = ncf.Evaluate(w);
            var polys = ncf.Expand(e.Pattern, maxTerms: 4_000);
            if (polys.TooBig) return;
            var n = polys[0];
            Assert.Equal(e.Ncf, n.Evaluate(w.Flat));
            // At a kink (pattern sign 0) the expansion's default σ' is a₊, consistent with σ(z) = a₊z there; the exact
            // evaluator's default Clarke choice is the lower end, so compare values with that choice.
            var atPoint = e.Kinks.Count == 0 ? polys : ncf.Expand(e.Pattern, maxTerms: 4_000, clarkeSlope: k => k.Low);
            for (int j = 0; j < inst.Network.WeightCount; j++)
            {
                Assert.Equal(n.Derivative(j), polys[1 + j]);
                Assert.Equal(e.Gradient[j], atPoint[1 + j].Evaluate(w.Flat));
            }
            // N is homogeneous of degree Λ (or identically 0).
            Assert.True(n.IsHomogeneous(out int deg));
            Assert.True(n.IsZero || deg == (int)inst.Network.Degree);
        }, iter: 30);

    [Fact]
    public void OutputsAreExactlyHomogeneousOfDegreeLambda() =>
        Seeds.Sample(seed =>
        {
            var (inst, w) = Draw(seed);
            var r = new Random(seed);
            var c = new Rational(r.Next(1, 9), r.Next(1, 9));
            var lambda = (int)inst.Network.Degree;
            var scaled = new WeightPoint(inst.Network, w.Flat.Select(v => c * v).ToArray());
            var a = ExactEvaluator.Evaluate(inst, w);
            var b = ExactEvaluator.Evaluate(inst, scaled);
            for (int i = 0; i < inst.SampleCount; i++) Assert.Equal(c.Pow(lambda) * a.Outputs[i], b.Outputs[i]);
            Assert.Equal(c.Pow(lambda) * a.Ncf, b.Ncf);
        }, iter: 50);

    [Fact]
    public void PerLayerEulerIdentityHoldsExactly() =>
        Seeds.Sample(seed =>
        {
            var (inst, w) = Draw(seed);
            var net = inst.Network;
            // Half the points get zeroed weights so kinks (with random Clarke choices) are exercised too.
            var flat = (Rational[])w.Flat.Clone();
            var r = new Random(seed);
            if (seed % 2 == 0) for (int k = 0; k < flat.Length; k++) if (r.Next(3) == 0) flat[k] = Rational.Zero;
            var e = ExactEvaluator.Evaluate(inst, new WeightPoint(net, flat), k => r.Next(2) == 0 ? k.Low : k.High);
            var total = Rational.Zero;
            for (int l = 1; l <= net.Depth; l++)
            {
                var (rows, cols) = net.Shape(l);
                var s = Rational.Zero;
                for (int k = 0; k < rows * cols; k++) s += flat[net.Offset(l) + k] * e.Gradient[net.Offset(l) + k];
                Assert.Equal(new Rational(net.LayerDegree(l)) * e.Ncf, s);
                total += s;
            }
            Assert.Equal(new Rational(net.Degree) * e.Ncf, total);
        }, iter: 60);

    [Fact]
    public void PerLayerEulerIsAPolynomialIdentityInEveryPatternTried() =>
        Seeds.Sample(seed =>
        {
            var (inst, w) = Draw(seed, depth: new Random(seed).Next(2, 4));
            var ncf = ExactEvaluator.ExpressionFor(inst);
            var net = inst.Network;
            var p = ncf.Expand(ncf.Evaluate(w).Pattern, maxTerms: 4_000);
            if (p.TooBig) return;
            for (int l = 1; l <= net.Depth; l++)
            {
                var (rows, cols) = net.Shape(l);
                var s = ncf.Ring.Zero;
                for (int k = 0; k < rows * cols; k++) s += ncf.Ring.Variable(net.Offset(l) + k) * p[1 + net.Offset(l) + k];
                Assert.Equal(ncf.Ring.Constant(new Rational(net.LayerDegree(l))) * p[0], s);
            }
        }, iter: 40);

    [Fact]
    public void SizeGuardRefusesHugeExpansions()
    {
        var r = new Random(5);
        var net = new Network([3, 4, 4, 4, 1], RandomInstances.Preset("signedpoly:2,1/4"));
        var inst = new Instance("big", [[1, 2, 3], [-1, 1, 2]], [1, -1], net);
        var ncf = NcfExpression.Build(inst);
        var e = ncf.Evaluate(RandomInstances.Point(r, net));
        var p = ncf.Expand(e.Pattern, gradient: false, maxTerms: 5_000);
        Assert.True(p.TooBig);
        Assert.Contains("5000", p.Reason);
        Assert.Throws<InvalidOperationException>(() => p[0]);
    }

    [Fact]
    public void SubstitutingARankOneParametrisationAgreesWithEvaluatingItsWeights() =>
        Seeds.Sample(seed =>
        {
            var r = new Random(seed);
            var inst = RandomInstances.Create(r, depth: r.Next(2, 4));
            var net = inst.Network;
            var ncf = NcfExpression.Build(inst);
            var g = ncf.Graph;
            // W_l = s_l · a_l b_lᵀ with fresh variables a_l (rows) and b_l (columns) and rational s_l.
            var images = new Expr[net.WeightCount];
            var values = new List<Rational>(g.VariableCount);
            for (int v = 0; v < g.VariableCount; v++) values.Add(Rational.Zero);
            var weightValues = new Rational[net.WeightCount];
            for (int l = 1; l <= net.Depth; l++)
            {
                var (rows, cols) = net.Shape(l);
                var s = RandomInstances.SmallRational(r);
                var a = Enumerable.Range(0, rows).Select(i => g.AddVariable($"a{l}_{i}")).ToArray();
                var b = Enumerable.Range(0, cols).Select(j => g.AddVariable($"b{l}_{j}")).ToArray();
                var av = a.Select(_ => RandomInstances.SmallRational(r)).ToArray();
                var bv = b.Select(_ => RandomInstances.SmallRational(r)).ToArray();
                foreach (var (x, v) in a.Zip(av)) values.Add(v);
                foreach (var (x, v) in b.Zip(bv)) values.Add(v);
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++)
                    {
                        images[net.Index(l, i, j)] = s * a[i] * b[j];
                        weightValues[net.Index(l, i, j)] = s * av[i] * bv[j];
                    }
            }
            var roots = g.Substitute([ncf.Ncf, .. ncf.Outputs], v => v < net.WeightCount ? images[v] : null);
            var direct = SymbolicReferenceExactBackprop.Evaluate(inst, new WeightPoint(net, weightValues), k => k.Low);
            var got = ExactDagEvaluator.Evaluate(g, roots, values); // N and H only: no σ' nodes, so no Clarke choice
            Assert.Equal(direct.Ncf, got[0]);
            for (int i = 0; i < inst.SampleCount; i++) Assert.Equal(direct.Outputs[i], got[1 + i]);
        }, iter: 40);
}
