namespace Checker.Verification.Solvers;

/// <summary>Finds an executable the way <see cref="System.Diagnostics.Process.Start(string)"/> will: a path as given,
/// otherwise the first PATH directory holding a file of that name (with the execute bit on Unix).</summary>
public static class ExecutableSearch
{
    public static string? Find(string executable, string? path = null)
    {
        if (executable.Contains(Path.DirectorySeparatorChar)) return IsExecutable(executable) ? executable : null;
        path ??= Environment.GetEnvironmentVariable("PATH") ?? "";
        string[] suffixes = OperatingSystem.IsWindows() ? ["", ".exe", ".cmd", ".bat"] : [""];
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var suffix in suffixes)
            {
                string candidate;
                try { candidate = Path.Combine(dir, executable + suffix); }
                catch (ArgumentException) { continue; }
                if (IsExecutable(candidate)) return candidate;
            }
        return null;
    }

    private static bool IsExecutable(string file)
    {
        if (!File.Exists(file)) return false;
        if (OperatingSystem.IsWindows()) return true;
        return (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
