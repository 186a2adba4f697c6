using Spectre.Console;

namespace Checker.Cli.Rendering;

/// <summary>
/// Fresh Spectre consoles bound to the current <see cref="Console.Out"/> / <see cref="Console.Error"/> at call time
/// (AnsiConsole's default instance binds once, which breaks in-process tests that redirect the console).
/// Tables and reports go to stdout; progress and logs to stderr (docs/cli.md#output-streams).
/// </summary>
public static class Consoles
{
    public static IAnsiConsole Stdout() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });

    public static IAnsiConsole Stderr() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <summary>True when stderr is an interactive terminal (live progress bars); otherwise plain progress lines.</summary>
    public static bool StderrIsTerminal => !Console.IsErrorRedirected && ReferenceEquals(Console.Error, StandardError);

    private static readonly TextWriter StandardError = Console.Error;
}
