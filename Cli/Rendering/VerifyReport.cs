using Checker.Verification.Contracts;
using System.Text.Json.Serialization;
using Checker.Cli.Commands;
using Checker.Symbolic.Model;
using Checker.Verification.Claims;

namespace Checker.Cli.Rendering;

/// <summary>
/// What `checker verify` prints for one instance, as data: the JSON document is this record serialised (docs/cli.md),
/// and the text, LaTeX and CSV tables are rendered from it alone, so `checker merge` of `verify --shard` files, which
/// rebuilds these records from JSON, prints what the unsharded run prints.
/// </summary>
public sealed record VerifyReport(
    string Instance,
    VerifyNetwork Network,
    [property: JsonIgnore] int Samples,
    object Degree,
    int Seed,
    double TimeoutSeconds,
    string Solver,
    string? Certificates,
    VerifyPoint? At,
    IReadOnlyList<VerifyClaimRow> Claims,
    string? Report,
    string Summary,
    int ExitCode)
{
    /// <summary>The network as the text header shows it (same as <see cref="Network.ToString"/>).</summary>
    [JsonIgnore] public string NetworkText => $"[{string.Join(", ", Network.Widths)}] {Network.Activation}";

    public static VerifyReport From(Instance instance, IReadOnlyList<ClaimRun> rows, CheckOptions options, VerifyPoint? at, string? reportPath, int code) => new(
        instance.Name,
        new VerifyNetwork(instance.Network.Widths, instance.Network.Activation.Name),
        instance.SampleCount,
        JsonOutput.Integer(instance.Network.Degree),
        options.Seed,
        options.TimeoutSeconds,
        options.Solver,
        options.CertificateDirectory,
        at,
        rows.Select(r => new VerifyClaimRow(
            r.Result.Id,
            r.Conjecture ? "conjecture" : "claim",
            r.Result.Verdict.Name(),
            r.Result.Verdict != Verdict.NotApplicable,
            r.Result.Detail,
            r.Result.Witness,
            r.Result.Evidence,
            r.Result.Certificates,
            r.Result.Certificates?.Count ?? 0,
            options.CertificateDirectory is { } cd && r.Result.Certificates is { Count: > 0 } ? Path.Combine(cd, r.Result.Id) : null,
            Math.Round(r.Elapsed.TotalSeconds, 3))).ToList(),
        reportPath,
        ClaimRendering.Summary(rows.Where(r => !r.Conjecture).Select(r => r.Result.Verdict)),
        code);
}

public sealed record VerifyNetwork(IReadOnlyList<int> Widths, string Activation);

/// <summary>One row of the verdict table. <see cref="Evidence"/> and <see cref="Witness"/> are the claim's typed records
/// (<see cref="Checker.Verification.Contracts.ClaimEvidence"/>, <see cref="Checker.Verification.Contracts.ClaimWitness"/>)
/// in a run, and their JSON after a merge of shard files; either way they serialise to the same object.</summary>
public sealed record VerifyClaimRow(
    string Id,
    string Kind,
    string Verdict,
    bool Applicable,
    string Detail,
    object? Witness,
    object? Evidence,
    IReadOnlyList<string>? Certificates,
    int CertificateCount,
    string? CertificateDirectory,
    double ElapsedSeconds)
{
    [JsonIgnore] public bool Conjecture => Kind == "conjecture";

    /// <summary>The verdict as the tables print it ("not applicable" rather than the JSON spelling).</summary>
    [JsonIgnore] public string Label => Verdict == "not-applicable" ? "not applicable" : Verdict;
}

/// <summary>`verify --at WEIGHTS`: the user's point, and which claims were checked at it (point-wise) and which are
/// statements about the whole instance that a single point cannot decide, with the reason.</summary>
public sealed record VerifyPoint(string Weights, IReadOnlyList<string> PointWise, IReadOnlyDictionary<string, string> NotPointWise);
