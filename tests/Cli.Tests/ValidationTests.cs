namespace Checker.Cli.Tests;

/// <summary>
/// One case per validation rule (issue 2, docs/cli.md#instance-files): each malformed file is refused through the real command line with
/// exit 2, at most three lines on stderr naming the field, and no stack trace.
/// </summary>
public class ValidationTests : IClassFixture<TempFiles>
{
    private readonly TempFiles _files;
    public ValidationTests(TempFiles files) => _files = files;

    private const string Net = "\"network\": {\"widths\": [2, 2, 1], \"activation\": \"relu\"}";
    private const string Data = "\"inputs\": [[\"1\", \"2\"], [\"-1\", \"1/2\"]], \"labels\": [\"1\", \"-1\"]";

    // (rule, instance file text, field the message must name, optional extra text the message must contain)
    public static TheoryData<string, string, string, string> InstanceRules() => new()
    {
        { "malformed JSON", "{\"inputs\": [[1, 2]", "json", "well-formed JSON" },
        { "empty file", "", "json", "empty" },
        { "root not an object", "[1, 2, 3]", "(root)", "object" },
        { "trailing garbage", "{" + Data + ", " + Net + "} xyz", "json", "well-formed" },
        { "deeply nested garbage", new string('[', 200) + new string(']', 200), "json", "" },
        { "missing network", "{" + Data + "}", "network", "missing" },
        { "missing inputs", "{\"labels\": [1], " + Net + "}", "inputs", "missing" },
        { "missing labels", "{\"inputs\": [[1, 2]], " + Net + "}", "labels", "missing" },
        { "missing widths", "{" + Data + ", \"network\": {\"activation\": \"relu\"}}", "network.widths", "missing" },
        { "missing activation", "{" + Data + ", \"network\": {\"widths\": [2, 1]}}", "network.activation", "missing" },
        { "ragged rows", "{\"inputs\": [[1, 2], [3]], \"labels\": [1, 2], " + Net + "}", "inputs[1]", "2 numbers" },
        { "label count", "{\"inputs\": [[1, 2], [3, 4]], \"labels\": [1], " + Net + "}", "labels", "one label per sample" },
        { "non-number string", "{\"inputs\": [[1, \"abc\"]], \"labels\": [1], " + Net + "}", "inputs[0][1]", "abc" },
        { "wrong JSON type", "{\"inputs\": [[true, 1]], \"labels\": [1], " + Net + "}", "inputs[0][0]", "number" },
        { "inputs not a list", "{\"inputs\": 5, \"labels\": [1], " + Net + "}", "inputs", "list" },
        { "zero denominator", "{\"inputs\": [[1, 2]], \"labels\": [\"1/0\"], " + Net + "}", "labels[0]", "denominator" },
        { "NaN literal", "{\"inputs\": [[1, NaN]], \"labels\": [1], " + Net + "}", "json", "NaN" },
        { "NaN string", "{\"inputs\": [[\"NaN\", 1]], \"labels\": [1], " + Net + "}", "inputs[0][0]", "finite" },
        { "Infinity string", "{\"inputs\": [[1, 2]], \"labels\": [\"-Infinity\"], " + Net + "}", "labels[0]", "finite" },
        { "huge exponent", "{\"inputs\": [[1, 2]], \"labels\": [1e999999], " + Net + "}", "labels[0]", "exponent" },
        { "huge literal", "{\"inputs\": [[\"" + new string('7', 5000) + "\", 2]], \"labels\": [1], " + Net + "}", "inputs[0][0]", "characters" },
        { "width not matching data", "{" + Data + ", \"network\": {\"widths\": [3, 2, 1], \"activation\": \"relu\"}}", "network.widths[0]", "input dimension" },
        { "last width not 1", "{" + Data + ", \"network\": {\"widths\": [2, 3, 2], \"activation\": \"relu\"}}", "network.widths[2]", "1" },
        { "zero width", "{" + Data + ", \"network\": {\"widths\": [2, 0, 1], \"activation\": \"relu\"}}", "network.widths[1]", "positive" },
        { "negative width", "{" + Data + ", \"network\": {\"widths\": [2, -3, 1], \"activation\": \"relu\"}}", "network.widths[1]", "positive" },
        { "fractional width", "{" + Data + ", \"network\": {\"widths\": [2, 2.5, 1], \"activation\": \"relu\"}}", "network.widths[1]", "integer" },
        { "too few widths", "{" + Data + ", \"network\": {\"widths\": [2], \"activation\": \"relu\"}}", "network.widths", "two" },
        { "absurd width", "{" + Data + ", \"network\": {\"widths\": [2, 1000000000, 1], \"activation\": \"relu\"}}", "network.widths[1]", "at most" },
        { "absurd weight count", "{" + Data + ", \"network\": {\"widths\": [2, 4000, 4000, 4000, 1], \"activation\": \"relu\"}}", "network.widths", "weights" },
        { "absurd depth", "{" + Data + ", \"network\": {\"widths\": [2, " + string.Join(", ", Enumerable.Repeat(1, 200)) + "], \"activation\": \"relu\"}}", "network.widths", "depth" },
        { "unknown activation", "{" + Data + ", \"network\": {\"widths\": [2, 1], \"activation\": \"tanh\"}}", "network.activation", "preset" },
        { "alpha = 1", "{" + Data + ", \"network\": {\"widths\": [2, 1], \"activation\": \"leaky:1\"}}", "network.activation", "α" },
        { "negative alpha", "{" + Data + ", \"network\": {\"widths\": [2, 1], \"activation\": \"polyleaky:2,-1/2\"}}", "network.activation", "α" },
        { "preset without parameter", "{" + Data + ", \"network\": {\"widths\": [2, 1], \"activation\": \"leaky\"}}", "network.activation", "leaky:α" },
        { "non-integer power", "{" + Data + ", \"network\": {\"widths\": [2, 1], \"activation\": \"polyrelu:3/2\"}}", "network.activation", "integer power" },
        { "power below 1", "{" + Data + ", \"network\": {\"widths\": [2, 1], \"activation\": {\"pos\": 1, \"neg\": 0, \"power\": 0}}}", "network.activation.power", "integer" },
        { "general form missing neg", "{" + Data + ", \"network\": {\"widths\": [2, 1], \"activation\": {\"pos\": 1, \"power\": 2}}}", "network.activation.neg", "missing" },
        { "general form unknown field", "{" + Data + ", \"network\": {\"widths\": [2, 1], \"activation\": {\"pos\": 1, \"neg\": 0, \"power\": 1, \"bias\": 2}}}", "network.activation.bias", "only" },
        { "activation wrong type", "{" + Data + ", \"network\": {\"widths\": [2, 1], \"activation\": 3}}", "network.activation", "preset" },
        { "empty data", "{\"inputs\": [], \"labels\": [], " + Net + "}", "inputs", "at least one sample" },
        { "zero-dimensional samples", "{\"inputs\": [[]], \"labels\": [1], \"network\": {\"widths\": [1, 1], \"activation\": \"relu\"}}", "inputs[0]", "" },
        { "duplicate key", "{" + Data + ", \"labels\": [\"2\", \"3\"], " + Net + "}", "labels", "twice" },
        { "name not a string", "{\"name\": 5, " + Data + ", " + Net + "}", "name", "string" },
        { "missing CSV file", "{\"inputs_csv\": \"no-such-file.csv\", " + Net + "}", "inputs_csv", "not found" },
        { "empty number string", "{\"inputs\": [[1, 2]], \"labels\": [\"\"], " + Net + "}", "labels[0]", "empty" },
        { "null number", "{\"inputs\": [[1, 2]], \"labels\": [null], " + Net + "}", "labels[0]", "null" },
        { "width beyond 64 bits", "{" + Data + ", \"network\": {\"widths\": [2, 99999999999999999999, 1], \"activation\": \"relu\"}}", "network.widths[1]", "at most" },
        { "huge power", "{" + Data + ", \"network\": {\"widths\": [2, 1], \"activation\": {\"pos\": 1, \"neg\": 0, \"power\": 100}}}", "network.activation.power", "12" },
        { "network not an object", "{" + Data + ", \"network\": []}", "network", "object" },
        { "CSV and inline inputs", "{\"inputs_csv\": \"x.csv\", " + Data + ", " + Net + "}", "inputs_csv", "not both" },
        { "misspelt root field", "{" + Data + ", " + Net + ", \"netwrk\": {}}", "netwrk", "unknown field" },
        { "misspelt network field", "{" + Data + ", \"network\": {\"widths\": [2, 2, 1], \"activation\": \"relu\", \"widht\": 3}}", "network.widht", "unknown field" },
    };

