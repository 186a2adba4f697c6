using System.Diagnostics;
using Checker.Verification.Solvers;

namespace Checker.Cli.Tests;

/// <summary>
/// `--solver z3|cvc5|portfolio` without the executable on PATH (issue 14): a usage error (exit 2, one line naming the
/// executable) before any claim runs, and the portfolio does not quietly run on its in-process leg alone. The CLI runs
/// as a child process with a PATH of one empty directory, because PATH is process-wide and other tests start solvers.
/// </summary>
public class SolverPathTests : IClassFixture<TempFiles>
{
    private readonly TempFiles _files;
    public SolverPathTests(TempFiles files) => _files = files;

    private (int Code, string Stdout, string Stderr) RunWithPath(string path, params string[] args)
    {
        var dotnet = ExecutableSearch.Find("dotnet") ?? Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")
            ?? throw new InvalidOperationException("dotnet host not found");
        var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "checker.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["PATH"] = path;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }

    [Theory]
    [InlineData("z3", "z3", "verify")]
    [InlineData("cvc5", "cvc5", "verify")]
    [InlineData("portfolio", "cvc5", "verify")]
    [InlineData("z3", "z3", "check")]
    [InlineData("portfolio", "cvc5", "kkt")]
    [InlineData("cvc5", "cvc5", "search")]
    public void MissingSolverExecutableIsAUsageErrorBeforeAnyWork(string solver, string executable, string command)
    {
        var emptyDir = Directory.CreateDirectory(Path.Combine(_files.Directory, "empty-path")).FullName;
        var instance = CliRunner.Example("lambda-two.json");
        string[] args = command switch
        {
            "check" => ["check", "C4", instance, "--solver", solver],
            "search" => ["search", "K1", "--trials", "1", "--solver", solver],
            "kkt" => ["kkt", instance, "--reduced", "--solver", solver],
            _ => ["verify", instance, "--solver", solver],
        };
        var (code, stdout, stderr) = RunWithPath(emptyDir, args);
        Assert.True(code == 2, $"exit {code}; stderr: {stderr}");
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // One line and no "[verify] C1 …" progress: nothing ran before the refusal.
        Assert.Single(lines);
        Assert.Contains($"the {executable} executable is not on PATH", lines[0]);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void ExecutableSearchHonoursTheGivenPathAndTheExecuteBit()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_files.Directory, "bin")).FullName;
        var tool = Path.Combine(dir, "fake-solver");
        File.WriteAllText(tool, "#!/bin/sh\n");
        Assert.Null(ExecutableSearch.Find("fake-solver", dir));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Equal(tool, ExecutableSearch.Find("fake-solver", "/nonexistent" + Path.PathSeparator + dir));
        Assert.Null(ExecutableSearch.Find("fake-solver", "/nonexistent"));
        // The real solvers are installed on this machine's PATH (the brief's tool list).
        Assert.NotNull(ExecutableSearch.Find("z3"));
    }
}
