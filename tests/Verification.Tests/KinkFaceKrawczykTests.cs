using Checker.Numeric;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Claims;
using Checker.Verification.Claims.Witnesses;
using Checker.Verification.Contracts;
using Checker.Verification.FullNetwork;

namespace Checker.Verification.Tests;

/// <summary>
/// Algebraic Clarke KKT points on kink faces proved by the Krawczyk test with the slopes as unknowns
/// (<see cref="KinkFaceKrawczyk"/>), and the C11 census nets (bench/oracles/c11_census.py, seed 1) whose findings the
/// independent oracle (bench/oracles/c11_oracle.py) classified as a KKT point Checker failed to certify or as a flow that
/// stopped before its limit.
/// </summary>
public class KinkFaceKrawczykTests
{
    private static readonly Activation Relu = new(1, 0, 1, "relu");

    private static Instance Net(string name, string[][] xs, string[] ys, int[] widths, Activation act) =>
        new(name, xs.Select(x => x.Select(Rational.Parse).ToArray()).ToArray(), ys.Select(Rational.Parse).ToArray(), new Network(widths, act));

    /// <summary>census c11-13: leaky [2,2,1,1], n = 5.</summary>
    private static Instance C11_13 => Net("c11-13", [["1", "-2"], ["2", "1"], ["-1", "1/2"], ["-2", "-4"], ["2", "2"]], ["3/2", "-4", "-3", "-2", "-4"], [2, 2, 1, 1], TestInstances.Leaky(1, 10));

    /// <summary>census c11-01: leaky [3,3,1,1], n = 2.</summary>
    private static Instance C11_01 => Net("c11-01", [["2", "2", "2"], ["1/2", "-1/2", "-3/2"]], ["3/2", "2"], [3, 3, 1, 1], TestInstances.Leaky(1, 10));

    /// <summary>census seed 2, c11-06: leaky [2,2,1,1], n = 4; three starts end on algebraic points of faces with 1–3 kinks,
    /// where the certifier's rational face sweeps certified another point.</summary>
    private static Instance C11_2_06 => Net("c11-2-06", [["-4", "-3/2"], ["1", "4"], ["-2", "-3"], ["-3", "-4"]], ["3/2", "-4", "-4", "-1"], [2, 2, 1, 1], TestInstances.Leaky(1, 10));

    /// <summary>census c11-16: relu [1,2,3,1], n = 2 (the NCF integrator stops at t ≈ 0.05 on one start).</summary>
    private static Instance C11_16 => Net("c11-16", [["-2"], ["3"]], ["-4", "-4"], [1, 2, 3, 1], Relu);

    /// <summary>The flow limit of c11-13's seed 101: neuron 1 of layer 1 on the kink of x₁, the layer-2 neuron on the kink of x₄.</summary>
    private static readonly double[] Limit13 = [-0.16805632589814004, -0.08402816294906992, 0.3872716649184991, 0.384773089030844, -0.18789268437765985, -0.5459209397794696, 0.5773502691898534];

    [Fact]
    public void AnAlgebraicPointOnATwoKinkFaceIsProvedWithSlopesInsideTheClarkeInterval()
    {
        var r = KinkFaceKrawczyk.Certify(C11_13, Limit13);
        var e = Assert.IsType<KktEnclosure>(r.Enclosure);
        Assert.Equal(1, e.Sign);
        // N from the independent oracle (mpmath, 50 digits, face system solved from the theory alone): 0.35715363250558219117972651543303981546414285998117
        Assert.True(Math.Abs(e.Ncf.ToDouble() - 0.35715363250558219) < 1e-15, e.Ncf.ToString());
        Assert.True(Vectors.Dot(e.NormalisedDoubles(), Limit13) > 1 - 1e-9);
        Assert.Contains("2 kink(s)", e.Proof);
        Assert.True(e.NormLawConsistent);
        // The general certifier reaches it too (the rational face sweeps cannot: the point is irrational).
        var viaCertifier = KktCertifier.Certify(C11_13, Limit13);
        Assert.NotNull(viaCertifier.Enclosure);
    }

    [Fact]
    public void TheSameFaceWithTheOutputNegatedIsAKktPointWithNegativeValue()
    {
        // N is linear in W₃: flipping it negates N and keeps the KKT system (λ → −λ), so the proof goes through with N < 0.
        var u = (double[])Limit13.Clone();
        u[^1] = -u[^1];
        var e = Assert.IsType<KktEnclosure>(KinkFaceKrawczyk.Certify(C11_13, u).Enclosure);
        Assert.Equal(-1, e.Sign);
    }

    [Fact]
    public void ADirectionNearNoKktPointOfItsFaceIsRefusedWithAReason()
    {
        // Layer 2's weights swapped: the kink of x₁ stays, but no KKT point of that face is near.
        var u = (double[])Limit13.Clone();
        (u[4], u[5]) = (u[5], u[4]);
        var r = KinkFaceKrawczyk.Certify(C11_13, u);
        Assert.Null(r.Enclosure);
        Assert.False(string.IsNullOrEmpty(r.Reason));
    }

    private static ClaimResult Check(Instance instance) =>
        ClaimRunner.Run(ClaimRegistry.Find("C11")!, instance, new CheckOptions { TimeoutSeconds = 120, Seed = 1 }).Result;

    public static TheoryData<string> CensusNets => new() { "c11-01", "c11-13", "c11-16", "c11-2-06" };

    [Theory]
    [MemberData(nameof(CensusNets))]
    public void CensusNetsWhoseFindingsWereCheckerGapsNowHold(string name)
    {
        var instance = name switch { "c11-01" => C11_01, "c11-13" => C11_13, "c11-2-06" => C11_2_06, _ => C11_16 };
        var r = Check(instance);
        Assert.True(r.Verdict == Verdict.HoldsNumerically, r.Detail);
        var e = Assert.IsType<C11Evidence>(r.Evidence);
        foreach (var run in e.Runs.Where(x => x.Outcome != "collapse"))
        {
            Assert.True(run.Cosine >= 1 - C11NonsmoothCrossValidationCheck.Epsilon);
            Assert.False(run.Value!.StartsWith('-'));
            // Every matched run names what certified it: an exact point or an interval proof.
            Assert.True(run.Point is not null || run.Proof is not null, $"seed {run.Seed}");
        }
        if (name is "c11-13" or "c11-2-06")
            Assert.Contains(e.Runs, x => x.Proof is not null && x.CertifiedBy!.Contains("Krawczyk"));
        if (name == "c11-16")
            Assert.Contains(e.Runs, x => x.Outcome.Contains("continued by the sphere flow"));
    }
}
