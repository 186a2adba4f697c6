using Checker.Verification.Solvers;

namespace Checker.Verification.Certificates;

/// <summary>
/// The one place `.smt2` certificate files are written: the header as comment lines (by convention it carries an
/// <c>expected: sat|unsat</c> line, which `z3 FILE` reproduces), then the same prologue, script, check-sat and
/// get-value a solver receives (<see cref="SmtQuery.ToCertificate"/>), so every file is self-contained.
/// </summary>
public static class CertificateFile
{
    /// <summary>Writes <paramref name="query"/> as <paramref name="fileName"/> in <paramref name="directory"/> (created if
    /// needed) and returns the path.</summary>
    public static string Write(string directory, string fileName, SmtQuery query, string header)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, fileName);
        File.WriteAllText(path, query.ToCertificate(header));
        return path;
    }
}
