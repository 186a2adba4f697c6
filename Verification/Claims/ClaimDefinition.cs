using Checker.Symbolic.Model;

namespace Checker.Verification.Claims;

/// <summary>Whether an entry of the registry is a claim of docs/theory.md#claims or a conjecture (an open statement we test but do not assert).</summary>
public enum ClaimKind { Claim, Conjecture }

/// <summary>
/// One entry of <see cref="ClaimRegistry"/>: its statement, hypotheses and how it is checked as text, the rule that
/// decides the hypotheses on an instance (<see cref="Applies"/>, with the reason either way), and the checker that
/// decides the claim where they hold.
/// </summary>
public sealed record ClaimDefinition(
    string Id,
    string Title,
    string Statement,
    string Hypotheses,
    string HowChecked,
    ClaimKind Kind,
    Func<Instance, Applicability> Applicability,
    IClaimCheck Checker)
{
    public Applicability Applies(Instance instance) => Applicability(instance);

    public bool IsConjecture => Kind == ClaimKind.Conjecture;
}

/// <summary>The answer of <see cref="ClaimDefinition.Applies"/>: whether the hypotheses hold and, either way, why.</summary>
public readonly record struct Applicability(bool Holds, string Reason)
{
    public static Applicability Yes(string reason) => new(true, reason);
    public static Applicability No(string reason) => new(false, reason);
}
