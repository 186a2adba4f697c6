using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Clarke;
using Checker.Verification.Solvers;

namespace Checker.Verification.Tests;

/// <summary>
/// Issue 15: the third refutation rule of the Clarke engine (docs/theory.md §2) — a pattern is not adjacent only when the
/// solver answers unsat to "some weights in the box |w − u|∞ ≤ r have these signs". Sat and unknown decide nothing, and the
/// query must say what it claims: the box around u (not a shifted one) and the pattern's own signs. Checked on the
/// [2,2,2,1] leaky point of <see cref="ClarkeAdjacencySamplingTests"/> where six patterns get neither an arc nor a tie.
/// </summary>
public class ClarkeNeighbourhoodRefutationTests
{
    private static (Instance, WeightPoint) ZeroWeightTie()
    {
        var net = new Network([2, 2, 2, 1], TestInstances.Leaky(1, 10));
        var instance = new Instance("zero-weight-tie", [new Rational[] { 1, 2 }, new Rational[] { 1, -1 }, new Rational[] { -2, 1 }], [1, -1, 2], net);
        return (instance, new WeightPoint(net, [-2, 1, 4, -2, 0, 1, 1, 1, 1, -1]));
    }

    /// <summary>Answers every query with one status and records the query names.</summary>
    private sealed class FixedSolver(SmtStatus status) : ISmtSolver
    {
        public List<string> Asked { get; } = [];
        public string Name => "fixed-" + status.ToString().ToLowerInvariant();
        public SmtAnswer Solve(SmtQuery query, TimeSpan limit, CancellationToken cancellationToken = default)
        {
            lock (Asked) Asked.Add(query.Name);
            return status == SmtStatus.Unknown ? SmtAnswer.Unknown(Name, TimeSpan.Zero, "stub") : new SmtAnswer(status, Name, TimeSpan.Zero, null, []);
        }
    }

    [Theory]
    [InlineData(SmtStatus.Unknown)]
    [InlineData(SmtStatus.Sat)]
    public void Sat_or_unknown_refutes_nothing(SmtStatus status)
    {
        var (instance, u) = ZeroWeightTie();
        var without = ClarkeEngine.Analyse(instance, u);
        var solver = new FixedSolver(status);
        var with = ClarkeEngine.Analyse(instance, u, new ClarkeOptions { Solver = solver });
        var open = without.Patterns.Where(p => p.Status == Adjacency.Inconclusive).Select(p => p.Signs).ToList();
        Assert.NotEmpty(open);
        // The solver is asked exactly for the patterns that neither an arc nor an exact rule decides, and changes none.
        Assert.Equal(open.Select(p => "clarke-adjacency-" + p).Order(), solver.Asked.Order());
        Assert.Equal(without.Patterns.Select(p => (p.Signs, p.Status)), with.Patterns.Select(p => (p.Signs, p.Status)));
        Assert.All(with.Patterns.Where(p => p.Status == Adjacency.Inconclusive), p => Assert.Equal("no arc found; the neighbourhood query did not refute", p.Reason));
        Assert.False(with.AdjacencyDecided);
    }

    [Fact]
    public void Unsat_refutes_exactly_the_patterns_it_was_asked_about()
    {
        var (instance, u) = ZeroWeightTie();
        var without = ClarkeEngine.Analyse(instance, u);
        var with = ClarkeEngine.Analyse(instance, u, new ClarkeOptions { Solver = new FixedSolver(SmtStatus.Unsat), NeighbourhoodRadius = new Rational(1, 50) });
        foreach (var (a, b) in without.Patterns.Zip(with.Patterns))
        {
            if (a.Status == Adjacency.Inconclusive)
            {
                Assert.Equal(Adjacency.NotAdjacent, b.Status);
                Assert.Equal("no weights with these signs within 1/50 of the point (fixed-unsat: unsat, QF_NRA)", b.Reason);
            }
            else Assert.Equal((a.Status, a.Reason), (b.Status, b.Reason));
        }
        Assert.True(with.AdjacencyDecided);
    }

    [Fact]
    public void The_query_holds_at_a_point_of_the_box_with_the_patterns_signs_and_nowhere_else()
    {
        // Every adjacent pattern's arc, at a small step, is a point of the box with exactly the pattern's signs: its query
        // must be satisfied there (checked exactly, no solver), and the query of every other pattern must not be.
        var (instance, u) = ZeroWeightTie();
        var sub = ClarkeEngine.Analyse(instance, u);
        var ctx = new KinkContext(instance, u);
        var names = ExactEvaluator.ExpressionFor(instance).Graph.VariableNames;
        var radius = new Rational(1, 1000);
        var eps = new Rational(1, 100000);
        int checkedPoints = 0;
        foreach (var p in sub.Adjacent)
        {
            var w = (Rational[])u.Flat.Clone();
            foreach (var (order, index, value) in p.Arc!.Terms()) w[index] += value * eps.Pow(order);
            Assert.All(w.Zip(u.Flat), t => Assert.True((t.First - t.Second).Abs() <= radius));
            var model = Enumerable.Range(0, w.Length).ToDictionary(v => names[v], v => w[v]);
            foreach (var q in sub.Patterns)
            {
                bool holds = ExactModelChecker.Check(AdjacencyRefuter.NeighbourhoodQuery(ctx, q.Signs, radius).Script, model, out var why);
                Assert.True(holds == (q.Signs == p.Signs), $"query of {q.Signs} at the arc point of {p.Signs}: {holds} ({why})");
            }
            // The same point lies outside a box around u of half its distance: the bounds are around u.
            var far = w.Zip(u.Flat).Max(t => (t.First - t.Second).Abs());
            Assert.False(ExactModelChecker.Check(AdjacencyRefuter.NeighbourhoodQuery(ctx, p.Signs, far / 2).Script, model, out _));
            checkedPoints++;
        }
        Assert.True(checkedPoints >= 2);
    }
}
