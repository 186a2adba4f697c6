namespace Checker.Verification.Claims;

/// <summary>One claim run by <see cref="ClaimRunner"/>: the registry entry, its result and the wall-clock time it took.</summary>
public sealed record ClaimRun(ClaimDefinition Claim, ClaimResult Result, TimeSpan Elapsed)
{
    public bool Conjecture => Claim.IsConjecture;
}
