using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Checker.Verification.Solvers;

/// <summary>
/// A stock solver as a child process speaking SMT-LIB2 on stdin/stdout (z3 -in, cvc5 --incremental). The time limit
/// is enforced from outside: a timer kills the whole process tree, so a hanging query costs at most the limit, its
/// memory goes with the process, and nothing keeps a core busy afterwards (docs/cli.md#solvers). The process is also
/// killed on cancellation and on every other exit path, and reaped before <see cref="Solve"/> returns.
/// <para>
/// z3 sessions that answered in time are kept for the next query (an idle z3 blocked on its input costs no CPU):
/// each query starts with <c>(reset)</c>, and a session is reused only once an <c>(echo …)</c> marker proves its
/// output is in step. Starting z3 costs 15–60 ms, which a case split with hundreds of short queries would pay
/// hundreds of times. Idle sessions are closed after <see cref="IdleLifetime"/>, and all at once by
/// <see cref="SolverProcesses.KillAll"/>.
/// </para>
/// </summary>
public sealed class ProcessSmtSolver : ISmtSolver
{
    public string Name { get; }
    private readonly string _executable;
    private readonly string[] _arguments;
    private readonly string _package;
    private readonly bool _reusable;

    private ProcessSmtSolver(string name, string executable, string[] arguments, string package, bool reusable)
    {
        Name = name; _executable = executable; _arguments = arguments; _package = package; _reusable = reusable;
    }

    public static ProcessSmtSolver Z3() => new("z3", "z3", ["-in", "-smt2"], "z3", reusable: true);
    // cvc5 keeps its command-line options across (reset) only in newer versions; a fresh process per query is the safe choice.
    public static ProcessSmtSolver Cvc5() => new("cvc5", "cvc5", ["--lang", "smt2", "--produce-models", "--incremental"], "cvc5", reusable: false);

    /// <summary>How long an idle z3 session is kept for the next query.</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(2);

    /// <summary>Id of the last child that answered a query, for tests that check nothing is left behind.</summary>
    public int LastProcessId { get; private set; }

    private const string SyncMarker = "checker-sync";

    public SmtAnswer Solve(SmtQuery query, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var sw = Stopwatch.StartNew();
        if (cancellationToken.IsCancellationRequested) return SmtAnswer.Unknown(Name, sw.Elapsed, "cancelled");
        var session = _reusable ? SessionPool.Take(_executable) : null;
        bool reused = session is not null;
        if (session is null)
        {
            try { session = Session.Start(_executable, _arguments); }
            catch (Win32Exception)
            {
                return SmtAnswer.Unknown(Name, sw.Elapsed, $"cannot run '{_executable}': install the {_package} package or choose another --solver");
            }
        }
        LastProcessId = session.Process.Id;
        bool killed = false, cancelled = false, keep = false;
        var gate = new object();
        void Kill(bool byCancel)
        {
            lock (gate)
            {
                if (keep) return;
                killed = true;
                cancelled |= byCancel;
                SolverProcesses.Kill(session.Process);
            }
        }
        var timer = new Timer(_ => Kill(false), null, limit, Timeout.InfiniteTimeSpan);
        var reg = cancellationToken.Register(() => Kill(true));
        string KilledReason() => cancelled ? "cancelled" : $"time limit {limit.TotalSeconds:G4} s reached (process killed)";
        try
        {
            var stdin = session.Input;
            if (reused) stdin.Write("(reset)\n");
            stdin.Write(query.SolverInput());
            stdin.Flush();
            string? status = null;
            var errors = new StringBuilder();
            while (session.Output.ReadLine() is { } line)
            {
                var t = line.Trim();
                if (t is "sat" or "unsat" or "unknown") { status = t; break; }
                if (t.Length > 0) errors.Append(t).Append(' ');
            }
            if (status is null)
                return SmtAnswer.Unknown(Name, sw.Elapsed, killed ? KilledReason() : "no check-sat answer: " + Z3InProcessSolver.Tail(errors + " " + session.ErrorText()));
            if (killed) return SmtAnswer.Unknown(Name, sw.Elapsed, KilledReason());
            SmtAnswer answer;
            if (status == "unsat") answer = new SmtAnswer(SmtStatus.Unsat, Name, sw.Elapsed);
            else if (status != "sat") answer = SmtAnswer.Unknown(Name, sw.Elapsed, "solver said " + status);
            else if (query.ModelVariables.Count == 0) answer = new SmtAnswer(SmtStatus.Sat, Name, sw.Elapsed, new Dictionary<string, Symbolic.Numbers.Rational>());
            else
            {
                stdin.Write(query.GetValueCommand());
                stdin.Flush();
                var reply = new StringBuilder();
                while (session.Output.ReadLine() is { } line)
                {
                    reply.Append(line).Append('\n');
                    if (Balanced(reply)) break;
                }
                if (killed || !Balanced(reply)) return SmtAnswer.Unknown(Name, sw.Elapsed, killed ? KilledReason() : "incomplete get-value reply");
                var (model, nonRational) = SmtModelParser.Parse(reply.ToString());
                answer = new SmtAnswer(SmtStatus.Sat, Name, sw.Elapsed, model, nonRational) { QuadraticRoots = SmtModelParser.QuadraticRoots(reply.ToString()) };
            }
            if (_reusable && InStep(session) && !killed)
            {
                lock (gate) keep = !killed;
            }
            return answer;
        }
        catch (IOException e)
        {
            return SmtAnswer.Unknown(Name, sw.Elapsed, killed ? KilledReason() : "pipe error: " + e.Message);
        }
        catch (FormatException e)
        {
            return SmtAnswer.Unknown(Name, sw.Elapsed, "unreadable model: " + e.Message);
        }
        finally
        {
            timer.Dispose();
            reg.Dispose();
            if (keep) SessionPool.Return(_executable, session);
            else session.Close();
        }
    }

