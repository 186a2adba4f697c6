using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.IO;

/// <summary>
/// The CSV alternative to inline inputs (docs/cli.md#csv-inputs): one sample a line, the last column its label, numbers read
/// exactly. A first line that does not parse as numbers is taken as a header; lines starting with '#' are comments.
/// </summary>
public static class CsvData
{
    public static (List<Rational[]> Inputs, List<Rational> Labels) Read(string path)
    {
        // Count before parsing (bounded allocation), then read line by line instead of splitting the whole text.
        InstanceReader.RequireReadable(path, "CSV");
        InstanceSizeScan.Csv(path);
        var inputs = new List<Rational[]>();
        var labels = new List<Rational>();
        int width = -1;
        bool first = true;
        using var reader = OpenText(path);
        string? raw;
        for (int ln = 0; (raw = ReadLine(reader, path)) is not null; ln++)
        {
            var line = raw.Trim().TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cells = line.Split(',');
            if (first)
            {
                first = false;
                // A header names columns: no cell of it reads as a number. ("NaN,1" is bad data, not a header.)
                if (cells.All(c => !Rational.TryParse(c, out _, out _))) continue;
            }
            string field = $"line {ln + 1}";
            if (cells.Length < 2) throw new InputException(path, field, $"at least two columns (inputs then the label), got {cells.Length}");
            if (width < 0) width = cells.Length;
            else if (cells.Length != width) throw new InputException(path, field, $"{width} columns like the first data line, got {cells.Length}");
            if (inputs.Count >= InstanceReader.MaxSamples) throw new InputException(path, field, $"at most {InstanceReader.MaxSamples} samples");
            if ((long)(inputs.Count + 1) * (width - 1) > InstanceReader.MaxDataEntries) throw new InputException(path, field, $"at most {InstanceReader.MaxDataEntries} numbers in all");
            var row = new Rational[width - 1];
            for (int j = 0; j < width; j++)
            {
                var v = InstanceReader.ParseNumberText(cells[j], path, $"{field}, column {j + 1}");
                if (j < width - 1) row[j] = v; else labels.Add(v);
            }
            inputs.Add(row);
        }
        if (inputs.Count == 0) throw new InputException(path, "data", "at least one sample line, got none");
        return (inputs, labels);
    }

    private static StreamReader OpenText(string path)
    {
        try { return new StreamReader(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new InputException(path, "file", $"a readable CSV file ({e.Message.Split('\n')[0]})"); }
    }

    private static string? ReadLine(StreamReader reader, string path)
    {
        try { return reader.ReadLine(); }
        catch (IOException e) { throw new InputException(path, "file", $"a readable CSV file ({e.Message.Split('\n')[0]})"); }
    }
}
