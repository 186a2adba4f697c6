using System.Text.Json;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.IO;

/// <summary>
/// Reads instance files (CLI.md "Instance files"): JSON with exact numbers, or inputs from a CSV file.
/// Every failure is an <see cref="InputException"/> naming file, field and expectation.
/// </summary>
public static class InstanceReader
{
    // Refuse absurd sizes before allocating anything proportional to them.
    public const int MaxWidth = 4096;
    public const int MaxDepth = 64;
    public const long MaxWeights = 10_000_000;
    public const int MaxSamples = 1_000_000;
    public const long MaxFileBytes = 256L << 20;

    public static Instance Read(string path)
    {
        var text = ReadText(path, "instance");
        return Parse(text, path);
    }

    internal static string ReadText(string path, string what)
    {
        if (!File.Exists(path)) throw new InputException(path, "file", $"an existing {what} file");
        var info = new FileInfo(path);
        if (info.Length > MaxFileBytes) throw new InputException(path, "file", $"at most {MaxFileBytes >> 20} MiB, got {info.Length >> 20} MiB");
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new InputException(path, "file", $"a readable {what} file ({e.Message.Split('\n')[0]})"); }
    }

    internal static JsonElement ParseRoot(string text, string file)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 32 });
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InputException(file, "json", $"well-formed JSON ({FirstLine(e.Message)})");
        }
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    public static Instance Parse(string text, string file)
    {
        var root = ParseRoot(text, file);
        if (root.ValueKind != JsonValueKind.Object) throw new InputException(file, "(root)", "a JSON object with \"inputs\", \"labels\" and \"network\"");

        string name = Path.GetFileNameWithoutExtension(file);
        if (root.TryGetProperty("name", out var nameEl))
        {
            if (nameEl.ValueKind != JsonValueKind.String) throw new InputException(file, "name", "a string");
            name = nameEl.GetString()!;
        }

        if (!root.TryGetProperty("network", out var netEl)) throw new InputException(file, "network", "an object {\"widths\": [...], \"activation\": ...} (field is missing)");
        var network = ParseNetwork(netEl, file);

        List<Rational[]> inputs;
        List<Rational> labels;
        bool hasInputs = root.TryGetProperty("inputs", out var inEl);
        bool hasCsv = root.TryGetProperty("inputs_csv", out var csvEl);
        if (hasInputs && hasCsv) throw new InputException(file, "inputs_csv", "either \"inputs\"/\"labels\" or \"inputs_csv\", not both");
        if (hasCsv)
        {
            if (csvEl.ValueKind != JsonValueKind.String) throw new InputException(file, "inputs_csv", "a path string");
            var csvPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", csvEl.GetString()!);
            if (!File.Exists(csvPath)) throw new InputException(file, "inputs_csv", $"an existing CSV file, \"{csvEl.GetString()}\" was not found");
            (inputs, labels) = CsvData.Read(csvPath);
        }
        else
        {
            if (!hasInputs) throw new InputException(file, "inputs", "a list of samples, each a list of d numbers (field is missing)");
            if (!root.TryGetProperty("labels", out var labEl)) throw new InputException(file, "labels", "a list of n numbers (field is missing)");
            inputs = ParseMatrix(inEl, file, "inputs", expectedColumns: null, MaxSamples);
            labels = ParseVector(labEl, file, "labels", MaxSamples);
            if (labels.Count != inputs.Count) throw new InputException(file, "labels", $"one label per sample ({inputs.Count}), got {labels.Count}");
        }
        if (inputs.Count == 0) throw new InputException(file, hasCsv ? "inputs_csv" : "inputs", "at least one sample, got none");
        int d = inputs[0].Length;
        if (d == 0) throw new InputException(file, "inputs[0]", "at least one coordinate per sample");
        if (network.InputDimension != d) throw new InputException(file, "network.widths[0]", $"the input dimension {d}, got {network.InputDimension}");
        return new Instance(name, inputs, labels, network);
    }

    public static Network ParseNetwork(JsonElement netEl, string file)
    {
        if (netEl.ValueKind != JsonValueKind.Object) throw new InputException(file, "network", "an object {\"widths\": [...], \"activation\": ...}");
        if (!netEl.TryGetProperty("widths", out var wEl)) throw new InputException(file, "network.widths", "a list [d, k_1, …, 1] (field is missing)");
        if (wEl.ValueKind != JsonValueKind.Array) throw new InputException(file, "network.widths", "a list [d, k_1, …, 1]");
        int count = wEl.GetArrayLength();
        if (count < 2) throw new InputException(file, "network.widths", "at least two entries [d, …, 1]");
        if (count - 1 > MaxDepth) throw new InputException(file, "network.widths", $"depth at most {MaxDepth}, got {count - 1}");
        var widths = new int[count];
        int idx = 0;
        foreach (var e in wEl.EnumerateArray())
        {
            string field = $"network.widths[{idx}]";
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long v))
                throw new InputException(file, field, $"a positive integer, got {Show(e)}");
            if (v < 1) throw new InputException(file, field, $"a positive integer, got {v}");
            if (v > MaxWidth) throw new InputException(file, field, $"a width of at most {MaxWidth}, got {v}");
            widths[idx++] = (int)v;
        }
        if (widths[^1] != 1) throw new InputException(file, $"network.widths[{count - 1}]", $"1 (the network has one output), got {widths[^1]}");
        long weights = 0;
        for (int l = 1; l < count; l++) weights += (long)widths[l] * widths[l - 1];
        if (weights > MaxWeights) throw new InputException(file, "network.widths", $"at most {MaxWeights} weights, got {weights}");

        if (!netEl.TryGetProperty("activation", out var aEl)) throw new InputException(file, "network.activation", "a preset name or {\"pos\", \"neg\", \"power\"} (field is missing)");
        var activation = ParseActivation(aEl, file);
        return new Network(widths, activation);
    }

    public static Activation ParseActivation(JsonElement aEl, string file)
    {
        const string field = "network.activation";
        if (aEl.ValueKind == JsonValueKind.String)
        {
            var act = Activation.TryParsePreset(aEl.GetString()!, out var error);
            return act ?? throw new InputException(file, field, error);
        }
        if (aEl.ValueKind != JsonValueKind.Object) throw new InputException(file, field, $"a preset name or {{\"pos\", \"neg\", \"power\"}}, got {Show(aEl)}");
        foreach (var prop in aEl.EnumerateObject())
            if (prop.Name is not ("pos" or "neg" or "power"))
                throw new InputException(file, $"{field}.{prop.Name}", "only the fields pos, neg and power");
        var pos = aEl.TryGetProperty("pos", out var pEl) ? ParseNumber(pEl, file, field + ".pos") : throw new InputException(file, field + ".pos", "a number (field is missing)");
        var neg = aEl.TryGetProperty("neg", out var nEl) ? ParseNumber(nEl, file, field + ".neg") : throw new InputException(file, field + ".neg", "a number (field is missing)");
        if (!aEl.TryGetProperty("power", out var powEl)) throw new InputException(file, field + ".power", "an integer ≥ 1 (field is missing)");
        var power = ParseNumber(powEl, file, field + ".power");
        if (!power.IsInteger || power < 1 || power > Activation.MaxPower)
            throw new InputException(file, field + ".power", $"an integer p with 1 ≤ p ≤ {Activation.MaxPower}, got {power}");
        int p = (int)power.Numerator;
        return new Activation(pos, neg, p, $"{{pos: {pos}, neg: {neg}, power: {p}}}");
    }

    public static Rational ParseNumber(JsonElement e, string file, string field)
    {
        string? text = e.ValueKind switch
        {
            JsonValueKind.Number => e.GetRawText(),
            JsonValueKind.String => e.GetString(),
            _ => null,
        };
        if (text is null) throw new InputException(file, field, $"a number (JSON number or string \"p/q\"), got {Show(e)}");
        if (!Rational.TryParse(text, out var v, out var err)) throw new InputException(file, field, err);
        return v;
    }

    public static List<Rational> ParseVector(JsonElement e, string file, string field, int maxCount)
    {
        if (e.ValueKind != JsonValueKind.Array) throw new InputException(file, field, $"a list of numbers, got {Show(e)}");
        int count = e.GetArrayLength();
        if (count > maxCount) throw new InputException(file, field, $"at most {maxCount} entries, got {count}");
        var list = new List<Rational>(count);
        int i = 0;
        foreach (var item in e.EnumerateArray()) list.Add(ParseNumber(item, file, $"{field}[{i++}]"));
        return list;
    }

    public static List<Rational[]> ParseMatrix(JsonElement e, string file, string field, int? expectedColumns, int maxRows)
    {
        if (e.ValueKind != JsonValueKind.Array) throw new InputException(file, field, $"a list of rows, got {Show(e)}");
        int rows = e.GetArrayLength();
        if (rows > maxRows) throw new InputException(file, field, $"at most {maxRows} rows, got {rows}");
        var list = new List<Rational[]>(rows);
        int i = 0;
        foreach (var row in e.EnumerateArray())
        {
            string rf = $"{field}[{i}]";
            if (row.ValueKind != JsonValueKind.Array) throw new InputException(file, rf, $"a list of numbers, got {Show(row)}");
            int cols = row.GetArrayLength();
            int want = expectedColumns ?? (list.Count > 0 ? list[0].Length : cols);
            if (cols != want) throw new InputException(file, rf, $"{want} numbers like the {(expectedColumns is null ? "first row" : "layer shape")}, got {cols}");
            if (cols > MaxWidth * 16) throw new InputException(file, rf, $"at most {MaxWidth * 16} numbers, got {cols}");
            var r = new Rational[cols];
            int j = 0;
            foreach (var item in row.EnumerateArray()) { r[j] = ParseNumber(item, file, $"{rf}[{j}]"); j++; }
            list.Add(r);
            i++;
        }
        return list;
    }

    internal static string Show(JsonElement e)
    {
        var raw = e.ValueKind switch
        {
            JsonValueKind.Array => "a list",
            JsonValueKind.Object => "an object",
            JsonValueKind.Null => "null",
            JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
            _ => e.GetRawText(),
        };
        return raw.Length > 40 ? raw[..40] + "…" : raw;
    }
}
