namespace Checker.Verification.Claims;

/// <summary>
/// The outcome of checking one claim on one instance (docs/cli.md#check and docs/cli.md#verify: id, verdict, detail, witness).
/// <paramref name="Evidence"/> holds named facts a reader or script may want (counts, tolerances, measured errors),
/// as strings or numbers; <paramref name="Certificates"/> the paths of `.smt2` files behind an exact verdict.
/// </summary>
public sealed record ClaimResult(
    string Id,
    Verdict Verdict,
    string Detail,
    object? Witness = null,
    IReadOnlyDictionary<string, object>? Evidence = null,
    IReadOnlyList<string>? Certificates = null)
{
    public static ClaimResult NotApplicable(string id, string reason) => new(id, Verdict.NotApplicable, reason);
}
