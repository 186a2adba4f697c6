namespace Checker.Symbolic.Expressions;

/// <summary>
/// SMT-LIB2 text for some DAG roots: <see cref="Declarations"/> (<c>declare-const</c> of the free variables used),
/// <see cref="Definitions"/> (<c>define-fun</c> of shared sub-terms, in dependency order) and one term per root that
/// may appear in assertions after the script. Plain text, the only currency of the solver layer.
/// </summary>
public sealed record SmtText(IReadOnlyList<string> Declarations, IReadOnlyList<string> Definitions, IReadOnlyList<string> Roots,
    IReadOnlyList<int> DeclaredVariables)
{
    /// <summary>Declarations then definitions, one per line.</summary>
    public string ToScript() => string.Join("\n", Declarations.Concat(Definitions)) + "\n";
}
