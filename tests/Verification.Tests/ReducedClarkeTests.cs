using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;
using Checker.Verification.Reduced;
using Checker.Verification.Solvers;

namespace Checker.Verification.Tests;

/// <summary>`kkt --reduced` on degenerate data (parallel, antiparallel, duplicate and zero inputs, several kinks) lists
/// exactly the Clarke KKT points that the independent brute force finds, complete.</summary>
public class ReducedClarkeTests
{
    private static ReducedKktResult Run(ReducedProblem p, ReducedKktEngine engine) =>
        ReducedKktSearch.Run(p, new ReducedKktOptions(new Z3InProcessSolver()) { Engine = engine, QueryLimit = TimeSpan.FromSeconds(60), Deadline = DateTime.UtcNow.AddMinutes(2), Threads = 1 });

    [Fact]
    public void ParallelInputsWithOppositeLabelsGiveTheClarkeIntervalNotTheIndependentBox()
    {
        // relu, x = (−3,0) with y = 1 and (−5,0) with y = −1: on their common kink both take one side, so the kink part of
        // ∂f is conv{0, (2,0)} (along the inputs' direction (−1,0): [−2, 0]), while independent slopes give
        // −3σ₁ + 5σ₂ ∈ [−3, 5] (along (−1,0): [−5, 3]).
        var inst = TestInstances.FromInts("parallel", [[-3, 0], [-5, 0], [0, 1]], [1, -1, 1], Activation.Relu, 2);
        var p = ReducedProblem.Create(inst, [1, 1]);
        var certificate = ReducedClarke.Certificate(p, "00+", [new Rational(2), Rational.One]);
        Assert.NotNull(certificate);
        Assert.Equal([("++", Rational.One)], certificate);
        Assert.NotNull(ReducedClarke.Certificate(p, "00+", [new Rational(1), Rational.One]));
        Assert.Null(ReducedClarke.Certificate(p, "00+", [new Rational(3), Rational.One]));
        Assert.Null(ReducedClarke.Certificate(p, "00+", [new Rational(-1), Rational.One]));
        AgreesWithBruteForce(p);
    }

    public static TheoryData<int> Seeds() => new(Enumerable.Range(1, 14));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void PlantedDegenerateDataAgreeWithTheBruteForce(int seed)
    {
        var rng = new Random(seed);
        int d = seed % 3 == 0 ? 3 : 2;
        var xs = new List<Rational[]>();
        var ys = new List<Rational>();
        for (int i = 0; i < 3; i++)
        {
            Rational[] x;
            do x = Enumerable.Range(0, d).Select(_ => (Rational)rng.Next(-2, 3)).ToArray(); while (x.All(v => v.IsZero));
            xs.Add(x);
            ys.Add(rng.Next(1, 3) * (rng.Next(2) == 0 ? 1 : -1));
        }
        // Planted degeneracies: a parallel copy, an antiparallel one, a duplicate (its label sometimes cancelling), and
        // on some seeds a zero input.
        xs.Add(xs[0].Select(v => 2 * v).ToArray()); ys.Add(-ys[0] * rng.Next(1, 3));
        xs.Add(xs[1].Select(v => -v).ToArray()); ys.Add(rng.Next(1, 3) * (rng.Next(2) == 0 ? 1 : -1));
        if (seed % 2 == 0) { xs.Add((Rational[])xs[2].Clone()); ys.Add(seed % 4 == 0 ? -ys[2] : ys[2]); }
        else { xs.Add(new Rational[d].Select(_ => Rational.Zero).ToArray()); ys.Add(1); }
        var act = seed % 5 == 0 ? TestInstances.Leaky(1, 4) : Activation.Relu;
        var inst = TestInstances.Make($"planted-{seed}", xs, ys, act, 2, 2);
        foreach (var s in new[] { new[] { 1, 1 }, new[] { 1, -1 } })
            AgreesWithBruteForce(ReducedProblem.Create(inst, s));
    }

    [Fact]
    public void BothEnginesAgreeOnTheIssueExampleAndDropItsSpuriousPoints()
    {
        var inst = TestInstances.FromInts("issue", [[-3, 0], [-5, 0], [1, 2], [2, -1]], [1, -1, 2, -1], Activation.Relu, 2);
        var p = ReducedProblem.Create(inst, [1, 1]);
        var search = AgreesWithBruteForce(p);
        Assert.True(search.DroppedByClarke > 0, "the independent-slope bound manufactures a point here");
        var smt = Run(p, ReducedKktEngine.Smt);
        Assert.True(smt.Complete, smt.Reason);
        Assert.Equal(Keys(search), Keys(smt));
    }

    private static ReducedKktResult AgreesWithBruteForce(ReducedProblem p)
    {
        var r = Run(p, ReducedKktEngine.Search);
        var oracle = ReducedBruteForce.EnumerateClarke(p, out var continua);
        if (ReducedKktEnumerator.IdenticallyZero(p)) return r;
        Assert.True(r.Complete, r.Reason);
        Assert.Equal(oracle.Select(o => (o.Pattern, o.Sign)).OrderBy(k => k.Pattern, StringComparer.Ordinal).ThenBy(k => k.Sign).ToList(), Keys(r));
        foreach (var o in oracle)
        {
            var pt = r.Points.Single(q => q.Pattern == o.Pattern && q.ValueSign == o.Sign);
            Assert.Equal(o.ValueSquared * RationalLinearAlgebra.Dot(pt.Direction, pt.Direction), pt.ValueSquared * RationalLinearAlgebra.Dot(o.Direction, o.Direction) * (o.Sign == 0 ? 1 : 1));
            Assert.True(Parallel(o.Direction, pt.Direction), $"{o.Pattern}: directions differ");
            if (pt.OnKink) Assert.NotEmpty(pt.ClarkeWeights);
        }
        Assert.Equal(continua.OrderBy(x => x, StringComparer.Ordinal), r.Families.Where(f => f.ValueSign == 0).Select(f => f.Pattern).OrderBy(x => x, StringComparer.Ordinal));
        return r;
    }

    private static List<(string, int)> Keys(ReducedKktResult r) =>
        r.Points.Select(q => (q.Pattern, q.ValueSign)).OrderBy(k => k.Pattern, StringComparer.Ordinal).ThenBy(k => k.ValueSign).ToList();

    private static bool Parallel(Rational[] a, Rational[] b)
    {
        var ab = RationalLinearAlgebra.Dot(a, b);
        return ab.Sign > 0 && ab * ab == RationalLinearAlgebra.Dot(a, a) * RationalLinearAlgebra.Dot(b, b);
    }
}
