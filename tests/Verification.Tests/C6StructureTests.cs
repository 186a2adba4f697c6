using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Claims;
using Checker.Verification.Claims.Witnesses;
using Checker.Verification.Contracts;
using Checker.Verification.RankOne;

namespace Checker.Verification.Tests;

/// <summary>
/// C6's structural route (docs/theory.md#c6-structure): the factorisation identities (F1)–(F4) checked exactly per closed
/// cell, and the verdicts it gives at depth ≥ 3, where the QF_NRA necessity and sufficiency queries used to time out.
/// </summary>
public class C6StructureTests
{
    private static Activation Act(string preset) => Activation.TryParsePreset(preset, out var e) ?? throw new ArgumentException(e);

    private static Instance Inst(string name, int[][] xs, int[] ys, string act, params int[] hidden)
    {
        var widths = new List<int> { xs[0].Length };
        widths.AddRange(hidden);
        widths.Add(1);
        return new Instance(name, xs.Select(r => r.Select(v => (Rational)v).ToArray()).ToArray(), ys.Select(v => (Rational)v).ToArray(), new Network(widths, Act(act)));
    }

    public static TheoryData<string, int[][], int[], string, int[]> Instances => new()
    {
        // Random small-integer data, depth 3 and 4, the three p ≥ 2 families, p = 2 and 3, widths up to 3.
        { "pr2-233", [[0, -1], [2, 1], [2, -1], [-2, 0]], [-2, 1, 2, 1], "polyrelu:2", [3, 3] },
        { "pl2-232", [[1, 2], [-3, 1], [0, 2], [2, -2], [1, 1]], [1, -2, 3, 1, -1], "polyleaky:2,1/2", [3, 2] },
        { "sp3-232", [[2, -1], [1, 3], [-1, -1], [3, 0]], [2, -1, 1, -2], "signedpoly:3,1/2", [3, 2] },
        { "sp2-223", [[1, 0, 2], [-1, 1, 1], [2, 2, -1], [0, -3, 1], [1, 1, 1]], [1, 1, -2, 3, -1], "signedpoly:2,1/3", [2, 3] },
        { "pr3-22", [[1, 2], [-2, 1], [3, -1]], [1, -1, 2], "polyrelu:3", [2, 2] },
        { "pl2-2222", [[1, 1], [2, -1], [-1, 3]], [1, -1, 1], "polyleaky:2,1/3", [2, 2, 2] },
        // Xy = 0 (pairs x, −x with equal labels), a zero input and a zero label.
        { "xy0", [[1, 2], [-1, -2], [2, -1], [-2, 1]], [1, 1, -2, -2], "polyrelu:2", [2, 2] },
        { "zeros", [[0, 0], [1, -1], [2, 1]], [3, 0, -1], "signedpoly:2,1/2", [3, 3] },
    };

    /// <summary>(F1)–(F4) hold as polynomial identities for every branch vector ε, feasible cell or not (they are formal
    /// identities of the branch polynomials), so no solver is needed to pick cells here.</summary>
    [Theory]
    [MemberData(nameof(Instances))]
    public void Factorisation_identities_hold_on_every_branch_vector(string name, int[][] xs, int[] ys, string act, int[] hidden)
    {
        var inst = Inst(name, xs, ys, act, hidden);
        var structure = new PolynomialRankOneStructure(inst, new PolynomialReducedProblem(inst));
        var rng = new Random(name.Length);
        int n = inst.SampleCount;
        for (int trial = 0; trial < 4; trial++)
        {
            var cell = Enumerable.Range(0, n).Select(i => trial == 0 ? 1 : trial == 1 ? -1 : rng.Next(2) * 2 - 1).ToArray();
            var proof = structure.Check(cell);
            Assert.True(proof.Holds, $"{name}, cell {PolynomialCells.Text(cell)}: {proof.Reason}");
            Assert.True(proof.LargestTerms > 1);
            // The sample-by-sample form the check uses (the per-sample identities add up to the cell's) agrees.
            var bySample = structure.CheckBySample(cell);
            Assert.True(bySample.Holds, $"{name}, cell {PolynomialCells.Text(cell)}, by sample: {bySample.Reason}");
        }
    }