    [Theory]
    [MemberData(nameof(InstanceRules))]
    public void MalformedInstanceIsRefusedWithOneLine(string rule, string text, string field, string expectation)
    {
        var path = _files.Write(Slug(rule) + ".json", text);
        AssertRefused(CliRunner.Run("info", path, "--json"), path, field, expectation, rule);
        // The same reader backs every command: eval must refuse the same way before looking at its weights.
        AssertRefused(CliRunner.Run("eval", path, "--at", path), path, field, expectation, rule);
    }

    public static TheoryData<string, string, string, string> CsvRules() => new()
    {
        { "CSV ragged row", "x1,x2,y\n1,2,1\n3,4\n", "line 3", "3 columns" },
        { "CSV empty", "x1,x2,y\n# only a header\n", "data", "at least one sample" },
        { "CSV non-number", "1,2,1\nabc,4,1\n", "line 2, column 1", "abc" },
        { "CSV one column", "1\n2\n", "line 1", "two columns" },
        { "CSV NaN", "1,NaN,1\n", "line 1, column 2", "finite" },
        { "CSV trailing comma", "1,2,3,\r\n", "line 1, column 4", "empty" },
    };

    [Theory]
    [MemberData(nameof(CsvRules))]
    public void MalformedCsvIsRefusedWithOneLine(string rule, string csv, string field, string expectation)
    {
        var slug = Slug(rule);
        var csvPath = _files.Write(slug + ".csv", csv);
        var path = _files.Write(slug + ".json", "{\"inputs_csv\": \"" + slug + ".csv\", " + Net + "}");
        var run = CliRunner.Run("info", path, "--json");
        AssertRefused(run, csvPath, field, expectation, rule);
    }

