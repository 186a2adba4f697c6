using System.Text.Json;
using Checker.Symbolic.Model;

namespace Checker.Verification.Search;

/// <summary>An instance as an instance file of docs/cli.md#instance-files (exact numbers as strings), so a found counterexample can be
/// re-run with any command. The CLI writes the text; this layer only formats it.</summary>
public static class InstanceJson
{
    public static string Format(Instance instance) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["name"] = instance.Name,
        ["inputs"] = instance.Inputs.Select(x => x.Select(v => v.ToString()).ToArray()).ToArray(),
        ["labels"] = instance.Labels.Select(v => v.ToString()).ToArray(),
        ["network"] = new Dictionary<string, object>
        {
            ["widths"] = instance.Network.Widths,
            ["activation"] = ActivationField(instance.Network.Activation),
        },
    }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>The preset name when it reads back as the same activation, else the general form.</summary>
    private static object ActivationField(Activation a) =>
        Activation.TryParsePreset(a.Name, out _) is { } p && p.Pos == a.Pos && p.Neg == a.Neg && p.Power == a.Power
            ? a.Name
            : new Dictionary<string, object> { ["pos"] = a.Pos.ToString(), ["neg"] = a.Neg.ToString(), ["power"] = a.Power };
}