    /// <summary>Non-vacuity: factor forms computed on another branch of one sample (a₊ ≠ a₋ there, label and input
    /// non-zero) must break an identity; a tiny expansion guard must stop the check with its reason.</summary>
    [Theory]
    [InlineData("polyleaky:2,1/2")]
    [InlineData("signedpoly:3,1/2")]
    [InlineData("polyrelu:2")]
    public void A_wrong_branch_or_a_tiny_guard_breaks_the_proof(string act)
    {
        var inst = Inst("flip", [[1, 2], [-2, 1], [3, -1]], [1, -1, 2], act, 2, 2);
        var structure = new PolynomialRankOneStructure(inst, new PolynomialReducedProblem(inst));
        int[] cell = [1, 1, -1], flipped = [1, 1, 1];
        Assert.True(structure.Check(cell).Holds);
        var wrong = structure.Check(cell, PolynomialRankOneStructure.MaxTerms, flipped);
        Assert.False(wrong.Holds);
        Assert.Contains("(F", wrong.Reason);
        var tiny = structure.Check(cell, 3);
        Assert.False(tiny.Holds);
        Assert.Contains("too large", tiny.Reason);
        var tinyBySample = new PolynomialRankOneStructure(inst, new PolynomialReducedProblem(inst)).CheckBySample(cell, 3);
        Assert.False(tinyBySample.Holds);
        Assert.Contains("too large", tinyBySample.Reason);
    }

    /// <summary>The lift factor K² of the lift lemma equals the value law's C²·Π|S_l|^{−e_l} for every support-size choice.</summary>
    [Theory]
    [InlineData("polyrelu:2", 2)]
    [InlineData("polyrelu:2", 3)]
    [InlineData("polyrelu:2", 4)]
    [InlineData("signedpoly:3,1/2", 3)]
    [InlineData("polyleaky:2,1/2", 4)]
    public void Lift_factor_matches_the_value_law(string act, int depth)
    {
        var inst = TestInstances.Make("law", [[1, 0], [0, 1]], [1, -1], Act(act), depth, 3);
        var net = inst.Network;
        var queries = new PolynomialRankOneQueries(inst);
        int choices = 0;
        foreach (var s in queries.SupportSizes())
        {
            var law = PolynomialRankOneLaw.ConstantSquared(net);
            for (int l = 1; l < depth; l++) law /= new Rational(s[l - 1]).Pow(PolynomialRankOneLaw.SupportExponent(net, l));
            Assert.Equal(law, PolynomialRankOneStructure.LiftFactorSquared(net, s));
            choices++;
        }
        Assert.Equal((int)Math.Pow(3, depth - 1), choices);
    }

    /// <summary>End to end at depth ≥ 3: C6 holds with every cell closed by the structural route, necessity proved and
    /// sufficiency proved for every support-size choice, and no necessity or sufficiency query sent.</summary>
    [Theory]
    [MemberData(nameof(Instances))]
    public void C6_is_decided_at_depth_three_and_four(string name, int[][] xs, int[] ys, string act, int[] hidden)
    {
        var inst = Inst(name, xs, ys, act, hidden);
        var r = ClaimRunner.Run("C6", inst, new CheckOptions { TimeoutSeconds = 60 }).Result; // a budget, not a timing
        Assert.True(r.Verdict == Verdict.Holds, r.Detail);
        var e = Assert.IsType<C6Evidence>(r.Evidence);
        Assert.Equal(e.Cells, e.StructureCells);
        Assert.True(e.NecessityProved);
        Assert.Equal(e.SupportChoices, e.SufficiencyProved);
        Assert.Empty(e.Queries!);
    }

    /// <summary>With the structural route disabled (a guard no polynomial fits) the depth-3 instance goes back to the
    /// solver queries, and a starved budget leaves them undecided: inconclusive with the reason, never "holds".</summary>
    [Fact]
    public void Without_the_structural_route_a_starved_budget_is_inconclusive()
    {
        var inst = TestInstances.FromInts("tight", [[1, 0], [0, 1], [1, 2]], [1, -1, 1], Act("polyleaky:2,1/2"), 3);
        var check = new C6PolynomialRankOneCheck(PolynomialLawTerms.Derived, structureMaxTerms: 1);
        var r = ClaimRunner.Run(ClaimRegistry.Find("C6")! with { Checker = check }, inst, new CheckOptions { TimeoutSeconds = 0.5 }).Result;
        Assert.Equal(Verdict.Inconclusive, r.Verdict);
        Assert.Contains("undecided", r.Detail + "", StringComparison.Ordinal);
    }
}
