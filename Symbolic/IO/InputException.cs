namespace Checker.Symbolic.IO;

/// <summary>
/// Bad input: names the file, the field and what was expected, in one line (docs/cli.md#bad-input).
/// The CLI turns it into exit code 2 without a stack trace.
/// </summary>
public sealed class InputException(string file, string field, string expected)
    : Exception($"{file}: {field}: expected {expected}")
{
    public string File { get; } = file;
    public string Field { get; } = field;
    public string Expected { get; } = expected;
}
