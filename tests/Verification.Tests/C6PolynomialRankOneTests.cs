using Checker.Verification.Contracts;
using System.Numerics;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Claims;
using Checker.Verification.FullNetwork;
using Checker.Verification.RankOne;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Verification.Tests;

public class C6PolynomialRankOneTests
{
    /// <summary>C6 through the runner with its checker handed an altered value law (the registry entry otherwise unchanged).</summary>
    private static ClaimResult WithLaw(PolynomialLawTerms law, Instance inst) =>
        ClaimRunner.Run(ClaimRegistry.Find("C6")! with { Checker = new C6PolynomialRankOneCheck(law) }, inst, new CheckOptions { TimeoutSeconds = 20 }).Result;

    private static Activation Act(string preset) => Activation.TryParsePreset(preset, out var e) ?? throw new ArgumentException(e);

    public static TheoryData<string, int, int> Families => new()
    {
        { "polyrelu:2", 2, 2 }, { "polyrelu:2", 3, 3 }, { "polyleaky:2,1/2", 2, 3 }, { "polyleaky:2,1/2", 3, 2 },
        { "signedpoly:3,1/2", 2, 2 }, { "signedpoly:3,1/2", 3, 3 }, { "polyrelu:3", 2, 2 },
    };

    // Axis data: x₁ = e₁ (y = 1), x₂ = e₂ (y = −1), so b = e₁ is a positive reduced KKT point with rational coordinates.
    private static Instance Axis(string act, int depth, int width = 2) =>
        TestInstances.Make("axis", [[1, 0], [0, 1]], [1, -1], Act(act), depth, width);

    /// <summary>N(W(c, a, b)) = Π c_l^{d_l} Π m_l^{p^{L−1−l}} f(b) at random rational non-negative factors (the forward-pass
    /// identity of <see cref="PolynomialRankOneLaw"/>), by exact evaluation of the full network.</summary>
    [Theory]
    [MemberData(nameof(Families))]
    public void Forward_pass_identity_holds_at_random_rational_points(string act, int depth, int d)
    {
        var rng = new Random(depth * 10 + d);
        var inst = TestInstances.Random(rng.Next(), d, 5, Act(act), depth);
        inst = TestInstances.Make("wide", inst.Inputs, inst.Labels, Act(act), depth, 3);
        var net = inst.Network;
        var reduced = new PolynomialReducedProblem(inst);
        for (int trial = 0; trial < 4; trial++)
        {
            var c = Enumerable.Range(0, depth).Select(_ => new Rational(rng.Next(1, 6), rng.Next(1, 4))).ToArray();
            var a = Enumerable.Range(1, depth - 1).Select(l => Enumerable.Range(0, 3).Select(_ => new Rational(rng.Next(0, 4), rng.Next(1, 3))).ToArray()).ToArray();
            var b = Enumerable.Range(0, d).Select(_ => new Rational(rng.Next(-5, 6), rng.Next(1, 4))).ToArray();
            var n = ExactEvaluator.Evaluate(inst, PolynomialRankOneLaw.Lift(net, c, a, b)).Ncf;
            Assert.Equal(PolynomialRankOneLaw.Factor(net, c, a) * reduced.Evaluate(b).Value, n);
        }
    }

