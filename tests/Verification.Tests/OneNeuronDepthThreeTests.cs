using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Claims;
using Checker.Verification.RankOne;

namespace Checker.Verification.Tests;

/// <summary>
/// Lemma 8 of docs/theory.md#rank-one-case-split (C5 on [d, 1, k, 1] nets, open cells, by an exact LP). The witnesses are
/// re-checked in Q(√r) by the product code; here they are checked again independently, in doubles by central differences
/// of a hand-written forward pass (tolerance 1e-6 relative), and the LP's "no violation" is checked by the claim's verdict.
/// </summary>
public class OneNeuronDepthThreeTests
{
    private static double D(Rational q) => (double)q.Numerator / (double)q.Denominator;
    private static Rational P(string s) => Rational.TryParse(s, out var v, out var e) ? v : throw new FormatException(e);

    private static Instance Make(string x, string y, string act, int[] widths) =>
        new("one-neuron", x.Split(';').Select(r => r.Split(',').Select(P).ToArray()).ToArray(), y.Split(',').Select(P).ToArray(),
            new Network(widths, Activation.TryParsePreset(act, out _)!));

    [Fact]
    public void Surd_arithmetic_and_signs_are_exact()
    {
        var t = QuadraticSurd.Root(2);
        Assert.Equal(QuadraticSurd.FromRational(2), t * t);
        // 3 − 2√2 ≈ 0.17 > 0, 1 − √2 < 0, 3/2 − √2 > 0 (9/4 > 2).
        Assert.Equal(1, (QuadraticSurd.FromRational(3) - QuadraticSurd.FromRational(2) * t).Sign);
        Assert.Equal(-1, (QuadraticSurd.FromRational(1) - t).Sign);
        Assert.Equal(1, (QuadraticSurd.FromRational(new Rational(3, 2)) - t).Sign);
        var q = (QuadraticSurd.FromRational(1) + t) / (QuadraticSurd.FromRational(1) - t);
        Assert.Equal(QuadraticSurd.FromRational(1) + t, q * (QuadraticSurd.FromRational(1) - t));
        Assert.Throws<InvalidOperationException>(() => t + QuadraticSurd.Root(3));
    }

    public static TheoryData<string, string, string, int[]> Violated => new()
    {
        // The depth-3 census's leaky nets (seed 13, instances 04 and 10), which the SMT split left open.
        { "-4,-1/2;1/2,4;3,-2;-3,3/4;-3/2,-1", "1,1/2,-1,-2,-2", "leaky:1/10", [2, 1, 2, 1] },
        { "2,-2;-2,-3;-3,4;1,-1", "3,1,1/4,1", "leaky:1/10", [2, 1, 2, 1] },
        // Three neurons in layer 2 (two share the positive part), a₋ = 1/4.
        { "-3,-2;1,1;-1,2;2,-1/2", "-4,-1,-2,3", "leaky:1/4", [2, 1, 3, 1] },
    };

