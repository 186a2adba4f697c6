namespace Checker.Cli.Tests;

/// <summary>A private temporary directory per test class for instance, weight and CSV files written by the tests.</summary>
public sealed class TempFiles : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "checker-cli-tests-" + Guid.NewGuid().ToString("N"));

    public TempFiles() => System.IO.Directory.CreateDirectory(Directory);

    public string Write(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
