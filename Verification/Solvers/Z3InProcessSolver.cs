using System.Diagnostics;
using Microsoft.Z3;

namespace Checker.Verification.Solvers;

/// <summary>
/// Z3 in this process through the package's P/Invoke layer only (docs/cli.md#solvers): a fresh
/// non-reference-counted context per query, the query as SMT-LIB2 text through Z3_eval_smtlib2_string, and the time
/// limit enforced from outside by a timer that calls Z3_interrupt. The package's Context class is not used: it needs
/// Z3_enable_concurrent_dec_ref, which Debian's libz3 4.8 lacks.
/// </summary>
public sealed class Z3InProcessSolver : ISmtSolver
{
    public string Name => "z3-inprocess";

    // Z3's default error handler may abort the process; ours records nothing (errors come back as text or as a
    // Z3Exception from the package's wrapper). Kept in a static field so the delegate outlives every context.
    private static readonly Native.Z3_error_handler IgnoreErrors = (_, _) => { };

    public SmtAnswer Solve(SmtQuery query, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var sw = Stopwatch.StartNew();
        if (Z3Library.LoadError is { } err) return SmtAnswer.Unknown(Name, sw.Elapsed, err);
        var cfg = Native.Z3_mk_config();
        Native.Z3_set_param_value(cfg, "model", "true");
        var ctx = Native.Z3_mk_context(cfg);
        Native.Z3_del_config(cfg);
        Native.Z3_set_error_handler(ctx, IgnoreErrors);
        var gate = new object();
        bool finished = false, interrupted = false, cancelled = false;
        void Interrupt(bool byCancel)
        {
            lock (gate)
            {
                if (finished) return;
                interrupted = true;
                cancelled |= byCancel;
                Native.Z3_interrupt(ctx);
            }
        }
        using var timer = new Timer(_ => Interrupt(false), null, limit, Timeout.InfiniteTimeSpan);
        using var reg = cancellationToken.Register(() => Interrupt(true));
        try
        {
            string reply = Native.Z3_eval_smtlib2_string(ctx, query.SolverInput());
            var status = LastStatus(reply);
            if (status == "unknown" && !interrupted) PassOnCtrlC(ctx);
            if (status is null || interrupted)
                return SmtAnswer.Unknown(Name, sw.Elapsed, interrupted ? (cancelled ? "cancelled" : $"time limit {limit.TotalSeconds:G4} s reached (interrupted)") : "no check-sat answer: " + Tail(reply));
            if (status == "unsat") return new SmtAnswer(SmtStatus.Unsat, Name, sw.Elapsed);
            if (status != "sat") return SmtAnswer.Unknown(Name, sw.Elapsed, "solver said " + status);
            if (query.ModelVariables.Count == 0) return new SmtAnswer(SmtStatus.Sat, Name, sw.Elapsed, new Dictionary<string, Symbolic.Numbers.Rational>());
            string values = Native.Z3_eval_smtlib2_string(ctx, query.GetValueCommand());
            var (model, nonRational) = SmtModelParser.Parse(values);
            return new SmtAnswer(SmtStatus.Sat, Name, sw.Elapsed, model, nonRational) { QuadraticRoots = SmtModelParser.QuadraticRoots(values) };
        }
        catch (Z3Exception e)
        {
            return SmtAnswer.Unknown(Name, sw.Elapsed, interrupted ? $"time limit {limit.TotalSeconds:G4} s reached (interrupted)" : "z3 error: " + e.Message);
        }
        catch (FormatException e)
        {
            return SmtAnswer.Unknown(Name, sw.Elapsed, "unreadable model: " + e.Message);
        }
        finally
        {
            lock (gate) finished = true;
            Native.Z3_del_context(ctx);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>
    /// z3 4.8's command interpreter installs its own SIGINT handler for the length of every check-sat, so a Ctrl-C that
    /// arrives then only cancels this query ("interrupted from keyboard") and never reaches the program. Raising the
    /// signal again once z3 has put the program's handler back lets the command stop as it does with every other
    /// backend (docs/cli.md#exit-codes). Best effort: the default z3 backend, a child process, has no such handler.
    /// </summary>
    private static void PassOnCtrlC(IntPtr ctx)
    {
        if (OperatingSystem.IsWindows()) return;
        string why = Native.Z3_eval_smtlib2_string(ctx, "(get-info :reason-unknown)");
        if (why.Contains("keyboard", StringComparison.OrdinalIgnoreCase)) SendSignal(Environment.ProcessId, 2);
    }

    /// <summary>The last line of the reply that is sat, unsat or unknown.</summary>
    internal static string? LastStatus(string reply)
    {
        string? last = null;
        foreach (var raw in reply.Split('\n'))
        {
            var line = raw.Trim();
            if (line is "sat" or "unsat" or "unknown") last = line;
            else if (line.StartsWith("(error", StringComparison.Ordinal)) return null;
        }
        return last;
    }

    internal static string Tail(string s)
    {
        s = s.Replace('\n', ' ').Trim();
        return s.Length > 200 ? s[..200] + "…" : s;
    }
}
