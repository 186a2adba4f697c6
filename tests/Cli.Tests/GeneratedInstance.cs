using System.Text.Json;

namespace Checker.Cli.Tests;

/// <summary>Seeded random instance files of any size (integer data in [-3, 3], labels ±1 … ±3), for tests of inputs
/// larger than the examples: the [10,64,64,1], n = 200 net of issue 14 overflowed a pattern counter.</summary>
public static class GeneratedInstance
{
    public static string Json(int[] widths, int samples, int seed, string activation = "relu")
    {
        var rng = new Random(seed);
        var inputs = Enumerable.Range(0, samples).Select(_ => Enumerable.Range(0, widths[0]).Select(_ => rng.Next(-3, 4).ToString()).ToArray()).ToArray();
        var labels = Enumerable.Range(0, samples).Select(_ => ((rng.Next(2) == 0 ? -1 : 1) * rng.Next(1, 4)).ToString()).ToArray();
        return JsonSerializer.Serialize(new
        {
            name = $"generated-{string.Join('x', widths)}-n{samples}-s{seed}",
            inputs,
            labels,
            network = new { widths, activation },
        });
    }

    public static string Write(TempFiles files, int[] widths, int samples, int seed, string activation = "relu") =>
        files.Write($"generated-{string.Join('x', widths)}-n{samples}-s{seed}-{activation.Replace(':', '_').Replace('/', '_')}.json", Json(widths, samples, seed, activation));
}