    public static TheoryData<string, string, string, string> WeightRules() => new()
    {
        { "weights not JSON", "{\"layers\": [", "json", "well-formed" },
        { "weights missing layers", "{\"W\": []}", "layers", "missing" },
        { "weights unknown field", "{\"layers\": [[[1, 2], [3, 4]], [[1, 1]]], \"scale\": 2}", "scale", "unknown field" },
        { "weights wrong layer count", "{\"layers\": [[[1, 2], [3, 4]]]}", "layers", "2 matrices" },
        { "weights wrong row count", "{\"layers\": [[[1, 2]], [[1, 1]]]}", "layers[0]", "2 rows" },
        { "weights ragged row", "{\"layers\": [[[1, 2], [3]], [[1, 1]]]}", "layers[0][1]", "2 numbers" },
        { "weights non-number", "{\"layers\": [[[1, 2], [3, 4]], [[\"x\", 1]]]}", "layers[1][0][0]", "x" },
        { "weights NaN", "{\"layers\": [[[1, 2], [3, 4]], [[\"nan\", 1]]]}", "layers[1][0][0]", "finite" },
        { "weights zero denominator", "{\"layers\": [[[1, \"2/0\"], [3, 4]], [[1, 1]]]}", "layers[0][0][1]", "denominator" },
    };

