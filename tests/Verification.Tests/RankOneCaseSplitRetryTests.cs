using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;
using Checker.Verification.Claims;
using Checker.Verification.Contracts;
using Checker.Verification.RankOne;
using Checker.Verification.Solvers;

namespace Checker.Verification.Tests;

/// <summary>The case split's second pass (docs/theory.md#rank-one-case-split): cases the first pass leaves open are taken
/// up again until the retry deadline, so C5 does not answer "undecided" with budget left; without a retry deadline the
/// open cases stay undecided (inconclusive, never unsat).</summary>
public class RankOneCaseSplitRetryTests
{
    /// <summary>Answers unknown to its first <c>misses</c> queries (as a loaded machine's time limits do), then asks z3.</summary>
    private sealed class FirstQueriesUnknown(ISmtSolver inner, int misses) : ISmtSolver
    {
        private int _asked;
        public string Name => inner.Name;

        public SmtAnswer Solve(SmtQuery query, TimeSpan limit, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _asked) <= misses
                ? new SmtAnswer(SmtStatus.Unknown, inner.Name, TimeSpan.Zero, Reason: "time limit reached (simulated)")
                : inner.Solve(query, limit, cancellationToken);
    }

    /// <summary>A depth-2 leaky net and two of relu-dead's samples on a [2,2,2,1] ReLU net: both unsat in one pass. (All four
    /// of relu-dead's samples took 2–3 min per case, four splits each — most of the suite's wall time.)</summary>
    public static TheoryData<string, int> Instances => new() { { "leaky-2", 0 }, { "relu-3", 0 }, { "leaky-2", 7 }, { "relu-3", 6 } };

    private static Instance Build(string name) => name switch
    {
        "leaky-2" => TestInstances.Random(6, 2, 4, TestInstances.Leaky(1, 10), 2, range: 4),
        _ => TestInstances.Make("relu-3", [[1, 1], [2, new Rational(1, 2)]], [1, -1],
            Activation.Relu, 3, 2),
    };

    private static RankOneCaseSplit.Outcome Split(Instance inst, ISmtSolver solver, DateTime deadline, DateTime? retry, int jobs = 1)
    {
        var (enc, violated) = C5RankOneNecessityCheck.Question(inst);
        return new RankOneCaseSplit(enc).Run("retry-test", [violated],
            RankOneCaseSplit.SignedFactorCases(inst.Network, (l, r) => Term.Var(C5RankOneNecessityCheck.A(l, r))), solver,
            deadline, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), null, CancellationToken.None, jobs, retryDeadline: retry);
    }

    /// <param name="misses">0: the first pass's deadline has already passed, so every case is open as a whole; otherwise
    /// the first pass runs, its first <paramref name="misses"/> queries come back unknown (nodes split further, leaves
    /// stay open) and the second pass must decide what they left.</param>
    [Theory]
    [MemberData(nameof(Instances))]
    public void Open_cases_are_decided_by_the_second_pass_and_stay_undecided_without_it(string name, int misses)
    {
        var inst = Build(name);
        var z3 = new CheckOptions().CreateSolver(out _);
        var reference = Split(inst, z3, DateTime.UtcNow.AddSeconds(120), null);
        Assert.Equal(SmtStatus.Unsat, reference.Status);

        DateTime FirstDeadline() => misses == 0 ? DateTime.UtcNow.AddSeconds(-1) : DateTime.UtcNow.AddSeconds(120);
        var without = Split(inst, new FirstQueriesUnknown(z3, misses), FirstDeadline(), null);
        Assert.Equal(SmtStatus.Unknown, without.Status);
        Assert.Contains("left undecided", without.Reason);

        foreach (int jobs in new[] { 1, 2 })
        {
            var with = Split(inst, new FirstQueriesUnknown(z3, misses), FirstDeadline(), DateTime.UtcNow.AddSeconds(120), jobs);
            Assert.True(with.Status == SmtStatus.Unsat, with.Reason);
            Assert.Equal(reference.Classes, with.Classes);
            // Every leaf the reference proved is proved again (a node the first pass could not decide is split into leaves).
            Assert.True(with.Leaves >= reference.Leaves, $"{with.Leaves} < {reference.Leaves}");
        }
    }
}
