using System.Text.Json;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.IO;

/// <summary>
/// Reads instance files (docs/cli.md#instance-files): JSON with exact numbers, or inputs from a CSV file.
/// Every failure is an <see cref="InputException"/> naming file, field and expectation.
/// </summary>
public static class InstanceReader
{
    // Refuse absurd sizes before allocating anything proportional to them.
    public const int MaxWidth = 4096;
    public const int MaxDepth = 64;
    public const long MaxWeights = 10_000_000;
    public const int MaxSamples = 100_000;
    /// <summary>Numbers in the data (n·d): exact arithmetic on more is hopeless, and each costs a BigInteger pair.</summary>
    public const long MaxDataEntries = 2_000_000;
    public const long MaxFileBytes = 64L << 20;
    /// <summary>Characters of one number: longer literals are refused rather than parsed into huge BigIntegers.</summary>
    public const int MaxNumberLength = 2000;

    public static Instance Read(string path)
    {
        if (File.Exists(path) && new FileInfo(path).Length <= MaxFileBytes) InstanceSizeScan.Json(path);
        var text = ReadText(path, "instance");
        return Parse(text, path);
    }

    /// <summary>The file exists and is within <see cref="MaxFileBytes"/>.</summary>
    internal static void RequireReadable(string path, string what)
    {
        if (!File.Exists(path)) throw new InputException(path, "file", $"an existing {what} file");
        var info = new FileInfo(path);
        if (info.Length > MaxFileBytes) throw new InputException(path, "file", $"at most {MaxFileBytes >> 20} MiB, got {info.Length >> 20} MiB");
    }

