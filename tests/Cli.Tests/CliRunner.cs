namespace Checker.Cli.Tests;

/// <summary>Runs the command in process, capturing stdout/stderr. Serialised: Console is process-global.</summary>
public static class CliRunner
{
    private static readonly object Gate = new();

    public static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        lock (Gate)
        {
            var oldOut = Console.Out; var oldErr = Console.Error;
            var o = new StringWriter(); var e = new StringWriter();
            Console.SetOut(o); Console.SetError(e);
            try { return (CheckerApp.Run(args), o.ToString(), e.ToString()); }
            finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
        }
    }

    /// <summary>The checkout this test was compiled from (works with any --artifacts-path).</summary>
    public static string RepoRoot { get; } = FindRoot();

    private static string FindRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(source)!);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Checker.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Checker.sln not found above " + source);
    }

    public static string Example(string name) => Path.Combine(RepoRoot, "examples", name);
}
