using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.Tests;

/// <summary>Seeded random instances for the exact tests: small integer data (so exact coincidences and kinks occur).</summary>
internal static class TestInstances
{
    /// <summary>The repository's root (the folder holding Checker.sln), found from this source file.</summary>
    public static string RepoRoot { get; } = FindRoot();

    private static string FindRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(source)!);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Checker.sln"))) dir = dir.Parent;
        return dir!.FullName;
    }

    /// <summary>A file under examples/.</summary>
    public static string Example(params string[] parts) => Path.Combine([RepoRoot, "examples", .. parts]);

    public static Instance Random(int seed, int d, int n, Activation act, int depth, int range = 3)
    {
        var rng = new Random(seed);
        var inputs = new List<Rational[]>();
        var labels = new List<Rational>();
        for (int i = 0; i < n; i++)
        {
            Rational[] x;
            do x = Enumerable.Range(0, d).Select(_ => (Rational)rng.Next(-range, range + 1)).ToArray(); while (x.All(v => v.IsZero));
            inputs.Add(x);
            int y;
            do y = rng.Next(-2, 3); while (y == 0);
            labels.Add(y);
        }
        return Make($"random-{seed}", inputs, labels, act, depth, 2);
    }

    public static Instance Make(string name, IReadOnlyList<Rational[]> inputs, IReadOnlyList<Rational> labels, Activation act, int depth, int width)
    {
        var widths = new List<int> { inputs[0].Length };
        for (int l = 1; l < depth; l++) widths.Add(width);
        widths.Add(1);
        return new Instance(name, inputs, labels, new Network(widths, act));
    }

    public static Instance FromInts(string name, int[][] xs, int[] ys, Activation act, int depth, int width = 2) =>
        Make(name, xs.Select(r => r.Select(v => (Rational)v).ToArray()).ToArray(), ys.Select(v => (Rational)v).ToArray(), act, depth, width);

    public static Activation Leaky(int num, int den) => new(1, new Rational(num, den), 1, $"leaky:{num}/{den}");
}
