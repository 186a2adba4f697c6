namespace Checker.Cli.Tests;

/// <summary>
/// A battery of bad flags and unusable output paths across commands (issue 14): each is refused with exit 2 and one
/// line on stderr before any work — never exit 4, never a stack trace, nothing on stdout.
/// </summary>
public class BadFlagTests : IClassFixture<TempFiles>
{
    private readonly TempFiles _files;
    public BadFlagTests(TempFiles files) => _files = files;

    private static readonly string Lambda = CliRunner.Example("lambda-two.json");

    public static TheoryData<string, string[]> Cases()
    {
        // A regular file: no directory can be created below it, even by root (a missing parent alone would not do, root
        // creates it); /proc refuses new files for everybody.
        var file = Path.Combine(Path.GetTempPath(), "checker-bad-flag-file-" + Environment.ProcessId);
        File.WriteAllText(file, "x");
        string underFile = Path.Combine(file, "sub");
        var data = new TheoryData<string, string[]>();
        void Add(string expected, params string[] args) => data.Add(expected, args);
        foreach (var t in new[] { "1e10", "99999999999999999999", "0", "-5", "NaN", "Infinity", "abc", "1e309" })
        {
            Add("--timeout", "check", "C1", Lambda, "--timeout", t);
            Add("--timeout", "verify", Lambda, "--timeout", t);
        }
        Add("--timeout", "search", "K1", "--timeout", "1e10");
        Add("--timeout", "kkt", Lambda, "--timeout", "99999999999999999999");
        Add("--timeout", "flow", Lambda, "--timeout", "-1");
        Add("--seed: expected an integer", "check", "C1", Lambda, "--seed", "99999999999");
        Add("--seed: expected an integer", "bench", "--seed", "x");
        Add("--trials: expected an integer", "search", "K1", "--trials", "1.5");
        Add("--delta: expected a number", "flow", Lambda, "--delta=abc");
        Add("--solver", "check", "C1", Lambda, "--solver", "yices");
        Add("solver", "verify", Lambda, "--solver", "");
        Add("--solver", "search", "K1", "--solver", "z4");
        Add("--solver", "kkt", Lambda, "--reduced", "--solver", "mathsat");
        Add("--certificates", "check", "C1", Lambda, "--certificates", underFile);
        Add("--certificates", "verify", Lambda, "--certificates", "/proc/checker-certificates");
        Add("--certificates", "kkt", Lambda, "--certificates", underFile);
        Add("--certificates", "kkt", Lambda, "--reduced", "--certificates", underFile);
        Add("--report", "verify", Lambda, "--report", underFile);
        Add("--report", "verify", Lambda, "--report", "/proc/checker-report");
        Add("--plot", "flow", Lambda, "--plot", "/nonexist/dir/x.png");
        Add("--plot", "flow", Lambda, "--plot", "/proc/x.png");
        Add("--plot", "flow", Lambda, "--plot", "x.gif");
        Add("--csv", "flow", Lambda, "--csv", "/proc/x.csv");
        Add("--csv", "flow", Lambda, "--csv", Path.Combine(underFile, "x.csv"));
        Add("--kind", "flow", Lambda, "--kind", "gradient");
        Add("--delta", "flow", Lambda, "--delta", "0");
        Add("--rtol", "flow", Lambda, "--rtol", "1");
        Add("--until", "flow", Lambda, "--until", "never");
        Add("--escape-factor", "flow", Lambda, "--escape-factor", "1");
        Add("--out", "search", "K1", "--out", "/proc/k1.json");
        Add("--trials", "search", "K1", "--trials", "0");
        Add("--max-d", "search", "K1", "--max-d", "99");
        Add("--activations", "search", "K1", "--activations", "tanh");
        Add("--engine", "kkt", Lambda, "--reduced", "--engine", "magic");
        Add("--signs", "kkt", Lambda, "--reduced", "--signs", "1,2");
        Add("--filter", "bench", "--filter", "no-such-benchmark");
        Add("--at", "eval", Lambda);
        Add("frobnicate", "info", Lambda, "--frobnicate");
        Add("frobnicate", "check", "C1", Lambda, "--frobnicate");
        Add("frobnicate", "verify", Lambda, "--frobnicate");
        Add("frobnicate", "flow", Lambda, "--frobnicate");
        Add("frobnicate", "kkt", Lambda, "--frobnicate");
        Add("frobnicate", "search", "K1", "--frobnicate");
        Add("frobnicate", "ncf", Lambda, "--frobnicate");
        Add("frobnicate", "claims", "--frobnicate");
        Add("frobnicate", "bench", "--frobnicate");
        Add("nosuchcommand", "nosuchcommand");
        Add("C99", "check", "C99", Lambda);
        Add("no-such-file", "info", "no-such-file.json");
        Add("no-such-file", "verify", "no-such-file.json");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadFlagIsOneLineAndExitTwo(string expected, string[] args)
    {
        var (code, stdout, stderr) = CliRunner.Run(args);
        string what = string.Join(' ', args);
        Assert.True(code == 2, $"{what}: exit {code}, stderr: {stderr}");
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"{what}: expected one line on stderr, got:\n{stderr}");
        Assert.StartsWith("checker: ", lines[0]);
        Assert.DoesNotContain("internal error", stderr);
        Assert.Contains(expected, stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", stdout);
    }
}
