namespace Checker.Verification.Contracts;

/// <summary>
/// Everything a claim's checker receives besides the instance: which claim it runs as (the id its result and its
/// certificate files carry), the user's options, the time it may use as a <see cref="Budget"/>, and where to report
/// progress. Built by the claim runner; tests build one with <see cref="For"/>.
/// </summary>
public sealed record CheckContext(string ClaimId, CheckOptions Options, Budget Budget, IProgress<CheckProgress>? Progress = null)
{
    /// <summary>Cancelled when the budget ends or the user interrupts.</summary>
    public CancellationToken Cancellation => Budget.Token;

    public int Seed => Options.Seed;

    public void Report(string phase, long done, long total) => Progress?.Report(new CheckProgress(phase, done, total));

    /// <summary>A context with a fresh budget of the options' timeout (callers dispose the budget).</summary>
    public static CheckContext For(string claimId, CheckOptions options, IProgress<CheckProgress>? progress = null, CancellationToken cancellation = default) =>
        new(claimId, options, Budget.Start(TimeSpan.FromSeconds(options.TimeoutSeconds), cancellation), progress);
}
