using System.ComponentModel;
using System.Diagnostics;

namespace Checker.Verification.Solvers;

/// <summary>
/// Every solver child process this program has running (z3, cvc5), so that an interrupted command can kill them all
/// before it exits (docs/cli.md#exit-codes, exit 130): a solver killed with its parent's deadline, its caller's token or
/// this list leaves no process and no busy core behind.
/// </summary>
public static class SolverProcesses
{
    private static readonly HashSet<Process> Live = [];

    public static void Add(Process process) { lock (Live) Live.Add(process); }

    public static void Remove(Process process) { lock (Live) Live.Remove(process); }

    /// <summary>How many solver children are running now.</summary>
    public static int Count { get { lock (Live) return Live.Count; } }

    /// <summary>Kills every registered solver (with its own children) and waits briefly for each to be reaped.</summary>
    public static void KillAll(TimeSpan wait)
    {
        Process[] all;
        lock (Live) all = [.. Live];
        foreach (var p in all) Kill(p);
        var clock = Stopwatch.StartNew();
        foreach (var p in all)
        {
            var left = wait - clock.Elapsed;
            try { p.WaitForExit(left > TimeSpan.Zero ? left : TimeSpan.Zero); } catch (InvalidOperationException) { } catch (Win32Exception) { }
        }
    }

    /// <summary>Kills <paramref name="process"/> and its descendants; a process that already exited is left alone.</summary>
    public static void Kill(Process process)
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        catch (Win32Exception) { }
    }
}