    [Theory]
    [MemberData(nameof(Violated))]
    public void Violating_points_are_kkt_points_with_positive_value_in_doubles(string x, string y, string act, int[] widths)
    {
        var inst = Make(x, y, act, widths);
        var w = OneNeuronDepthThree.Decide(inst);
        Assert.NotNull(w);
        var th = w!.Weights.Select(v => (double)v.A.Numerator / (double)v.A.Denominator
            + (double)v.B.Numerator / (double)v.B.Denominator * Math.Sqrt((double)v.R.Numerator / (double)v.R.Denominator)).ToArray();
        var net = inst.Network;
        double am = (double)net.Activation.Neg.Numerator / (double)net.Activation.Neg.Denominator;
        double Sig(double z) => z > 0 ? z : am * z;
        double N(double[] t)
        {
            double s = 0;
            for (int i = 0; i < inst.SampleCount; i++)
            {
                double z = 0;
                for (int c = 0; c < inst.Dimension; c++) z += t[net.Index(1, 0, c)] * D(inst.Inputs[i][c]);
                double h = Sig(z), o = 0;
                for (int j = 0; j < net.Widths[2]; j++) o += t[net.Index(3, 0, j)] * Sig(t[net.Index(2, j, 0)] * h);
                s += D(inst.Labels[i]) * o;
            }
            return s;
        }
        Assert.True(N(th) > 0);
        for (int l = 1; l <= 3; l++)
        {
            var idx = Enumerable.Range(net.Offset(l), net.Widths[l] * net.Widths[l - 1]).ToList();
            var ratios = idx.Select(k =>
            {
                var a = (double[])th.Clone(); var b = (double[])th.Clone();
                a[k] += 1e-7; b[k] -= 1e-7;
                return (N(a) - N(b)) / 2e-7 / th[k];
            }).ToList();
            Assert.True(ratios[0] > 0);
            Assert.All(ratios, r => Assert.True(Math.Abs(r - ratios[0]) <= 1e-6 * Math.Abs(ratios[0]), $"layer {l}: {string.Join(", ", ratios)}"));
        }
        var a2 = Enumerable.Range(0, net.Widths[2]).Select(j => Math.Sign(th[net.Index(2, j, 0)])).ToList();
        Assert.Contains(1, a2);
        Assert.Contains(-1, a2);
    }

    [Fact]
    public void The_census_net_is_a_counterexample_to_C5()
    {
        var inst = Make("-4,-1/2;1/2,4;3,-2;-3,3/4;-3/2,-1", "1,1/2,-1,-2,-2", "leaky:1/10", [2, 1, 2, 1]);
        var r = ClaimRunner.Run("C5", inst, new CheckOptions { TimeoutSeconds = 20 }).Result;
        Assert.True(r.Verdict == Verdict.Counterexample, r.Detail);
        Assert.Contains("Lemma 8", r.Detail);
        // Census instance 10 has parallel inputs (2, −2) and (1, −1): its violating point is outside the claim.
        var parallel = Make("2,-2;-2,-3;-3,4;1,-1", "3,1,1/4,1", "leaky:1/10", [2, 1, 2, 1]);
        var d = ClaimRunner.Run("C5", parallel, new CheckOptions { TimeoutSeconds = 20 }).Result;
        Assert.True(d.Verdict == Verdict.NotApplicable && d.Detail.Contains("parallel inputs"), d.Detail);
    }

    /// <summary>No open cell has a solution: the LP decides them, the kinked faces go by Lemma 7 (no input is orthogonal
    /// to Xy), and C5 holds with no query left.</summary>
    [Fact]
    public void Without_a_solution_the_open_cells_are_decided_and_C5_holds()
    {
        var inst = Make("1/2,-4;-4,-1/2;-1,-4", "2,-1,1/2", "leaky:1/10", [2, 1, 2, 1]);
        Assert.Null(OneNeuronDepthThree.Decide(inst));
        var r = ClaimRunner.Run("C5", inst, new CheckOptions { TimeoutSeconds = 20 }).Result;
        Assert.True(r.Verdict == Verdict.Holds, r.Detail);
        Assert.Contains("Lemma 8", r.Detail);
    }

    [Fact]
    public void The_lemma_applies_only_to_its_nets()
    {
        var leaky = TestInstances.Leaky(1, 10);
        Assert.True(OneNeuronDepthThree.Applies(new Network([2, 1, 2, 1], leaky)));
        Assert.False(OneNeuronDepthThree.Applies(new Network([2, 1, 1, 1], leaky)));
        Assert.False(OneNeuronDepthThree.Applies(new Network([2, 2, 2, 1], leaky)));
        Assert.False(OneNeuronDepthThree.Applies(new Network([2, 1, 2, 2, 1], leaky)));
        Assert.False(OneNeuronDepthThree.Applies(new Network([2, 1, 2, 1], new Activation(1, 0, 1, "relu"))));
    }
}
