using Checker.Verification.Contracts;
using System.Diagnostics;
using Checker.Verification.Claims;
using Spectre.Console;

namespace Checker.Cli.Rendering;

/// <summary>
/// Runs long work off the main thread and shows its progress on stderr (docs/cli.md#output-streams: stdout stays machine-readable): a
/// Spectre progress bar on a terminal, plain lines once a second otherwise, nothing for work under a second. The
/// time limit is enforced from outside: the work gets a token cancelled at the limit, and if it has not returned a
/// grace period later the caller is told so (<see cref="Outcome{T}.TimedOut"/>) instead of waiting forever.
/// </summary>
public static class ProgressDisplay
{
    public sealed record Outcome<T>(T? Result, bool TimedOut, TimeSpan Elapsed);

    private sealed class Latest : IProgress<CheckProgress>
    {
        private CheckProgress? _value;
        public CheckProgress? Value => Volatile.Read(ref _value);
        public void Report(CheckProgress value) => Volatile.Write(ref _value, value);
    }

    public static Outcome<T> Run<T>(string title, TimeSpan limit, Func<IProgress<CheckProgress>, CancellationToken, T> work, CancellationToken outer = default)
    {
        var latest = new Latest();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        cts.CancelAfter(limit);
        var clock = Stopwatch.StartNew();
        var task = Task.Factory.StartNew(() => work(latest, cts.Token), cts.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var grace = TimeSpan.FromSeconds(Math.Clamp(limit.TotalSeconds * 0.1, 2, 10));
        var deadline = limit + grace;
        Display(title, task, clock, deadline, latest);
        if (!task.IsCompleted && !WaitUntil(task, clock, deadline)) return new Outcome<T>(default, true, clock.Elapsed);
        // Cancelled by the limit (before the work even started, under load with a short timeout, or the work threw on the
        // token): out of time, which callers report as inconclusive, not an internal error (exit 4).
        if (task.IsCanceled && !outer.IsCancellationRequested) return new Outcome<T>(default, true, clock.Elapsed);
        return new Outcome<T>(task.GetAwaiter().GetResult(), false, clock.Elapsed);
    }

    /// <summary>
    /// Shows the progress of work that enforces its own time limit (the claim runner does): no limit here, only the
    /// display, and the work's result or exception as if it had run on the caller's thread.
    /// </summary>
    public static T Show<T>(string title, Func<IProgress<CheckProgress>, T> work)
    {
        var latest = new Latest();
        var clock = Stopwatch.StartNew();
        var task = Task.Factory.StartNew(() => work(latest), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Display(title, task, clock, TimeSpan.MaxValue, latest);
        return task.GetAwaiter().GetResult();
    }

    private static bool WaitUntil(Task task, Stopwatch clock, TimeSpan until)
    {
        var left = until - clock.Elapsed;
        if (left <= TimeSpan.Zero) return task.IsCompleted;
        if (left > TimeSpan.FromDays(1)) left = Timeout.InfiniteTimeSpan;
        try { return task.Wait(left); } catch (AggregateException) { return true; }
    }

    private static void Display(string title, Task task, Stopwatch clock, TimeSpan deadline, Latest latest)
    {
        // Quiet for the first second: short work shows no progress at all.
        if (WaitUntil(task, clock, TimeSpan.FromSeconds(1))) return;
        if (Consoles.StderrIsTerminal)
        {
            // The progress bar hides the cursor; an interrupted run must show it again (Interruption.Exit).
            Interruption.CursorHidden(true);
            try
            {
                Consoles.Stderr().Progress().AutoClear(true).Start(ctx =>
                {
                    var bar = ctx.AddTask(Markup.Escape(title), maxValue: 1);
                    while (!WaitStep(task, clock, deadline))
                    {
                        var p = latest.Value;
                        if (p is not null)
                        {
                            bar.Description = Markup.Escape($"{title}: {p.Phase}");
                            if (p.Total > 0) { bar.MaxValue = p.Total; bar.Value = p.Done; } else bar.IsIndeterminate = true;
                        }
                    }
                    bar.Value = bar.MaxValue;
                });
            }
            finally { Interruption.CursorHidden(false); }
            return;
        }
        // Logs and CI: a line when the progress changes, else a heartbeat every 10 s (not one line a second).
        string? lastText = null;
        var lastPrinted = TimeSpan.Zero;
        while (!WaitStep(task, clock, deadline, TimeSpan.FromSeconds(1)))
        {
            var p = latest.Value;
            var text = p is null ? "running" : $"{p.Phase}: {p.Done}{(p.Total > 0 ? "/" + p.Total : "")}";
            if (text == lastText && clock.Elapsed - lastPrinted < TimeSpan.FromSeconds(10)) continue;
            Console.Error.WriteLine($"[{title}] {text}, {clock.Elapsed.TotalSeconds:F0} s");
            lastText = text;
            lastPrinted = clock.Elapsed;
        }
    }

    // Waits a short step; true when the work finished or the hard deadline passed.
    private static bool WaitStep(Task task, Stopwatch clock, TimeSpan deadline, TimeSpan? step = null)
    {
        var s = step ?? TimeSpan.FromMilliseconds(150);
        var left = deadline - clock.Elapsed;
        if (left <= TimeSpan.Zero) return true;
        try { return task.Wait(s < left ? s : left) || clock.Elapsed >= deadline; } catch (AggregateException) { return true; }
    }
}
