using Checker.Symbolic.Smt;

namespace Checker.Verification.Solvers;

/// <summary>
/// One self-contained SMT-LIB2 problem: declarations and assertions in <paramref name="Script"/> (no check-sat, no
/// get-value; <see cref="SmtLib.Document"/> adds them around the shared prologue), and the constants whose values a
/// SAT answer must report. SMT-LIB2 text is the only currency between Verification and the solvers
/// (docs/theory.md#solver-answers), so the same text goes to every backend and into the `.smt2` certificate.
/// </summary>
public sealed record SmtQuery(string Name, string Script, IReadOnlyList<string> ModelVariables)
{
    /// <summary>A query from a script built with the term AST.</summary>
    public SmtQuery(string name, SmtScript script, IReadOnlyList<string> modelVariables) : this(name, script.ToString(), modelVariables) { }

    /// <summary>What a solver session receives first: the prologue, the script and check-sat.</summary>
    public string SolverInput() => SmtLib.Document(null, Script);

    /// <summary>The get-value command a SAT answer is followed by.</summary>
    public string GetValueCommand() => SmtLib.GetValue(ModelVariables) + "\n";

    /// <summary>The text a stock solver runs to reproduce the verdict: header comment, options, the script, check-sat
    /// and (for a model) get-value.</summary>
    public string ToCertificate(string? comment = null) => SmtLib.Document(comment, Script, ModelVariables);
}
