namespace Checker.Verification.Contracts;

/// <summary>
/// A wall-clock allowance as one object: a deadline and a cancellation token that fires at it (and whenever the
/// caller's token fires). Parts of a check take slices (<see cref="Share"/>, <see cref="Slice"/>) that end no later
/// than their parent, so a part can never overrun the whole, and seconds, deadlines and tokens cannot drift apart.
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

    /// <summary>A slice ending after <paramref name="fraction"/> (0 … 1) of the time that remains now.</summary>
    public Budget Share(double fraction)
    {
        if (!(fraction > 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "a share is in (0, 1]");
        return new Budget(DateTime.UtcNow + Remaining * fraction, Token);
    }

    /// <summary>A slice of at most <paramref name="length"/>, ending no later than this budget.</summary>
    public Budget Slice(TimeSpan length)
    {
        var end = DateTime.UtcNow + (length > TimeSpan.Zero ? length : TimeSpan.Zero);
        return new Budget(end < Deadline ? end : Deadline, Token);
    }

    public void Dispose() => _source.Dispose();
}
