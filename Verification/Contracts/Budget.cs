namespace Checker.Verification.Contracts;

/// <summary>
/// A wall-clock allowance as one object: a deadline and a cancellation token that fires at it (and whenever the
/// caller's token fires). Parts of a check take slices that end no later than their parent, so a part can never overrun
/// the whole, and seconds, deadlines and tokens cannot drift apart. A claim names what each slice is for: a
/// <see cref="BudgetStage"/> ("k of n parts for the proof, the rest for the fallback", "all but a reserve for the
/// report", "the longest one query may take"), as a budget (<see cref="For"/>) or a length (<see cref="Length"/>);
/// <see cref="Slice"/> is a fixed length. Every stage a claim uses is listed in <see cref="BudgetStage"/>, so the whole
/// time policy reads in one place.
/// Engines that still take a deadline, a time span or a token get <see cref="Deadline"/>, <see cref="Remaining"/> or
/// <see cref="Token"/> of the slice meant for them.
/// </summary>
public sealed class Budget : IDisposable
{
    private readonly CancellationTokenSource _source;

    private Budget(DateTime deadline, CancellationToken parent)
    {
        Deadline = deadline;
        _source = CancellationTokenSource.CreateLinkedTokenSource(parent);
        var left = deadline - DateTime.UtcNow;
        if (left <= TimeSpan.Zero) _source.Cancel();
        else _source.CancelAfter(left);
    }

    /// <summary>A budget of <paramref name="length"/> from now, also cancelled with <paramref name="cancellation"/>.</summary>
    public static Budget Start(TimeSpan length, CancellationToken cancellation = default) => new(DateTime.UtcNow + length, cancellation);

    /// <summary>When this allowance ends (UTC).</summary>
    public DateTime Deadline { get; }

    /// <summary>Cancelled at <see cref="Deadline"/> or when the parent budget or caller cancels.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Time left, never negative.</summary>
    public TimeSpan Remaining
    {
        get
        {
            var left = Deadline - DateTime.UtcNow;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public bool Expired => Token.IsCancellationRequested || Remaining == TimeSpan.Zero;

    /// <summary>The slice for <paramref name="stage"/>: <see cref="Length"/> from now, ending no later than this budget.
    /// What follows the stage gets whatever is left when it ends (early if the stage finishes early).</summary>
    public Budget For(BudgetStage stage)
    {
        var now = DateTime.UtcNow; // one instant for the length and its start, so a reserve is exactly a reserve
        return Ending(now + Length(stage, now));
    }

    /// <summary>How long <paramref name="stage"/> may take, for engines that take a length (seconds, a per-query limit)
    /// rather than a budget: its parts of the time remaining now, less its reserve, at least its minimum (which may go
    /// past this budget's deadline: the engine is then stopped by this budget's token or the runner's limit).</summary>
    public TimeSpan Length(BudgetStage stage) => Length(stage, DateTime.UtcNow);

    private TimeSpan Length(BudgetStage stage, DateTime now)
    {
        var left = Deadline > now ? Deadline - now : TimeSpan.Zero;
        if (left <= stage.AllWhenUnder) return left > stage.Minimum ? left : stage.Minimum;
        var length = left * stage.Parts / stage.Of - stage.Reserve;
        return length > stage.Minimum ? length : stage.Minimum;
    }

    /// <summary>A slice of at most <paramref name="length"/>, ending no later than this budget.</summary>
    public Budget Slice(TimeSpan length) => Ending(DateTime.UtcNow + (length > TimeSpan.Zero ? length : TimeSpan.Zero));

    private Budget Ending(DateTime end) => new(end < Deadline ? end : Deadline, Token);

    public void Dispose() => _source.Dispose();
}
