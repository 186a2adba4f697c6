namespace Checker.Cli.Commands;

/// <summary>
/// Checks of output options made while validating settings, before any work: a run that integrates for half a minute
/// must not then fail on `/nonexist/dir/x.png`. The check is an actual write probe, because permissions, read-only
/// mounts and pseudo file systems (/proc) cannot be read off the path.
/// </summary>
public static class OutputPaths
{
    /// <summary>Creates <paramref name="dir"/> if needed and proves a file can be created in it.</summary>
    public static void RequireWritableDirectory(string option, string? dir)
    {
        if (dir is null) return;
        try
        {
            Directory.CreateDirectory(dir);
            var probe = Path.Combine(dir, $".checker-write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (IsPathFailure(e))
        {
            throw new UsageException($"{option}: expected a writable directory, \"{dir}\" cannot be written ({e.Message})");
        }
    }

    /// <summary>Proves <paramref name="path"/> can be written without changing an existing file and without leaving a
    /// new one behind.</summary>
    public static void RequireWritableFile(string option, string? path)
    {
        if (path is null) return;
        try
        {
            if (Directory.Exists(path)) throw new IOException("it is a directory");
            bool existed = File.Exists(path);
            using (new FileStream(path, existed ? FileMode.Open : FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite, 1)) { }
            if (!existed) File.Delete(path);
        }
        catch (Exception e) when (IsPathFailure(e))
        {
            throw new UsageException($"{option}: expected a writable file, \"{path}\" cannot be written ({e.Message})");
        }
    }

    private static bool IsPathFailure(Exception e) => e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException;
}
