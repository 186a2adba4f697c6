using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Z3;

namespace Checker.Verification.Solvers;

/// <summary>
/// Loads the system libz3 for the Microsoft.Z3 package's P/Invoke layer (docs/cli.md#solvers): the package
/// ships no Linux library, and Debian names it libz3.so (libz3-dev) or only libz3.so.4 (libz3-4). We resolve the
/// package's import name to whichever exists, once per process.
/// </summary>
public static class Z3Library
{
    private static readonly object Gate = new();
    private static bool _resolverSet;
    private static string? _error;
    private static bool _probed;

    public const string MissingMessage = "the in-process Z3 backend needs libz3 (Debian/Ubuntu: apt-get install libz3-4 libz3-dev); or use --solver z3 or --solver cvc5";

    /// <summary>Null when libz3 loads; otherwise one line saying what to install.</summary>
    public static string? LoadError
    {
        get
        {
            lock (Gate)
            {
                EnsureResolver();
                if (_probed) return _error;
                _probed = true;
                try
                {
                    var cfg = Native.Z3_mk_config();
                    Native.Z3_del_config(cfg);
                }
                catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or TypeInitializationException)
                {
                    _error = MissingMessage;
                }
                return _error;
            }
        }
    }

    private static void EnsureResolver()
    {
        if (_resolverSet) return;
        _resolverSet = true;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Another component already set a resolver for the package; its choice stands.
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (!name.Contains("z3", StringComparison.OrdinalIgnoreCase)) return IntPtr.Zero;
        foreach (var candidate in new[] { name, "libz3.so", "libz3.so.4", "libz3.dylib", "libz3.dll" })
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle)) return handle;
        return IntPtr.Zero;
    }
}
