using Checker.Cli.Commands;
using Checker.Symbolic.IO;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Checker.Cli;

/// <summary>
/// The `checker` command: registers one class per command (CLI.md) and maps failures to the exit codes of
/// ARCHITECTURE.md: bad usage or bad input → one line on stderr and exit 2, never a stack trace.
/// </summary>
public static class CheckerApp
{
    public const int ExitHolds = 0, ExitCounterexample = 1, ExitBadInput = 2, ExitInconclusive = 3, ExitInternal = 4;

    /// <summary>CHECKER_DEBUG is set: failures keep their stack traces (a checker's exception escapes instead of
    /// becoming an inconclusive verdict).</summary>
    public static bool Debugging => Environment.GetEnvironmentVariable("CHECKER_DEBUG") is not null;

    public static int Run(string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("checker");
            config.PropagateExceptions();
            // A mistyped option must not be silently ignored (a user would believe it took effect): exit 2 instead.
            config.UseStrictParsing();
            config.AddCommand<InfoCommand>("info").WithDescription("Λ, per-layer degrees, weight count, smoothness, which claims apply");
            CommandRegistry.Register(config);
        });
        try
        {
            return app.Run(args);
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
            return Fail("usage: " + OneLine(e.Message) + " (see checker --help)", ExitBadInput);
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

    private static string OneLine(string s) => s.Replace('\r', ' ').Replace('\n', ' ').Trim();

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine("checker: " + message);
        return code;
    }
}

/// <summary>A command-line option with a bad value (not a file problem): exit 2 with one line.</summary>
public sealed class UsageException(string message) : Exception(message);
