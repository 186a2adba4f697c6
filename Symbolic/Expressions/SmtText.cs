using Checker.Symbolic.Smt;

namespace Checker.Symbolic.Expressions;

/// <summary>
/// SMT-LIB2 terms for some DAG roots: <see cref="Declarations"/> (<c>declare-const</c> of the free variables used),
/// <see cref="Definitions"/> (<c>define-fun</c> of shared sub-terms, in dependency order) and one term per root that
/// may appear in assertions after them.
/// </summary>
public sealed record SmtText(IReadOnlyList<SmtCommand> Declarations, IReadOnlyList<SmtCommand> Definitions, IReadOnlyList<Term> Roots,
    IReadOnlyList<int> DeclaredVariables)
{
    /// <summary>Declarations then definitions, one per line.</summary>
    public string ToScript() => SmtLib.Print(Declarations.Concat(Definitions));
}
