using System.Text.Json;

namespace Checker.Symbolic.IO;

/// <summary>
/// The size limits of instance files checked by streaming over the file before it is parsed, so an oversized file is
/// refused with a bounded allocation (one read buffer) instead of after building a document of it: a 60 MB file of
/// 6 M rows used to be refused only after 11 s and 1.38 GB. The scans only count; the parsers that follow still check
/// everything exactly (and a malformed file is left to them, for their better messages).
/// </summary>
public static class InstanceSizeScan
{
    private const int BufferBytes = 64 * 1024;

    /// <summary>Counts the rows of "inputs" and "labels" and the numbers in "inputs" of a JSON instance file; throws
    /// <see cref="InputException"/> as soon as a count passes its limit.</summary>
    public static void Json(string path)
    {
        using var stream = Open(path);
        if (stream is null) return;
        var buffer = new byte[BufferBytes];
        int filled = 0;
        bool final = false;
        var state = new JsonReaderState(new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        string? field = null;     // the root field whose array is being counted
        int depth = 0;
        long rows = 0, labels = 0, entries = 0;
        while (true)
        {
            if (!final)
            {
                int read = stream.Read(buffer, filled, buffer.Length - filled);
                filled += read;
                final = read == 0;
            }
            var reader = new Utf8JsonReader(buffer.AsSpan(0, filled), final, state);
            try
            {
                while (reader.Read())
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.StartObject:
                        case JsonTokenType.StartArray:
                            depth++;
                            if (depth == 3 && field == "inputs") Count(ref rows, InstanceReader.MaxSamples, path, field, "samples");
                            break;
                        case JsonTokenType.EndObject:
                        case JsonTokenType.EndArray:
                            depth--;
                            if (depth == 1) field = null;
                            break;
                        case JsonTokenType.PropertyName:
                            if (depth == 1) field = reader.ValueTextEquals("inputs"u8) ? "inputs" : reader.ValueTextEquals("labels"u8) ? "labels" : null;
                            break;
                        default:
                            if (depth == 3 && field == "inputs") Count(ref entries, InstanceReader.MaxDataEntries, path, field, "numbers in all");
                            else if (depth == 2 && field == "labels") Count(ref labels, InstanceReader.MaxSamples, path, field, "labels");
                            break;
                    }
                }
            }
            catch (JsonException) { return; }
            if (final) return;
            state = reader.CurrentState;
            int consumed = (int)reader.BytesConsumed;
            // Keep the unread tail (a token cut by the buffer end); grow only when one token fills the whole buffer.
            Array.Copy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
            if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
        }
    }

    /// <summary>Counts the data lines of a CSV file (not blank, not '#' comments) and their cells; throws as soon as
    /// a count is certainly over its limit (one line of slack for a header, which the parser tells apart later).</summary>
    public static void Csv(string path)
    {
        using var stream = Open(path);
        if (stream is null) return;
        var buffer = new byte[BufferBytes];
        long lines = 0, cells = 0, physical = 0;
        long lineCells = 1;
        bool blank = true, comment = false;
        int read;
        void EndLine()
        {
            physical++;
            if (!blank && !comment)
            {
                lines++;
                cells += lineCells - 1; // the last column is the label
                if (lines > InstanceReader.MaxSamples + 1)
                    throw new InputException(path, $"line {physical}", $"at most {InstanceReader.MaxSamples} samples (data lines); the file has more");
                if (cells > InstanceReader.MaxDataEntries + lineCells)
                    throw new InputException(path, $"line {physical}", $"at most {InstanceReader.MaxDataEntries} numbers in all; the file has more");
            }
            lineCells = 1; blank = true; comment = false;
        }
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (int k = 0; k < read; k++)
            {
                byte b = buffer[k];
                if (b == (byte)'\n') { EndLine(); continue; }
                if (comment) continue;
                if (b == (byte)',') { lineCells++; blank = false; }
                else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                {
                    if (blank && b == (byte)'#') comment = true;
                    blank = false;
                }
            }
        }
        EndLine();
    }

    private static void Count(ref long counter, long limit, string path, string field, string what)
    {
        if (++counter > limit) throw new InputException(path, field, $"at most {limit} {what}; the file has more");
    }

    private static FileStream? Open(string path)
    {
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
