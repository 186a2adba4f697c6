using Checker.Symbolic.Model;

namespace Checker.Verification.Claims;

/// <summary>Whether an entry of the catalogue is a claim of docs/theory.md#claims or a conjecture (an open statement we test but do not assert).</summary>
public enum ClaimKind { Claim, Conjecture }

/// <summary>
/// One entry of the claim catalogue, as data (docs/theory.md#claims): its statement, hypotheses and how it is checked, written so a
/// reader can correct the wording without touching code, plus <see cref="Applies"/>, which decides the hypotheses on an
/// instance and says why not when they fail.
/// </summary>
public sealed record ClaimDefinition(
    string Id,
    string Title,
    string Statement,
    string Hypotheses,
    string HowChecked,
    ClaimKind Kind,
    Func<Instance, Applicability> Applicability)
{
    public Applicability Applies(Instance instance) => Applicability(instance);
}

/// <summary>The answer of <see cref="ClaimDefinition.Applies"/>: whether the hypotheses hold and, either way, why.</summary>
public readonly record struct Applicability(bool Holds, string Reason)
{
    public static Applicability Yes(string reason) => new(true, reason);
    public static Applicability No(string reason) => new(false, reason);
}