    /// <summary>The exact constant: N² at the normalised lift (unit b = (3/5, 4/5, …), a_l = 1_S/√|S| with |S| ∈ {1, 4} so
    /// a_l is rational, c_l = √(d_l/Λ) through homogeneity N(c·) = Π c_l^{d_l} N) equals C² Π|S_l|^{−e_l} f(b)².</summary>
    [Theory]
    [MemberData(nameof(Families))]
    public void Value_law_constant_matches_exact_evaluation(string act, int depth, int d)
    {
        var rng = new Random(7 * depth + d);
        var inst = TestInstances.Random(rng.Next(), d, 6, Act(act), depth);
        inst = TestInstances.Make("wide", inst.Inputs, inst.Labels, Act(act), depth, 4);
        var net = inst.Network;
        var b = new Rational[d];
        b[0] = new Rational(3, 5); b[1] = new Rational(4, 5);
        foreach (var sizes in new[] { Enumerable.Repeat(1, depth - 1).ToArray(), Enumerable.Repeat(4, depth - 1).ToArray(), Enumerable.Range(0, depth - 1).Select(l => l % 2 == 0 ? 4 : 1).ToArray() })
        {
            var a = sizes.Select(s => Enumerable.Range(0, 4).Select(j => j < s ? (s == 4 ? new Rational(1, 2) : Rational.One) : Rational.Zero).ToArray()).ToArray();
            var n1 = ExactEvaluator.Evaluate(inst, PolynomialRankOneLaw.Lift(net, Enumerable.Repeat(Rational.One, depth).ToArray(), a, b)).Ncf;
            var scale = Rational.One;
            for (int l = 1; l <= depth; l++) scale *= PolynomialRankOneLaw.LayerScaleSquared(net, l).Pow((int)net.LayerDegree(l));
            var f = new PolynomialReducedProblem(inst).Evaluate(b).Value;
            var law = PolynomialRankOneLaw.ConstantSquared(net) * f * f;
            for (int l = 1; l < depth; l++) law /= new Rational(sizes[l - 1]).Pow(PolynomialRankOneLaw.SupportExponent(net, l));
            Assert.Equal(law, n1 * n1 * scale);
        }
        // p = 2, L = 2: C² = (2/3)²(1/3) = 4/27 (worked example in the derivation).
        Assert.Equal(new Rational(4, 27), PolynomialRankOneLaw.ConstantSquared(new Network([2, 2, 1], Act("polyrelu:2"))));
    }

    [Theory]
    [InlineData("polyrelu:2", 2)]
    [InlineData("polyrelu:2", 3)]
    [InlineData("polyleaky:2,1/2", 2)]
    [InlineData("signedpoly:3,1/2", 2)]
    public void Lift_of_a_rational_reduced_kkt_point_is_decided_exactly(string act, int depth)
    {
        var inst = Axis(act, depth, 3);
        var e1 = new Rational[] { 1, 0 };
        Assert.True(new PolynomialReducedProblem(inst).IsPositiveKktDirection(e1, out var why), why);
        foreach (var sizes in new PolynomialRankOneQueries(inst).SupportSizes())
        {
            var dec = PolynomialRankOneLift.Decide(inst, e1, sizes);
            Assert.True(dec.Confirms, $"|S| = ({string.Join(",", sizes)}): {dec.Reason}");
        }
        // Not a reduced KKT direction (f > 0 but ∇f ∦ b): the lift is not a KKT point.
        var off = new Rational[] { 2, 1 };
        Assert.False(new PolynomialReducedProblem(inst).IsPositiveKktDirection(off, out _));
        Assert.False(PolynomialRankOneLift.Decide(inst, off, Enumerable.Repeat(1, depth - 1).ToArray()).Kkt);
    }

    [Fact]
    public void Not_applicable_for_p_one_or_depth_one()
    {
        var relu = TestInstances.FromInts("relu", [[1, 0], [0, 1]], [1, -1], Act("relu"), 2);
        var r = ClaimRunner.Run("C6", relu, new CheckOptions()).Result;
        Assert.Equal(Verdict.NotApplicable, r.Verdict);
        Assert.Contains("p ≥ 2", r.Detail);
        var linear = new Instance("l1", [[1, 0], [0, 1]], [1, -1], new Network([2, 1], Act("polyrelu:2")));
        var applies = ClaimRegistry.Find("C6")!.Applies(linear);
        Assert.False(applies.Holds);
        Assert.Contains("L ≥ 2", applies.Reason);
    }

    /// <summary>The same queries, handed a value law with a wrong exponent (e_l + 1), must refute it with a re-checked witness.</summary>
    [Theory]
    [InlineData("polyrelu:2", 2)]
    [InlineData("signedpoly:3,1/2", 2)]
    public void A_forged_value_law_is_caught_as_a_counterexample(string act, int depth)
    {
        var inst = Axis(act, depth);
        var forged = new PolynomialLawTerms((net, l) => PolynomialRankOneLaw.SupportExponent(net, l) + 1, PolynomialRankOneLaw.ConstantSquared);
        var r = WithLaw(forged, inst);
        Assert.True(r.Verdict == Verdict.Counterexample, r.Detail);
        Assert.Contains("value law gives", r.Detail);
        var b = Assert.IsType<C6SufficiencyWitness>(r.Witness).B.Select(Rational.Parse).ToArray();
        Assert.True(new PolynomialReducedProblem(inst).IsPositiveKktDirection(b, out _));
        // A forged constant is caught too.
        var wrongC = new PolynomialLawTerms(PolynomialRankOneLaw.SupportExponent, net => PolynomialRankOneLaw.ConstantSquared(net) * 2);
        var r2 = WithLaw(wrongC, inst);
        Assert.True(r2.Verdict == Verdict.Counterexample, r2.Detail);
    }

