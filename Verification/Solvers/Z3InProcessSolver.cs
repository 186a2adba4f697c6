using System.Diagnostics;
using Microsoft.Z3;

namespace Checker.Verification.Solvers;

/// <summary>
/// Z3 in this process through the package's P/Invoke layer only (ARCHITECTURE.md "Z3 in process"): a fresh
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

    /// <summary>How long after the limit an interrupted call may take to return before it is abandoned.</summary>
    internal static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    /// <remarks>
    /// The native call runs on its own thread (64 MB stack: nlsat recurses deeply). Z3_interrupt is not always honoured
    /// promptly (in nlsat, and once in a QF_LRA enumeration: a 79 s limit answered after 221 s), so the caller waits at
    /// most limit + <see cref="Grace"/>: then the call is abandoned and reported unknown, and its thread deletes the
    /// context whenever Z3 returns. The answer is never taken from an abandoned call.
    /// </remarks>
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
        bool finished = false, interrupted = false, cancelled = false, abandoned = false;
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
        string? reply = null, values = null;
        Exception? error = null;
        using var done = new ManualResetEventSlim();
        var worker = new Thread(() =>
        {
            try
            {
                reply = Native.Z3_eval_smtlib2_string(ctx, "(set-option :produce-models true)\n" + query.Script + "\n(check-sat)\n");
                if (LastStatus(reply) == "sat" && query.ModelVariables.Count > 0)
                    values = Native.Z3_eval_smtlib2_string(ctx, $"(get-value ({string.Join(' ', query.ModelVariables)}))\n");
            }
            catch (Exception e) { error = e; }
            finally
            {
                bool delete;
                lock (gate) { finished = true; delete = abandoned; }
                if (delete) Native.Z3_del_context(ctx);
                try { done.Set(); } catch (ObjectDisposedException) { }
            }
        }, 64 << 20) { IsBackground = true, Name = "z3-inprocess" };
        using (var timer = new Timer(_ => Interrupt(false), null, limit, Timeout.InfiniteTimeSpan))
        using (var reg = cancellationToken.Register(() => Interrupt(true)))
        {
            worker.Start();
            if (!done.Wait(limit + Grace))
            {
                lock (gate) { if (!finished) abandoned = true; }
                if (abandoned)
                    return SmtAnswer.Unknown(Name, sw.Elapsed, (cancelled ? "cancelled" : $"time limit {limit.TotalSeconds:G4} s reached") +
                        $"; z3 did not stop within {Grace.TotalSeconds:G2} s of the interrupt, so the call was abandoned");
                done.Wait();
            }
        }
        try
        {
            if (error is Z3Exception e)
                return SmtAnswer.Unknown(Name, sw.Elapsed, interrupted ? $"time limit {limit.TotalSeconds:G4} s reached (interrupted)" : "z3 error: " + e.Message);
            if (error is not null) throw error;
            var status = LastStatus(reply!);
            if (status is null || interrupted)
                return SmtAnswer.Unknown(Name, sw.Elapsed, interrupted ? (cancelled ? "cancelled" : $"time limit {limit.TotalSeconds:G4} s reached (interrupted)") : "no check-sat answer: " + Tail(reply!));
            if (status == "unsat") return new SmtAnswer(SmtStatus.Unsat, Name, sw.Elapsed);
            if (status != "sat") return SmtAnswer.Unknown(Name, sw.Elapsed, "solver said " + status);
            if (query.ModelVariables.Count == 0) return new SmtAnswer(SmtStatus.Sat, Name, sw.Elapsed, new Dictionary<string, Symbolic.Numbers.Rational>());
            var (model, nonRational) = SmtModelParser.Parse(values!);
            return new SmtAnswer(SmtStatus.Sat, Name, sw.Elapsed, model, nonRational);
        }
        catch (FormatException e)
        {
            return SmtAnswer.Unknown(Name, sw.Elapsed, "unreadable model: " + e.Message);
        }
        finally
        {
            Native.Z3_del_context(ctx);
        }
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
