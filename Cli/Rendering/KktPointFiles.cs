using System.Text.Json;
using Checker.Verification.FullNetwork;

namespace Checker.Cli.Rendering;

/// <summary>
/// `kkt --out DIR`: writes each certified KKT point as a weight file <c>{"layers": …}</c> (exact rationals as strings)
/// that `eval --at`, `check/verify --at` and `flow --init` (every reader of weight files) read, named after the point's row (#) and what
/// the file holds: <c>kkt-point-K.json</c> the KKT point exactly, <c>kkt-point-K.approx.json</c> a rational point near
/// an irrational one, <c>kkt-point-K.unnormalised.json</c> its exact rational certificate, <c>kkt-point-K.box-centre.json</c>
/// the centre of a Krawczyk box. <c>DIR/points.json</c> lists every file with its kind, distance bound and value.
/// </summary>
public static class KktPointFiles
{
    public const string Manifest = "points.json";

    public static string Suffix(ExportKind kind) => kind switch
    {
        ExportKind.Exact => "",
        ExportKind.Approximation => ".approx",
        ExportKind.BoxCentre => ".box-centre",
        ExportKind.Unnormalised => ".unnormalised",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string KindName(ExportKind kind) => kind switch
    {
        ExportKind.Exact => "exact",
        ExportKind.Approximation => "rational-approximation",
        ExportKind.BoxCentre => "box-centre",
        ExportKind.Unnormalised => "unnormalised-certificate",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Refuses an unusable directory before the search (exit 2), not after it.</summary>
    public static void Prepare(string dir)
    {
        try { Directory.CreateDirectory(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        { throw new UsageException($"--out: expected a writable directory, \"{dir}\" cannot be created ({e.Message})"); }
    }

    /// <summary>Writes the files; returns, per point row (0-based), the files written for it.</summary>
    public static Dictionary<int, List<string>> Write(string dir, FullNetworkKktResult r)
    {
        var written = new Dictionary<int, List<string>>();
        var manifest = new List<object>();
        try
        {
            for (int k = 0; k < r.Points.Count; k++)
            {
                var p = r.Points[k];
                foreach (var e in KktPointExport.For(p))
                {
                    var name = $"kkt-point-{k + 1}{Suffix(e.Kind)}.json";
                    File.WriteAllText(Path.Combine(dir, name), JsonSerializer.Serialize(new { layers = e.Point.ToLayers() }, JsonOutput.Options) + "\n");
                    (written.TryGetValue(k, out var list) ? list : written[k] = []).Add(Path.Combine(dir, name));
                    manifest.Add(new
                    {
                        point = k + 1,
                        file = name,
                        kind = KindName(e.Kind),
                        exact_kkt_point = e.Kind == ExportKind.Exact,
                        distance_bound = e.DistanceBound,
                        note = e.Note,
                        value = p.Classification?.Value,
                        method = p.Method,
                    });
                }
            }
            File.WriteAllText(Path.Combine(dir, Manifest), JsonSerializer.Serialize(new { files = manifest }, JsonOutput.Options) + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new UsageException($"--out: expected a writable directory, \"{dir}\" cannot be written ({e.Message})"); }
        return written;
    }
}
