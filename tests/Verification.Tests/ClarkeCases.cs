using System.Text.Json;
using Checker.Symbolic.IO;
using Checker.Symbolic.Model;

namespace Checker.Verification.Tests;

/// <summary>The exact kink cases (Data/clarke-cases.json) with their expected Clarke and AD answers.</summary>
internal static class ClarkeCases
{
    private static readonly Lazy<JsonDocument> Doc = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "clarke-cases.json"))));

    public static IEnumerable<string> Names => Doc.Value.RootElement.EnumerateObject()
        .Where(p => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("weights", out _)).Select(p => p.Name);

    public static (Instance Instance, WeightPoint Point, bool Clarke, bool Ad) Get(string name)
    {
        var e = Doc.Value.RootElement.GetProperty(name);
        var instance = InstanceReader.Parse(e.GetProperty("instance").GetRawText(), name);
        var point = WeightReader.Parse(e.GetProperty("weights").GetRawText(), name, instance.Network);
        return (instance, point, e.GetProperty("clarke").GetBoolean(), e.GetProperty("ad").GetBoolean());
    }
}
