using System.Reflection;
using Checker.Cli.Commands;
using Checker.Cli.Rendering;
using Checker.Symbolic.IO;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Checker.Cli;

/// <summary>
/// The `checker` command: registers one class per command (docs/cli.md#commands) and maps failures to the exit codes of
/// docs/cli.md#exit-codes: bad usage or bad input → one line on stderr and exit 2, never a stack trace.
/// </summary>
public static class CheckerApp
{
    public const int ExitHolds = 0, ExitCounterexample = 1, ExitBadInput = 2, ExitInconclusive = 3, ExitInternal = 4;

    /// <summary>CHECKER_DEBUG is set: failures keep their stack traces (a checker's exception escapes instead of
    /// becoming an inconclusive verdict).</summary>
    public static bool Debugging => Environment.GetEnvironmentVariable("CHECKER_DEBUG") is not null;

    /// <summary>The version `checker --version` prints (the assembly's informational version, from Cli.csproj).</summary>
    public static string Version { get; } =
        (typeof(CheckerApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown").Split('+')[0];

    public static int Run(string[] args)
    {
        // No command is a usage error, not a successful run: the usage goes to stderr and the exit code is 2, so a
        // script that lost its arguments does not carry on as if something had been checked.
        bool noCommand = args.Length == 0;
        if (noCommand) args = ["--help"];
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("checker");
            config.SetApplicationVersion(Version);
            // Help and version go to the console bound now (AnsiConsole's default binds once, missing redirections);
            // the usage shown for a missing command goes to stderr.
            config.Settings.Console = noCommand ? Consoles.Stderr() : Consoles.Stdout();
            config.PropagateExceptions();
            // A mistyped option must not be silently ignored (a user would believe it took effect): exit 2 instead.
            config.UseStrictParsing();
            config.AddCommand<InfoCommand>("info").WithDescription(Markup.Escape("Λ, per-layer degrees, weight count, smoothness, which claims apply"));
            CommandRegistry.Register(config);
        });
        try
        {
            int code = app.Run(args, Interruption.Token);
            // A command that noticed the interruption and returned is still an interrupted run: exit 130, one line.
            if (Interruption.Requested) Interruption.Exit();
            return noCommand ? Fail("usage: a command is required (see the list above)", ExitBadInput) : code;
        }
        catch (Exception) when (Interruption.Requested)
        {
            // Ctrl-C: whatever the unwinding threw (OperationCanceledException, or a wrapped one), exit 130 with one line.
            Interruption.Exit();
            return Interruption.ExitCode;
        }
        catch (InputException e)
        {
            return Fail(e.Message, ExitBadInput);
        }
        catch (CommandParseException e)
        {
            return Fail("usage: " + OneLine(e.Message) + " (see checker --help)", ExitBadInput);
        }
        catch (CommandRuntimeException e)
        {
            return Fail("usage: " + (ConversionFailure(e.Message, args) ?? OneLine(e.Message)) + " (see checker --help)", ExitBadInput);
        }
        catch (UsageException e)
        {
            return Fail("usage: " + OneLine(e.Message), ExitBadInput);
        }
        catch (Exception e) when (!Debugging)
        {
            return Fail($"internal error: {e.GetType().Name}: {OneLine(e.Message)} (set CHECKER_DEBUG=1 for the stack trace; please report it)", ExitInternal);
        }
    }

    /// <summary>
    /// Spectre reports a value of the wrong type as "Failed to convert 'x' to Int32." without naming the option; the
    /// option is the argument right before that value (or `--name=x`), so the message names it and the expected form.
    /// </summary>
    private static string? ConversionFailure(string message, string[] args)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, @"^Failed to convert '(?<value>.*)' to (?<type>\w+)\.");
        if (!m.Success) return null;
        string value = m.Groups["value"].Value;
        string expected = m.Groups["type"].Value switch
        {
            "Int32" => $"an integer from {int.MinValue} to {int.MaxValue}",
            "Int64" => "a 64-bit integer",
            "Double" => "a number",
            var t => $"a value of type {t}",
        };
        string? option = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (i + 1 < args.Length && args[i].StartsWith('-') && args[i + 1] == value) { option = args[i]; break; }
            if (args[i].StartsWith('-') && args[i].EndsWith("=" + value, StringComparison.Ordinal)) { option = args[i][..args[i].IndexOf('=')]; break; }
        }
        return $"{option ?? "a value"}: expected {expected}, got \"{value}\"";
    }

    private static string OneLine(string s) => s.Replace('\r', ' ').Replace('\n', ' ').Trim();

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine("checker: " + message);
        return code;
    }
}

/// <summary>A command-line option with a bad value (not a file problem): exit 2 with one line.</summary>
public sealed class UsageException(string message) : Exception(message);
