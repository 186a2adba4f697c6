using System.Runtime.InteropServices;
using Checker.Verification.Solvers;

namespace Checker.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM for every command (docs/cli.md#exit-codes): the first signal cancels the token every
/// command and check receives; the command then unwinds (solver children are killed through their tokens) and
/// <see cref="Exit"/> ends the process with exit code 130. A watchdog ends it the same way if the command has not
/// unwound <see cref="Patience"/> after the signal, so no command outlives Ctrl-C by more than about a second whatever
/// it is doing. Either way: every solver child is killed and reaped, the terminal cursor (hidden by the progress
/// display) is shown again, and exactly one line goes to stderr.
/// </summary>
public static class Interruption
{
    public const int ExitCode = 130;

    /// <summary>How long the command may take to unwind after the signal before the watchdog ends the process.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(600);

    private static readonly CancellationTokenSource Source = new();
    private static readonly object Gate = new();
    private static bool _exiting;
    private static int _cursorHidden;
    private static List<PosixSignalRegistration>? _registrations;

    /// <summary>Cancelled at the first SIGINT or SIGTERM.</summary>
    public static CancellationToken Token => Source.Token;

    public static bool Requested => Source.IsCancellationRequested;

    /// <summary>Installs the handlers once per process (the CLI's entry point; in-process tests never signal).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (_registrations is not null) return;
            _registrations = [];
            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            {
                try { _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal)); }
                catch (PlatformNotSupportedException) { }
            }
        }
    }

    /// <summary>The progress display says the terminal cursor is hidden (true) or shown again (false).</summary>
    public static void CursorHidden(bool hidden) => Interlocked.Exchange(ref _cursorHidden, hidden ? 1 : 0);

    private static void OnSignal(PosixSignalContext context)
    {
        // The default action would end the process at once, leaving solver children running and the cursor hidden.
        context.Cancel = true;
        if (Source.IsCancellationRequested) { Exit(); return; } // a second Ctrl-C: no more patience
        // The watchdogs start before the token is cancelled: Cancel() runs every registered callback (solver kills) on this
        // thread, and one that blocks must not keep the process alive. The second watchdog ends the process without
        // running exit handlers if Exit() has not ended it by then (the solver children are killed first either way), so
        // no callback or exit handler can keep a Ctrl-C'd command alive. (A command started with SIGINT ignored — in the
        // background of a non-interactive shell — never gets here on Ctrl-C; SIGTERM still does.)
        new Thread(() => { Thread.Sleep(Patience); Exit(); }) { IsBackground = true, Name = "checker interrupt watchdog" }.Start();
        new Thread(() => { Thread.Sleep(Patience + HardExitAfter); HardExit(); }) { IsBackground = true, Name = "checker hard-exit watchdog" }.Start();
        Source.Cancel();
    }

    /// <summary>How long <see cref="Exit"/> may take (killing solvers, one line, exit handlers) before the process is
    /// ended without exit handlers.</summary>
    public static readonly TimeSpan HardExitAfter = TimeSpan.FromSeconds(3);

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void LibcExit(int status);

    private static void HardExit()
    {
        SolverProcesses.KillAll(TimeSpan.FromMilliseconds(300));
        try { Console.Error.Flush(); } catch (IOException) { }
        try { LibcExit(ExitCode); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { Environment.FailFast("checker: interrupted (exit 130)"); }
    }

    /// <summary>Kills the solver children, restores the cursor, prints one line and exits with 130. Runs once; a
    /// second caller (the command unwinding while the watchdog fires) blocks until the process ends.</summary>
    public static void Exit()
    {
        lock (Gate)
        {
            if (_exiting) { Monitor.Wait(Gate); return; }
            _exiting = true;
        }
        SolverProcesses.KillAll(TimeSpan.FromMilliseconds(300));
        try
        {
            // ESC[?25h: show the cursor (the progress bar hides it and its cleanup may not have run).
            if (Interlocked.Exchange(ref _cursorHidden, 0) == 1) Console.Error.Write("\u001b[?25h");
            Console.Error.WriteLine("checker: interrupted (exit 130)");
            Console.Error.Flush();
            Console.Out.Flush();
        }
        catch (IOException) { }
        Environment.Exit(ExitCode);
    }
}
