using System.Text.Json;

namespace Checker.Cli.Tests;

/// <summary>
/// Claims on a net far beyond exhaustive pattern enumeration (issue 14: widths [10,64,64,1], n = 200 made C2 and C3
/// crash with an OverflowException, 2^128 sign patterns per sample cast to int). The Euler proof now declines with the
/// reason; the claims end inconclusive or with their other evidence, never as a crash.
/// </summary>
public class LargeInstanceTests : IClassFixture<TempFiles>
{
    private readonly TempFiles _files;
    public LargeInstanceTests(TempFiles files) => _files = files;

    [Theory]
    [InlineData("C1", "relu")]
    [InlineData("C2", "relu")]
    [InlineData("C3", "relu")]
    [InlineData("C2", "leaky:1/10")]
    public void ClaimsOnAWideNetDoNotCrash(string claim, string activation)
    {
        var path = GeneratedInstance.Write(_files, [10, 64, 64, 1], 200, seed: 1, activation);
        var (code, stdout, stderr) = CliRunner.Run("check", claim, path, "--timeout", "2", "--json");
        Assert.True(code is 0 or 1 or 3, $"exit {code}: {stderr}");
        Assert.DoesNotContain("internal error", stderr);
        var doc = JsonDocument.Parse(stdout).RootElement;
        Assert.DoesNotContain("Exception", doc.GetProperty("detail").GetString());
    }

    [Fact]
    public void EulerProofDeclinesBeyondThePieceLimitWithTheCount()
    {
        var path = GeneratedInstance.Write(_files, [10, 64, 64, 1], 200, seed: 2);
        var instance = Checker.Symbolic.IO.InstanceReader.Read(path);
        var why = Checker.Verification.Claims.EulerProof.TooManyPieces(instance);
        Assert.NotNull(why);
        // 200 samples × 2^128 patterns, stated exactly.
        Assert.Contains((System.Numerics.BigInteger.Pow(2, 128) * 200).ToString(), why);
        using var budget = Checker.Verification.Contracts.Budget.Start(TimeSpan.FromSeconds(5));
        var context = new Checker.Verification.Contracts.CheckContext("C2", new Checker.Verification.Contracts.CheckOptions { TimeoutSeconds = 5 }, budget);
        var r = Checker.Verification.Claims.EulerProof.Run(instance, context, Checker.Verification.Certificates.EulerCertificates.Identity.Whole);
        Assert.False(r.Proved);
        Assert.Equal(why, r.NotCompleted);
        // A small net stays within the limit.
        Assert.Null(Checker.Verification.Claims.EulerProof.TooManyPieces(Checker.Symbolic.IO.InstanceReader.Read(CliRunner.Example("lambda-two.json"))));
    }
}