    [Theory]
    [MemberData(nameof(WeightRules))]
    public void MalformedWeightsAreRefusedWithOneLine(string rule, string weights, string field, string expectation)
    {
        var instance = _files.Write("good.json", "{" + Data + ", " + Net + "}");
        var path = _files.Write(Slug(rule) + ".json", weights);
        AssertRefused(CliRunner.Run("eval", instance, "--at", path, "--json"), path, field, expectation, rule);
    }

    [Fact]
    public void ExactEvaluationOfAnAbsurdDegreeIsRefusedBeforeStarting()
    {
        // polyrelu:12 at depth 9: Λ = (12^9 − 1)/11 ≈ 4.7e8, so exact values would have billions of digits.
        var path = _files.Write("absurd-degree.json", "{\"inputs\": [[2]], \"labels\": [1], \"network\": {\"widths\": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], \"activation\": \"polyrelu:12\"}}");
        var weights = _files.Write("absurd-degree-w.json", "{\"layers\": [" + string.Join(", ", Enumerable.Repeat("[[2]]", 9)) + "]}");
        AssertRefused(CliRunner.Run("eval", path, "--at", weights), path, "network", "degree", "absurd degree");
    }

    [Fact]
    public void MissingFilesAreRefused()
    {
        var missing = Path.Combine(_files.Directory, "does-not-exist.json");
        AssertRefused(CliRunner.Run("info", missing), missing, "file", "existing", "missing instance");
        var instance = _files.Write("good.json", "{" + Data + ", " + Net + "}");
        AssertRefused(CliRunner.Run("eval", instance, "--at", missing), missing, "file", "existing", "missing weights");
    }

    [Theory]
    [InlineData("eval without --at", "--at", "eval", "{instance}")]
    [InlineData("unknown claim", "C99", "check", "C99", "{instance}")]
    [InlineData("bad timeout", "--timeout", "check", "C1", "{instance}", "--timeout", "-1")]
    [InlineData("bad solver", "--solver", "check", "C1", "{instance}", "--solver", "mathematica")]
    [InlineData("unknown option", "frobnicate", "info", "{instance}", "--frobnicate")]
    [InlineData("unknown command", "frobnicate", "frobnicate")]
    public void BadUsageIsRefusedWithOneLine(string rule, string mention, params string[] args)
    {
        var instance = _files.Write("good.json", "{" + Data + ", " + Net + "}");
        var (code, stdout, stderr) = CliRunner.Run(args.Select(a => a.Replace("{instance}", instance)).ToArray());
        Assert.True(code == 2, $"{rule}: exit {code}, stderr: {stderr}, stdout: {stdout}");
        Assert.Contains(mention, stderr + stdout);
        Assert.DoesNotContain("   at ", stderr + stdout);
    }

    [Fact]
    public void UnknownClaimListsTheValidIds()
    {
        var instance = _files.Write("good.json", "{" + Data + ", " + Net + "}");
        var (code, _, stderr) = CliRunner.Run("check", "C0", instance);
        Assert.Equal(2, code);
        foreach (var id in new[] { "C1", "C5", "C10" }) Assert.Contains(id, stderr);
    }

    private static void AssertRefused((int Code, string Stdout, string Stderr) run, string file, string field, string expectation, string rule)
    {
        var (code, stdout, stderr) = run;
        Assert.True(code == 2, $"{rule}: expected exit 2, got {code}; stderr: {stderr}; stdout: {stdout}");
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length is >= 1 and <= 3, $"{rule}: expected 1–3 lines, got {lines.Length}: {stderr}");
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("Exception", stderr);
        Assert.StartsWith("checker: ", lines[0]);
        Assert.Contains(file, lines[0]);
        Assert.Contains($": {field}", lines[0]);
        Assert.Contains("expected", lines[0]);
        if (expectation.Length > 0) Assert.Contains(expectation, lines[0]);
        Assert.True(stdout.Length == 0, $"{rule}: nothing may reach stdout on bad input, got {stdout}");
    }

    private static string Slug(string rule) => new string(rule.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
}