    /// <summary>The necessity half's SAT path: with "equal entries" altered to "at most one non-zero entry", the solver must
    /// find a real rank-one KKT point with a two-entry support, re-checked in rationals and recomputed from its factors.</summary>
    [Theory]
    [InlineData("polyrelu:2")]
    [InlineData("polyleaky:2,1/2")]
    public void A_forged_necessity_condition_is_caught_with_a_rechecked_witness(string act)
    {
        var inst = Axis(act, 2);
        var forged = PolynomialLawTerms.Derived with { SingleEntrySupports = true };
        var r = WithLaw(forged, inst);
        Assert.True(r.Verdict == Verdict.Counterexample, r.Detail);
        Assert.Contains("necessity fails", r.Detail);
        var w = Assert.IsType<C6NecessityWitness>(r.Witness).Weights.Select(Rational.Parse).ToArray();
        // Independent of the SMT text: the exact evaluator certifies a KKT point with N > 0 whose W_1 has two non-zero rows.
        var net = inst.Network;
        var cert = KktCertifier.Check(inst, new WeightPoint(net, w), out var why);
        Assert.True(cert is not null && cert.Ncf.Sign > 0, why);
        Assert.Equal(2, Enumerable.Range(0, 2).Count(row => !w[net.Index(1, row, 0)].IsZero || !w[net.Index(1, row, 1)].IsZero));
    }

    public static TheoryData<string, int, int, int> Holds => new()
    {
        // (activation, depth, input dimension, extra seeded samples beyond the axis samples e₁ (y = 1), e₂ (y = −1), …)
        { "polyrelu:2", 2, 2, 0 }, { "polyleaky:2,1/2", 2, 2, 0 }, { "signedpoly:3,1/2", 2, 2, 0 },
        { "polyrelu:2", 2, 2, 3 }, { "polyleaky:2,1/2", 2, 2, 3 }, { "polyrelu:2", 2, 3, 0 }, { "polyrelu:2", 3, 2, 0 },
    };

    /// <summary>Whole check on small instances per family: every query UNSAT (necessity in every cell and support
    /// pattern, sufficiency for every support size), so the verdict is "holds" with the necessity proved.</summary>
    [Theory]
    [MemberData(nameof(Holds))]
    public void C6_holds_exactly(string act, int depth, int d, int extra)
    {
        var rng = new Random(depth * 31 + extra);
        var xs = new List<Rational[]>();
        var ys = new List<Rational>();
        for (int i = 0; i < d; i++) { var x = new Rational[d]; for (int j = 0; j < d; j++) x[j] = i == j ? 1 : 0; xs.Add(x); ys.Add(i == 0 ? 1 : -1); }
        for (int i = 0; i < extra; i++) { xs.Add(Enumerable.Range(0, d).Select(_ => (Rational)rng.Next(-3, 4)).ToArray()); ys.Add(rng.Next(1, 3) * (rng.Next(2) * 2 - 1)); }
        var inst = TestInstances.Make($"c6-{extra}", xs, ys, Act(act), depth, 2);
        var r = ClaimRunner.Run("C6", inst, new CheckOptions { TimeoutSeconds = depth == 3 ? 60 : 40 }).Result; // budgets, not timings: generous for a loaded 2-core CI
        Assert.True(r.Verdict == Verdict.Holds, r.Detail);
        var evidence = Assert.IsType<C6Evidence>(r.Evidence);
        Assert.True(evidence.NecessityProved);
        Assert.Equal(evidence.SupportChoices, evidence.SufficiencyProved);
    }

