using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Checker.Cli.Rendering;

/// <summary>Writes machine output: one indented JSON document on stdout, snake_case field names (docs/cli.md#output-streams).</summary>
public static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>An exact integer as a JSON number when it fits in 64 bits, else as a decimal string.</summary>
    public static object Integer(System.Numerics.BigInteger v) => v >= long.MinValue && v <= long.MaxValue ? (long)v : v.ToString();

    public static void Write(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, value.GetType(), Options));
}
