using System.Globalization;

namespace Checker.Verification.Search;

/// <summary>
/// Shard K of N of a seeded sweep (`--shard K/N`, K = 0 … N−1). The partition is by item index: item t (a search
/// trial, or the t-th instance file of `verify`, both counted from 0) belongs to shard t mod N. The N shards are
/// therefore disjoint, their union is every item, and each shard sees its items in increasing order, which is what lets
/// `checker merge` rebuild the unsharded run exactly (lowest trial index first). K is 0-based so that a Slurm array
/// `--array=0-(N−1)` passes `$SLURM_ARRAY_TASK_ID` straight through.
/// </summary>
public sealed record ShardSpec(int Index, int Count)
{
    /// <summary>More shards than this is surely a typo (and would make merge read that many files).</summary>
    public const int MaxCount = 100_000;

    public bool Owns(int item) => item % Count == Index;

    public override string ToString() => $"{Index}/{Count}";

    /// <summary>Parses "K/N"; null with a message naming what was expected otherwise.</summary>
    public static ShardSpec? TryParse(string text, out string error)
    {
        error = "";
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
        {
            error = $"K/N with whole numbers 0 ≤ K < N (shard K of N, counted from 0), got \"{text}\"";
            return null;
        }
        if (n < 1 || n > MaxCount) { error = $"a shard count N between 1 and {MaxCount}, got {n} in \"{text}\""; return null; }
        if (k >= n) { error = $"K between 0 and N−1 = {n - 1} (shards are counted from 0), got {k} in \"{text}\""; return null; }
        return new ShardSpec(k, n);
    }
}