    /// <summary>
    /// Numeric cross-check: a sphere ascent (docs/theory.md#sphere-flow) from a non-negative rank-one start on a p ≥ 2 net stays
    /// non-negative rank one (the gradient of layer l is ∝ a_l^{∘p}(a_{l−1}^{∘p})ᵀ), never grows a support (σ'(0) = 0) but may
    /// shrink one (unequal entries are not KKT; smaller supports have larger value), and must end at a point whose value
    /// matches the exact law C·Π|S_l|^{−e_l/2}·f(b̂) for its END supports (entries above 1e-4 of the layer's largest), with
    /// b̂ the unit direction of W_1's rows. Equal starting entries keep the support by symmetry. Tolerance 1e-6 relative.
    /// </summary>
    [Theory]
    [InlineData("polyrelu:2", 2, 1, false)]
    [InlineData("polyrelu:2", 2, 2, false)]
    [InlineData("polyrelu:2", 2, 3, true)]
    [InlineData("polyleaky:2,1/2", 3, 2, false)]
    [InlineData("polyleaky:2,1/2", 3, 2, true)]
    [InlineData("signedpoly:3,1/2", 2, 2, true)]
    public void Sphere_ascent_from_a_rank_one_start_ends_on_the_value_law(string act, int depth, int support, bool equalStart)
    {
        var inst = TestInstances.Make("asc", [[1, 0], [0, 1], [1, 1]], [2, -1, 1], Act(act), depth, 3);
        var net = inst.Network;
        var rng = new Random(support);
        var a = Enumerable.Range(1, depth - 1).Select(_ => Enumerable.Range(0, 3).Select(j => j < support ? new Rational(equalStart ? 1 : rng.Next(1, 5)) : Rational.Zero).ToArray()).ToArray();
        var start = PolynomialRankOneLaw.Lift(net, Enumerable.Repeat(Rational.One, depth).ToArray(), a, [new Rational(3), new Rational(1)]).ToDoubles();
        var end = SphereAscent.Run(NcfModel.Compile(inst), start, 0, maxIterations: 20000, tolerance: 1e-12);
        Assert.True(end.Converged, $"residual {end.Residual}");
        // End supports from the row norms of W_l (a_l ∝ them), l = 1..L−1; the non-zero ones must be equal (C6).
        var sizes = new int[depth - 1];
        for (int l = 1; l < depth; l++)
        {
            var (rows, cols) = net.Shape(l);
            var norms = Enumerable.Range(0, rows).Select(r => Math.Sqrt(Enumerable.Range(0, cols).Sum(c => Math.Pow(end.Point[net.Index(l, r, c)], 2)))).ToArray();
            var kept = norms.Where(v => v > 1e-4 * norms.Max()).ToArray();
            sizes[l - 1] = kept.Length;
            Assert.True(kept.Max() - kept.Min() <= 1e-6 * kept.Max(), $"layer {l}: unequal non-zero entries {string.Join(", ", kept)}");
            Assert.True(sizes[l - 1] <= support);
            if (equalStart) Assert.Equal(support, sizes[l - 1]);
        }
        // b̂ from the largest row of W_1, f(b̂) in doubles from the reduced width-one model.
        int row = Enumerable.Range(0, 3).MaxBy(r => Math.Abs(end.Point[net.Index(1, r, 0)]) + Math.Abs(end.Point[net.Index(1, r, 1)]));
        double b0 = end.Point[net.Index(1, row, 0)], b1 = end.Point[net.Index(1, row, 1)], nb = Math.Sqrt(b0 * b0 + b1 * b1);
        var reduced = NcfModel.Compile(new PolynomialReducedProblem(inst).WidthOne);
        var rw = Enumerable.Repeat(1.0, reduced.WeightCount).ToArray();
        rw[0] = b0 / nb; rw[1] = b1 / nb;
        double f = reduced.Ncf(rw);
        double law = Math.Sqrt(PolynomialRankOneLaw.ConstantSquared(net).ToDouble()) * f;
        for (int l = 1; l < depth; l++) law *= Math.Pow(sizes[l - 1], -PolynomialRankOneLaw.SupportExponent(net, l) / 2.0);
        Assert.True(f > 0);
        Assert.True(Math.Abs(end.Ncf - law) <= 1e-6 * Math.Abs(law), $"N = {end.Ncf}, law {law} for |S| = ({string.Join(", ", sizes)})");
    }
}