    internal static string ReadText(string path, string what)
    {
        RequireReadable(path, what);
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new InputException(path, "file", $"a readable {what} file ({e.Message.Split('\n')[0]})"); }
    }

    internal static JsonElement ParseRoot(string text, string file)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 32 });
            var root = doc.RootElement.Clone();
            RejectDuplicateKeys(root, file, "");
            return root;
        }
        catch (JsonException e)
        {
            // JSON has no NaN/Infinity; say so plainly instead of the parser's "invalid start of a value".
            var where = e.LineNumber is { } ln ? $"json (line {ln + 1}, column {(e.BytePositionInLine ?? 0) + 1})" : "json";
            var bad = NonFiniteLiteralAt(text, e);
            if (bad is not null) throw new InputException(file, where, $"a finite exact number, got {bad} (NaN and infinities are not rationals)");
            if (text.Trim().Length == 0) throw new InputException(file, "json", "a JSON object, got an empty file");
            throw new InputException(file, where, $"well-formed JSON ({FirstLine(StripPosition(e.Message))})");
        }
    }

    /// <summary>JsonDocument silently keeps both copies of a repeated key; a repeated field is almost always a mistake
    /// (two "labels" lists, say), so refuse it and name it.</summary>
    private static void RejectDuplicateKeys(JsonElement e, string file, string path)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in e.EnumerateObject())
            {
                var child = path.Length == 0 ? p.Name : path + "." + p.Name;
                if (!seen.Add(p.Name)) throw new InputException(file, child, "each field at most once, it appears twice");
                if (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array) RejectDuplicateKeys(p.Value, file, child);
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var item in e.EnumerateArray())
            {
                // Data arrays hold numbers; only descend where objects can hide.
                if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array) RejectDuplicateKeys(item, file, $"{path}[{i}]");
                i++;
            }
        }
    }

    private static string? NonFiniteLiteralAt(string text, JsonException e)
    {
        if (e.LineNumber is not { } line || e.BytePositionInLine is not { } col) return null;
        var lines = text.Split('\n');
        if (line >= lines.Length) return null;
        var l = lines[(int)line];
        // BytePositionInLine counts UTF-8 bytes; for the ASCII prefix of data lines it equals the char index.
        int start = (int)Math.Min(col, l.Length);
        foreach (var lit in new[] { "-Infinity", "+Infinity", "Infinity", "NaN", "-inf", "inf", "nan" })
        {
            int k = l.IndexOf(lit, Math.Max(0, start - 2), StringComparison.OrdinalIgnoreCase);
            if (k >= 0 && k <= start + 1) return lit;
        }
        return null;
    }

    private static string StripPosition(string message)
    {
        int k = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return k > 0 ? message[..k] : message;
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    private static readonly string[] InstanceFields = ["name", "inputs", "labels", "inputs_csv", "network"];
    private static readonly string[] NetworkFields = ["widths", "activation"];

    /// <summary>A misspelt field ("netwrk", "label") would otherwise be ignored silently, and the run would use
    /// something else than the user wrote; so every field must be one the format defines (docs/cli.md).</summary>
    public static void RejectUnknownFields(JsonElement obj, string file, string path, IReadOnlyList<string> allowed)
    {
        foreach (var p in obj.EnumerateObject())
            if (!allowed.Contains(p.Name))
                throw new InputException(file, path.Length == 0 ? p.Name : path + "." + p.Name, $"only the fields {string.Join(", ", allowed)} (unknown field; check its spelling)");
    }

    public static Instance Parse(string text, string file)
    {
        var root = ParseRoot(text, file);
        if (root.ValueKind != JsonValueKind.Object) throw new InputException(file, "(root)", "a JSON object with \"inputs\", \"labels\" and \"network\"");

        RejectUnknownFields(root, file, "", InstanceFields);
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
        if (hasCsv && root.TryGetProperty("labels", out _)) throw new InputException(file, "labels", "no \"labels\" with \"inputs_csv\" (the CSV's last column holds the labels)");
        if (hasCsv)
        {
            if (csvEl.ValueKind != JsonValueKind.String) throw new InputException(file, "inputs_csv", "a path string");
            var csvPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", csvEl.GetString()!);
            if (csvEl.GetString()!.Trim().Length == 0) throw new InputException(file, "inputs_csv", "a non-empty path to a CSV file");
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
        RejectUnknownFields(netEl, file, "network", NetworkFields);
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
            if (e.ValueKind == JsonValueKind.Number && e.GetRawText().All(char.IsAsciiDigit) && !e.TryGetInt64(out _))
                throw new InputException(file, field, $"a width of at most {MaxWidth}, got {Show(e)}");
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
            throw new InputException(file, field + ".power", $"an integer p with 1 ≤ p ≤ {Activation.MaxPower}, got {Clip(power.ToString())}");
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
        return ParseNumberText(text, file, field);
    }

    /// <summary>Parses one exact number, with specific messages for the usual mistakes (non-finite values, absurd
    /// exponents or lengths) so the user sees what is wrong rather than a generic "expected a number".</summary>
    public static Rational ParseNumberText(string text, string file, string field)
    {
        var t = text.Trim();
        var bare = t.TrimStart('+', '-').ToLowerInvariant();
        if (bare is "nan" or "inf" or "infinity" or "∞")
            throw new InputException(file, field, $"a finite exact number, got \"{Clip(t)}\" (NaN and infinities are not rationals)");
        if (t.Length > MaxNumberLength)
            throw new InputException(file, field, $"a number of at most {MaxNumberLength} characters, got {t.Length}");
        int ePos = t.IndexOfAny(['e', 'E']);
        if (ePos >= 0 && !t.Contains('/'))
        {
            var expText = t[(ePos + 1)..];
            if (expText.TrimStart('+', '-').Length > 0 && expText.TrimStart('+', '-').All(char.IsAsciiDigit)
                && (expText.TrimStart('+', '-').Length > 4 || int.Parse(expText.TrimStart('+', '-'), System.Globalization.CultureInfo.InvariantCulture) > 1000))
                throw new InputException(file, field, $"a decimal exponent of magnitude at most 1000, got \"{Clip(t)}\"");
        }
        if (t.Length == 0) throw new InputException(file, field, "a number, got an empty string");
        if (!Rational.TryParse(t, out var v, out var err)) throw new InputException(file, field, err.Replace(t, Clip(t)));
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
            if (expectedColumns is null && (long)rows * cols > MaxDataEntries) throw new InputException(file, field, $"at most {MaxDataEntries} numbers in all, got {rows}×{cols}");
            var r = new Rational[cols];
            int j = 0;
            foreach (var item in row.EnumerateArray()) { r[j] = ParseNumber(item, file, $"{rf}[{j}]"); j++; }
            list.Add(r);
            i++;
        }
        return list;
    }

    private static string Clip(string s) => s.Length > 40 ? s[..40] + "…" : s;

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
