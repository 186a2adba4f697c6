namespace Checker.Verification.Solvers;

/// <summary>A solver's answer to check-sat. <see cref="Unknown"/> covers "unknown", timeouts, kills and crashes: never a proof.</summary>
public enum SmtStatus
{
    Sat,
    Unsat,
    Unknown,
}
