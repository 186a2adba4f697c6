namespace Checker.Verification.Solvers;

/// <summary>
/// One self-contained SMT-LIB2 problem: declarations and assertions in <paramref name="Script"/> (no check-sat, no
/// get-value; the backend adds them), and the constants whose values a SAT answer must report. SMT-LIB2 text is the
/// only currency between Verification and the solvers (docs/theory.md#solver-answers), so the same text goes to every backend and
/// into the `.smt2` certificate.
/// </summary>
public sealed record SmtQuery(string Name, string Script, IReadOnlyList<string> ModelVariables)
{
    /// <summary>The text a stock solver runs to reproduce the verdict: options, the script, check-sat and (for a
    /// model) get-value.</summary>
    public string ToCertificate(string? comment = null)
    {
        var sb = new System.Text.StringBuilder();
        if (comment is not null)
            foreach (var line in comment.Split('\n')) sb.Append("; ").Append(line).Append('\n');
        sb.Append("(set-option :produce-models true)\n");
        sb.Append(Script);
        if (!Script.EndsWith('\n')) sb.Append('\n');
        sb.Append("(check-sat)\n");
        if (ModelVariables.Count > 0) sb.Append("(get-value (").Append(string.Join(' ', ModelVariables)).Append("))\n");
        return sb.ToString();
    }
}
