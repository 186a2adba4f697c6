using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Checker.Verification.Solvers;

namespace Checker.Cli.Tests;

/// <summary>
/// Issue 13: Ctrl-C and time limits end solver work. The CLI runs as a child process (a signal and the processes it
/// leaves are process-wide) with a marker in its environment, which every solver child inherits: after the command
/// has ended, no process carrying the marker may exist. C6 on <see cref="SlowInstances.ManyCellsC6Json"/> takes minutes of
/// solver queries, so a signal sent once a solver child is running lands in the middle of the work. Bounds on waiting are generous (they
/// only catch a command that never stops); the measured latency is in the report, not asserted here.
/// </summary>
public class InterruptionTests : IClassFixture<TempFiles>
{
    private const int SigInt = 2;
    private readonly string _slow;

    public InterruptionTests(TempFiles files) => _slow = files.Write("many-cells.json", SlowInstances.ManyCellsC6Json());

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    private static string Dotnet => ExecutableSearch.Find("dotnet") ?? Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")
        ?? throw new InvalidOperationException("dotnet host not found");

    private static string Checker => Path.Combine(AppContext.BaseDirectory, "checker.dll");

    private sealed class Child : IDisposable
    {
        public required Process Process { get; init; }
        public required string Marker { get; init; }
        public readonly StringBuilder Stdout = new(), Stderr = new();
        public void Dispose() { if (!Process.HasExited) Process.Kill(true); Process.Dispose(); }
    }

    private static Child Start(string executable, params string[] args)
    {
        var marker = "CHECKER_TEST_MARK=" + Guid.NewGuid().ToString("N");
        var psi = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CHECKER_TEST_MARK"] = marker["CHECKER_TEST_MARK=".Length..];
        psi.Environment["TERM"] = "xterm";
        var child = new Child { Process = Process.Start(psi)!, Marker = marker };
        child.Process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (child.Stdout) child.Stdout.Append(e.Data).Append('\n'); };
        child.Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (child.Stderr) child.Stderr.Append(e.Data).Append('\n'); };
        child.Process.BeginOutputReadLine();
        child.Process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Processes whose environment holds <paramref name="marker"/>, with their command names.</summary>
    private static List<(int Pid, string Name)> Marked(string marker)
    {
        var found = new List<(int, string)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                var env = File.ReadAllText(Path.Combine(dir, "environ"));
                if (env.Split('\0').Contains(marker)) found.Add((pid, File.ReadAllText(Path.Combine(dir, "comm")).Trim()));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return found;
    }

    private static bool WaitFor(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (condition()) return true;
            Thread.Sleep(50);
        }
        return condition();
    }

    private static bool SolverRunning(Child c) => Marked(c.Marker).Any(p => p.Name is "z3" or "cvc5");

    [Theory]
    [InlineData("z3")]
    [InlineData("portfolio")]
    public void Ctrl_C_during_a_solver_query_exits_130_with_one_line_and_leaves_no_solver(string solver)
    {
        using var c = Start(Dotnet, Checker, "check", "C6", _slow, "--timeout", "600", "--solver", solver);
        Assert.True(WaitFor(() => SolverRunning(c) || c.Process.HasExited, TimeSpan.FromMinutes(3)), "no solver child started");
        Assert.False(c.Process.HasExited, "the command ended before it could be interrupted: " + c.Stderr);
        Assert.Equal(0, kill(c.Process.Id, SigInt));
        Assert.True(c.Process.WaitForExit(TimeSpan.FromSeconds(60)), "the command did not stop after SIGINT");
        c.Process.WaitForExit();
        Assert.Equal(130, c.Process.ExitCode);
        var lines = c.Stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("checker: interrupted (exit 130)", lines[^1]);
        Assert.Single(lines, l => l.Contains("interrupted"));
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain("verdict", c.Stdout.ToString()); // the header may be out, no verdict is
        Assert.Empty(Marked(c.Marker));
    }

    [Fact]
    public void Ctrl_C_on_a_terminal_shows_the_cursor_the_progress_bar_hid()
    {
        // `script` gives the command a pseudo-terminal, so the live progress bar runs (and hides the cursor).
        if (ExecutableSearch.Find("script") is null) return; // util-linux's script is part of every CI image we use
        using var c = Start("script", "-qec", $"'{Dotnet}' '{Checker}' check C6 '{_slow}' --timeout 600 --solver z3", "/dev/null");
        Assert.True(WaitFor(() => SolverRunning(c) || c.Process.HasExited, TimeSpan.FromMinutes(3)), "no solver child started");
        // The bar appears after a second of work; wait until the cursor has been hidden.
        Assert.True(WaitFor(() => c.Stdout.ToString().Contains("\u001b[?25l") || c.Process.HasExited, TimeSpan.FromMinutes(1)), "the progress bar never hid the cursor: " + c.Stdout);
        var cli = Marked(c.Marker).Single(p => p.Name is "dotnet" or "checker").Pid;
        Assert.Equal(0, kill(cli, SigInt));
        Assert.True(c.Process.WaitForExit(TimeSpan.FromSeconds(60)), "the command did not stop after SIGINT");
        c.Process.WaitForExit();
        var output = c.Stdout.ToString();
        int hidden = output.LastIndexOf("\u001b[?25l", StringComparison.Ordinal), shown = output.LastIndexOf("\u001b[?25h", StringComparison.Ordinal);
        Assert.True(shown > hidden, "the cursor was left hidden");
        Assert.Contains("checker: interrupted (exit 130)", output);
        Assert.Equal(130, c.Process.ExitCode);
        Assert.Empty(Marked(c.Marker));
    }

    [Fact]
    public void A_timed_out_claim_leaves_no_solver_process()
    {
        // 3 s for a claim that needs minutes of solver work: inconclusive, and every solver it started is gone.
        using var c = Start(Dotnet, Checker, "check", "C6", _slow, "--timeout", "3", "--solver", "z3", "--json");
        Assert.True(c.Process.WaitForExit(TimeSpan.FromMinutes(3)), "the command did not stop at its limit");
        c.Process.WaitForExit();
        Assert.Equal(3, c.Process.ExitCode);
        Assert.Contains("\"inconclusive\"", c.Stdout.ToString());
        Assert.Empty(Marked(c.Marker));
    }
}
