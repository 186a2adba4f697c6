namespace Checker.Verification.Claims;

/// <summary>
/// The four verdicts of docs/cli.md#verdicts, plus <see cref="NotApplicable"/> for a claim whose hypotheses fail
/// on the instance (reported with the reason, never counted as a pass). JSON spellings are <see cref="VerdictNames"/>.
/// </summary>
public enum Verdict
{
    /// <summary>Exact proof (e.g. UNSAT of the negation, or a symbolic identity).</summary>
    Holds,
    /// <summary>Numeric evidence within a stated tolerance.</summary>
    HoldsNumerically,
    /// <summary>A witness that violates the claim, re-checked independently before it is reported.</summary>
    Counterexample,
    /// <summary>Timeout, solver unknown, or not enough evidence; never a pass.</summary>
    Inconclusive,
    /// <summary>The claim's hypotheses fail on this instance.</summary>
    NotApplicable,
}

public static class VerdictNames
{
    public static string Name(this Verdict v) => v switch
    {
        Verdict.Holds => "holds",
        Verdict.HoldsNumerically => "holds-numerically",
        Verdict.Counterexample => "counterexample",
        Verdict.Inconclusive => "inconclusive",
        Verdict.NotApplicable => "not-applicable",
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };

    /// <summary>Exit code (docs/cli.md#exit-codes) for a set of verdicts: 1 if any counterexample, else 3 if any inconclusive, else 0.</summary>
    public static int ExitCode(IEnumerable<Verdict> verdicts)
    {
        bool inconclusive = false;
        foreach (var v in verdicts)
        {
            if (v == Verdict.Counterexample) return 1;
            if (v == Verdict.Inconclusive) inconclusive = true;
        }
        return inconclusive ? 3 : 0;
    }
}
