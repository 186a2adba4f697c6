namespace Checker.Verification.Contracts;

/// <summary>Progress of a long check: a phase name, work done and total (total ≤ 0 when unknown).</summary>
public sealed record CheckProgress(string Phase, long Done, long Total);
