namespace Checker.Cli.Rendering;

/// <summary>IProgress that calls back on the reporting thread (Progress&lt;T&gt; would post to the thread pool, so
/// lines could arrive late and out of order relative to what the caller prints next).</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
