namespace Checker.Cli.Tests;

public class InfoCommandTests
{
    [Fact]
    public void InfoReportsDegree()
    {
        var (code, stdout, _) = CliRunner.Run("info", CliRunner.Example("leaky-deep.json"), "--json");
        Assert.Equal(0, code);
        var doc = System.Text.Json.JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(3, doc.GetProperty("degree").GetInt32());
        Assert.False(doc.GetProperty("locally_lipschitz_gradient").GetBoolean());
    }
}
