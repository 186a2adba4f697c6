namespace Checker.Verification.Contracts;

/// <summary>
/// A wall-clock allowance as one object: a deadline and a cancellation token that fires at it (and whenever the
/// caller's token fires). Parts of a check take slices that end no later than their parent, so a part can never overrun
/// the whole, and seconds, deadlines and tokens cannot drift apart. A claim names what each slice is for: a
/// <see cref="BudgetStage"/> (<see cref="For(BudgetStage)"/>: "k of n parts for the proof, the rest for the fallback"),
/// <see cref="AllBut"/> (everything but a reserve for writing the result) and <see cref="QueryLimit"/> (the longest any
/// one solver query may take); <see cref="Slice"/> is a fixed length. Every stage a claim uses is listed in
/// <see cref="BudgetStage"/>, so the whole time policy reads in one place.
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

    /// <summary>The slice for <paramref name="stage"/>: its parts of the time that remains now, at least its
    /// <see cref="BudgetStage.Minimum"/>. What follows the stage gets whatever is left when it ends (early if the stage
    /// finishes early).</summary>
    public Budget For(BudgetStage stage)
    {
        var now = DateTime.UtcNow;
        var left = Deadline > now ? Deadline - now : TimeSpan.Zero;
        var length = left * stage.Parts / stage.Of;
        return Ending(now + (length > stage.Minimum ? length : stage.Minimum));
    }

    /// <summary>A slice that leaves <paramref name="reserve"/> of this budget for what comes after it (assembling the
    /// result), but lasts at least <paramref name="minimum"/> (still ending no later than this budget).</summary>
    public Budget AllBut(TimeSpan reserve, TimeSpan minimum)
    {
        var now = DateTime.UtcNow;
        var end = Deadline - reserve;
        return Ending(end > now + minimum ? end : now + minimum);
    }

    /// <summary>The longest one solver query may take: 1/<paramref name="of"/> of the time that remains now, so no single
    /// hard case can use up the whole budget of a split.</summary>
    public TimeSpan QueryLimit(int of)
    {
        if (of < 1) throw new ArgumentOutOfRangeException(nameof(of), of, "a query limit is 1/n of the budget, n ≥ 1");
        return Remaining / of;
    }

    /// <summary>A slice of at most <paramref name="length"/>, ending no later than this budget.</summary>
    public Budget Slice(TimeSpan length) => Ending(DateTime.UtcNow + (length > TimeSpan.Zero ? length : TimeSpan.Zero));

    private Budget Ending(DateTime end) => new(end < Deadline ? end : Deadline, Token);

    public void Dispose() => _source.Dispose();
}
