using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Checker.Verification.Solvers;

/// <summary>
/// A stock solver as a child process speaking SMT-LIB2 on stdin/stdout (z3 -in, cvc5 --incremental). The time limit
/// is enforced from outside: a timer kills the whole process tree, so a hanging query costs at most the limit and
/// leaves no process behind (the process is also killed on every other exit path).
/// </summary>
public sealed class ProcessSmtSolver : ISmtSolver
{
    public string Name { get; }
    private readonly string _executable;
    private readonly string[] _arguments;
    private readonly string _package;

    private ProcessSmtSolver(string name, string executable, string[] arguments, string package)
    {
        Name = name; _executable = executable; _arguments = arguments; _package = package;
    }

    public static ProcessSmtSolver Z3() => new("z3", "z3", ["-in", "-smt2"], "z3");
    public static ProcessSmtSolver Cvc5() => new("cvc5", "cvc5", ["--lang", "smt2", "--produce-models", "--incremental"], "cvc5");

    /// <summary>Id of the last child started, for tests that check nothing is left behind.</summary>
    public int LastProcessId { get; private set; }

    public SmtAnswer Solve(SmtQuery query, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var sw = Stopwatch.StartNew();
        var psi = new ProcessStartInfo(_executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in _arguments) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new Win32Exception("not started");
        }
        catch (Win32Exception)
        {
            return SmtAnswer.Unknown(Name, sw.Elapsed, $"cannot run '{_executable}': install the {_package} package or choose another --solver");
        }
        LastProcessId = process.Id;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        bool killed = false, cancelled = false;
        var gate = new object();
        void Kill(bool byCancel)
        {
            lock (gate)
            {
                killed = true;
                cancelled |= byCancel;
                try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } catch (Win32Exception) { }
            }
        }
        using var timer = new Timer(_ => Kill(false), null, limit, Timeout.InfiniteTimeSpan);
        using var reg = cancellationToken.Register(() => Kill(true));
        try
        {
            var stdin = process.StandardInput;
            stdin.NewLine = "\n";
            stdin.Write(query.SolverInput());
            stdin.Flush();
            string? status = null;
            var errors = new StringBuilder();
            while (process.StandardOutput.ReadLine() is { } line)
            {
                var t = line.Trim();
                if (t is "sat" or "unsat" or "unknown") { status = t; break; }
                if (t.Length > 0) errors.Append(t).Append(' ');
            }
            string KilledReason() => cancelled ? "cancelled" : $"time limit {limit.TotalSeconds:G4} s reached (process killed)";
            if (status is null)
                return SmtAnswer.Unknown(Name, sw.Elapsed, killed ? KilledReason() : "no check-sat answer: " + Z3InProcessSolver.Tail(errors + " " + stderr));
            if (killed) return SmtAnswer.Unknown(Name, sw.Elapsed, KilledReason());
            if (status == "unsat") return new SmtAnswer(SmtStatus.Unsat, Name, sw.Elapsed);
            if (status != "sat") return SmtAnswer.Unknown(Name, sw.Elapsed, "solver said " + status);
            if (query.ModelVariables.Count == 0) return new SmtAnswer(SmtStatus.Sat, Name, sw.Elapsed, new Dictionary<string, Symbolic.Numbers.Rational>());
            stdin.Write(query.GetValueCommand());
            stdin.Flush();
            var reply = new StringBuilder();
            while (process.StandardOutput.ReadLine() is { } line)
            {
                reply.Append(line).Append('\n');
                if (Balanced(reply)) break;
            }
            if (killed || !Balanced(reply)) return SmtAnswer.Unknown(Name, sw.Elapsed, killed ? KilledReason() : "incomplete get-value reply");
            try { stdin.Write("(exit)\n"); stdin.Flush(); } catch (IOException) { }
            var (model, nonRational) = SmtModelParser.Parse(reply.ToString());
            return new SmtAnswer(SmtStatus.Sat, Name, sw.Elapsed, model, nonRational);
        }
        catch (IOException e)
        {
            return SmtAnswer.Unknown(Name, sw.Elapsed, killed ? $"time limit {limit.TotalSeconds:G4} s reached (process killed)" : "pipe error: " + e.Message);
        }
        catch (FormatException e)
        {
            return SmtAnswer.Unknown(Name, sw.Elapsed, "unreadable model: " + e.Message);
        }
        finally
        {
            Kill(false);
            process.WaitForExit(5000);
            process.Dispose();
        }
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
}
