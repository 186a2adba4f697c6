using Checker.Verification.Contracts;

namespace Checker.Verification.Claims;

/// <summary>
/// The outcome of checking one claim on one instance (docs/cli.md#check and docs/cli.md#verify: id, verdict, detail, witness).
/// <paramref name="Witness"/> and <paramref name="Evidence"/> are the claim's own record types (Claims/Witnesses): the
/// point a counterexample is at, and the named facts a reader or script may want (counts, tolerances, measured errors);
/// <paramref name="Certificates"/> the paths of `.smt2` files behind an exact verdict.
/// </summary>
public sealed record ClaimResult(
    string Id,
    Verdict Verdict,
    string Detail,
    ClaimWitness? Witness = null,
    ClaimEvidence? Evidence = null,
    IReadOnlyList<string>? Certificates = null)
{
    public static ClaimResult NotApplicable(string id, string reason) => new(id, Verdict.NotApplicable, reason);
}
