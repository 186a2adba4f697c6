using Checker.Symbolic.IO;

namespace Checker.Cli.Tests;

/// <summary>
/// Oversized instance files are refused before they are parsed (issue 14: a 60 MB file of 6 M rows was refused after
/// 11 s and 1.38 GB). Measured as bytes allocated by the refusing thread — not time, which depends on the machine —
/// against the file's own size: building a document of it would allocate several times the file.
/// </summary>
public class SizeLimitTests : IClassFixture<TempFiles>
{
    private readonly TempFiles _files;
    public SizeLimitTests(TempFiles files) => _files = files;

    private string WriteLines(string name, string head, Func<long, string> line, long count, string tail)
    {
        var path = Path.Combine(_files.Directory, name);
        using var w = new StreamWriter(path);
        w.Write(head);
        for (long i = 0; i < count; i++) w.Write(line(i));
        w.Write(tail);
        return path;
    }

    private static (InputException Error, long Allocated) RefuseAndMeasure(string path)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InputException>(() => InstanceReader.Read(path));
        return (e, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void TooManyJsonRowsAreRefusedWithABoundedAllocation()
    {
        const long rows = 1_000_000;
        var path = WriteLines("rows.json", "{\"network\": {\"widths\": [2, 1], \"activation\": \"relu\"}, \"inputs\": [",
            i => (i == 0 ? "" : ",") + "[1,2]", rows, "], \"labels\": [1]}");
        var (e, allocated) = RefuseAndMeasure(path);
        Assert.Equal("inputs", e.Field);
        Assert.Contains($"at most {InstanceReader.MaxSamples} samples", e.Message);
        long size = new FileInfo(path).Length;
        Assert.True(allocated < 1 << 20 && allocated < size / 4, $"allocated {allocated} bytes to refuse a {size}-byte file");
    }

    [Fact]
    public void TooManyJsonNumbersAreRefusedWithABoundedAllocation()
    {
        // 40 000 samples (within the sample limit) of 64 numbers: 2.56 M numbers, over the 2 M limit.
        var row = "[" + string.Join(",", Enumerable.Repeat("1", 64)) + "]";
        var path = WriteLines("entries.json", "{\"inputs\": [", i => (i == 0 ? "" : ",") + row, 40_000, "], \"labels\": [1], \"network\": {\"widths\": [64, 1], \"activation\": \"relu\"}}");
        var (e, allocated) = RefuseAndMeasure(path);
        Assert.Equal("inputs", e.Field);
        Assert.Contains($"at most {InstanceReader.MaxDataEntries} numbers", e.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void TooManyCsvLinesAreRefusedWithABoundedAllocation()
    {
        var csv = WriteLines("rows.csv", "x1,x2,y\n# a comment\n", i => "1,2,-1\n", 1_000_000, "");
        var path = _files.Write("csv-instance.json", "{\"inputs_csv\": \"rows.csv\", \"network\": {\"widths\": [2, 1], \"activation\": \"relu\"}}");
        var (e, allocated) = RefuseAndMeasure(path);
        Assert.Equal(csv, e.File);
        Assert.Contains($"at most {InstanceReader.MaxSamples} samples", e.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes to refuse a {new FileInfo(csv).Length}-byte CSV");
    }

    [Fact]
    public void CsvAtTheSampleLimitWithAHeaderIsRead()
    {
        // The scan allows a header line of slack; the parser then counts exactly.
        WriteLines("limit.csv", "a,b\n", i => $"{i % 7 - 3},1\n", InstanceReader.MaxSamples, "");
        var path = _files.Write("limit-instance.json", "{\"inputs_csv\": \"limit.csv\", \"network\": {\"widths\": [1, 1], \"activation\": \"relu\"}}");
        var instance = InstanceReader.Read(path);
        Assert.Equal(InstanceReader.MaxSamples, instance.SampleCount);
    }

    [Fact]
    public void OversizedFileGivesExitTwoThroughTheCommandLine()
    {
        var path = WriteLines("cli-rows.json", "{\"inputs\": [", i => (i == 0 ? "" : ",") + "[1]", 200_000, "], \"labels\": [1], \"network\": {\"widths\": [1, 1], \"activation\": \"relu\"}}");
        var (code, stdout, stderr) = CliRunner.Run("info", path);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("inputs", stderr);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
