using Checker.Verification.Solvers;

namespace Checker.Verification.Reduced;

/// <summary>"A KKT point with value sign <paramref name="ValueSign"/> whose pattern is none of the
/// <paramref name="Patterns"/> found": unsat exactly when the search's list for that sign is complete.</summary>
public sealed record CompletenessStatement(int ValueSign, int Patterns, SmtQuery Query);
