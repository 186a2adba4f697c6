using System.Diagnostics;
using System.Globalization;
using System.Text;
using Checker.Symbolic.Model;

namespace Checker.Bench;

/// <summary>
/// The SymPy reference of symbolic/expand-ncf, measured in the same run: a python3 child builds the same piece
/// y_i·H_s(x_i; w) (fixed activation pattern, so every activation is a known slope times its input) over the same
/// 48 weight symbols and expands N, with SymPy's cache cleared before every repetition so no run reuses an earlier
/// result. Null with the reason when python3 or SymPy is missing (`apt-get install python3-sympy`).
/// </summary>
public static class SymPyAnchor
{
    private const string Script = """
import json, sys, time
try:
    import sympy
    from sympy.core.cache import clear_cache
except ImportError as e:
    print("missing " + str(e)); sys.exit(3)
spec = json.load(open(sys.argv[1]))
widths, slopes, repeats = spec["widths"], spec["slopes"], spec["repeats"]
R = sympy.Rational
def build():
    W = []
    for l in range(1, len(widths)):
        W.append([[sympy.Symbol(f"w{l}_{r}_{c}") for c in range(widths[l - 1])] for r in range(widths[l])])
    total = 0
    for i, (x, y) in enumerate(zip(spec["inputs"], spec["labels"])):
        h = [R(v) for v in x]
        for l, Wl in enumerate(W):
            z = [sum(Wl[r][c] * h[c] for c in range(len(h))) for r in range(len(Wl))]
            h = z if l == len(W) - 1 else [R(slopes[l][r][i]) * z[r] for r in range(len(z))]
        total += R(y) * h[0]
    return sympy.expand(total)
times = []
for _ in range(repeats):
    clear_cache()
    t = time.perf_counter()
    p = build()
    times.append((time.perf_counter() - t) * 1000)
times.sort()
print("ms %r terms %d" % (times[len(times) // 2], 0 if p == 0 else len(sympy.Add.make_args(p))))
""";

    public sealed record Measurement(double Milliseconds, int Terms, string Python);

    public static Measurement? Measure(Instance instance, ActivationPattern pattern, int repeats, TimeSpan limit, out string why)
    {
        why = "python3 is not on PATH";
        // Every python3 on PATH, then the system one (Debian's python3-sympy installs there): the first with SymPy.
        foreach (var python in Pythons())
        {
            var m = MeasureWith(python, instance, pattern, repeats, limit, out why, out bool missingSymPy);
            if (m is not null || !missingSymPy) return m;
        }
        return null;
    }

    private static IEnumerable<string> Pythons() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "python3")).Append("/usr/bin/python3").Where(File.Exists).Distinct();

    private static Measurement? MeasureWith(string python, Instance instance, ActivationPattern pattern, int repeats, TimeSpan limit, out string why, out bool missingSymPy)
    {
        why = "";
        missingSymPy = false;
        var net = instance.Network;
        // slopes[l][r][i]: the activation's slope on neuron r of hidden layer l+1 for sample i in this pattern.
        var slopes = Enumerable.Range(1, net.Depth - 1).Select(l => Enumerable.Range(0, net.Widths[l]).Select(r =>
            Enumerable.Range(0, instance.SampleCount).Select(i => (pattern[l, r, i] >= 0 ? net.Activation.Pos : net.Activation.Neg).ToString()).ToArray()).ToArray()).ToArray();
        var spec = System.Text.Json.JsonSerializer.Serialize(new
        {
            widths = net.Widths,
            inputs = instance.Inputs.Select(x => x.Select(v => v.ToString()).ToArray()).ToArray(),
            labels = instance.Labels.Select(v => v.ToString()).ToArray(),
            slopes,
            repeats,
        });
        var dir = Directory.CreateTempSubdirectory("checker-sympy-");
        try
        {
            var specPath = Path.Combine(dir.FullName, "spec.json");
            var scriptPath = Path.Combine(dir.FullName, "anchor.py");
            File.WriteAllText(specPath, spec);
            File.WriteAllText(scriptPath, Script, Encoding.UTF8);
            var psi = new ProcessStartInfo(python, [scriptPath, specPath]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(limit))
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                why = $"SymPy did not finish within {limit.TotalSeconds:F0} s";
                return null;
            }
            var text = stdout.Result.Trim();
            if (p.ExitCode != 0 || !text.StartsWith("ms ", StringComparison.Ordinal))
            {
                missingSymPy = p.ExitCode == 3;
                why = missingSymPy ? $"SymPy is not installed for {python} ({text}; apt-get install python3-sympy)" : $"the SymPy script failed: {(text + " " + stderr.Result).Trim().Split('\n')[^1]}";
                return null;
            }
            var parts = text.Split(' ');
            return new Measurement(double.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture), python);
        }
        finally
        {
            try { dir.Delete(recursive: true); } catch (IOException) { }
        }
    }
}