    /// <summary>True when the session's output is exactly at the end of this query's reply: an echoed marker comes back
    /// as the next line. Anything else (an error line, a late answer) and the session is not reused.</summary>
    private static bool InStep(Session session)
    {
        try
        {
            session.Input.Write($"(echo \"{SyncMarker}\")\n");
            session.Input.Flush();
            return session.Output.ReadLine()?.Trim() == SyncMarker;
        }
        catch (IOException) { return false; }
    }

    private static bool Balanced(StringBuilder sb)
    {
        int depth = 0; bool open = false;
        foreach (var ch in sb.ToString())
        {
            if (ch == '(') { depth++; open = true; }
            else if (ch == ')') depth--;
        }
        return open && depth == 0;
    }

    /// <summary>One running solver process with its pipes.</summary>
    private sealed class Session
    {
        public required Process Process { get; init; }
        public required StreamWriter Input { get; init; }
        public required StreamReader Output { get; init; }
        private readonly StringBuilder _stderr = new();
        public DateTime IdleSince { get; set; }

        public static Session Start(string executable, string[] arguments)
        {
            var psi = new ProcessStartInfo(executable)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in arguments) psi.ArgumentList.Add(a);
            var process = Process.Start(psi) ?? throw new Win32Exception("not started");
            SolverProcesses.Add(process);
            var session = new Session { Process = process, Input = process.StandardInput, Output = process.StandardOutput };
            session.Input.NewLine = "\n";
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (session._stderr) session._stderr.AppendLine(e.Data); };
            process.BeginErrorReadLine();
            return session;
        }

        public string ErrorText() { lock (_stderr) return _stderr.ToString(); }

        /// <summary>Kills the process (if still running) and reaps it, so it is neither a zombie nor a busy core.</summary>
        public void Close()
        {
            SolverProcesses.Kill(Process);
            try { Process.WaitForExit(5000); } catch (InvalidOperationException) { } catch (Win32Exception) { }
            SolverProcesses.Remove(Process);
            Process.Dispose();
        }
    }

    /// <summary>Idle z3 sessions by executable; a timer closes those idle longer than <see cref="IdleLifetime"/>.</summary>
    private static class SessionPool
    {
        private static readonly Dictionary<string, Stack<Session>> Idle = [];
        private static readonly Timer Reaper = new(_ => Reap(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        public static Session? Take(string executable)
        {
            lock (Idle)
            {
                if (!Idle.TryGetValue(executable, out var stack)) return null;
                while (stack.Count > 0)
                {
                    var s = stack.Pop();
                    if (!s.Process.HasExited) return s;
                    s.Close();
                }
                return null;
            }
        }

        public static void Return(string executable, Session session)
        {
            session.IdleSince = DateTime.UtcNow;
            lock (Idle)
            {
                if (!Idle.TryGetValue(executable, out var stack)) Idle[executable] = stack = new Stack<Session>();
                stack.Push(session);
                Reaper.Change(IdleLifetime, Timeout.InfiniteTimeSpan);
            }
        }

        private static void Reap()
        {
            var stale = new List<Session>();
            bool more = false;
            lock (Idle)
            {
                var cutoff = DateTime.UtcNow - IdleLifetime;
                foreach (var (key, stack) in Idle.ToList())
                {
                    var keepers = stack.Where(s => s.IdleSince > cutoff).Reverse().ToList();
                    stale.AddRange(stack.Where(s => s.IdleSince <= cutoff));
                    Idle[key] = new Stack<Session>(keepers);
                    more |= keepers.Count > 0;
                }
                if (more) Reaper.Change(IdleLifetime, Timeout.InfiniteTimeSpan);
            }
            foreach (var s in stale) s.Close();
        }
    }
}
