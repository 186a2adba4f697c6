using System.ComponentModel;
using Checker.Cli.Rendering;
using Checker.Cli.Sharding;
using Checker.Symbolic.IO;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>Options of `checker merge` (docs/cli.md).</summary>
public sealed class MergeSettings : CommonSettings
{
    [CommandArgument(0, "<FILES>")]
    [Description("The shard files of one sweep (what `search --shard K/N` or `verify --shard K/N` printed), all N of them, in any order")]
    public string[] Files { get; init; } = [];

    [CommandOption("--format <FORMAT>")]
    [Description("verify shards: text (default), json, latex or csv, as `verify --format`")]
    public string? Format { get; init; }

    [CommandOption("--out <FILE>")]
    [Description("search shards: write the counterexample as an instance file, as `search --out`")]
    public string? Out { get; init; }
}

/// <summary>
/// `checker merge FILES…`: combines the shard files of one sharded `search` or `verify` into exactly what the unsharded
/// run prints (same JSON with --json, same text, same exit code; see <see cref="SearchShards"/> for how the first
/// counterexample is chosen). Refuses, with one line and exit 2, files from different runs (any parameter differs),
/// different shard counts, a missing or a duplicate shard.
/// </summary>
public sealed class MergeCommand : Command<MergeSettings>
{
    public override int Execute(CommandContext context, MergeSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Files.Length == 0) throw new UsageException("expected the shard files to merge");
        var shards = settings.Files.Select(f => (Path: f, File: ShardFile.Read(f))).ToList();
        var (firstPath, first) = shards[0];
        string parameters = System.Text.Json.JsonSerializer.Serialize(first.Parameters);
        foreach (var (path, f) in shards.Skip(1))
        {
            if (f.Command != first.Command)
                throw new InputException(path, "command", $"\"{first.Command}\" like {firstPath} (shards of one run), got \"{f.Command}\"");
            if (f.ShardCount != first.ShardCount)
                throw new InputException(path, "shard_count", $"{first.ShardCount} like {firstPath} (shards of one run), got {f.ShardCount}");
            if (System.Text.Json.JsonSerializer.Serialize(f.Parameters) != parameters)
                throw new InputException(path, "parameters." + FirstDifference(first.Parameters, f.Parameters), $"the same value as in {firstPath} (shards of one run must share every option), got a different one");
        }
        var duplicate = shards.GroupBy(s => s.File.ShardIndex).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InputException(duplicate.Skip(1).First().Path, "shard_index", $"each shard once, but shard {duplicate.Key}/{first.ShardCount} is also {duplicate.First().Path}");
        var missing = Enumerable.Range(0, first.ShardCount).Except(shards.Select(s => s.File.ShardIndex)).ToList();
        if (missing.Count > 0)
            throw new UsageException($"merge: missing shard{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Take(10).Select(k => $"{k}/{first.ShardCount}"))}{(missing.Count > 10 ? ", …" : "")} of the run in {firstPath}; give all {first.ShardCount} shard files");

        if (first.Command == "search")
        {
            if (settings.Format is not null && settings.Format != (settings.Json ? "json" : "text"))
                throw new UsageException("--format: search output is text or --json");
            var report = SearchShards.Merge(shards, settings.Out);
            if (report is null)
            {
                var p = first.Parameters;
                return SearchRendering.WriteStopped(p.GetProperty("claim").GetString()!, p.GetProperty("seed").GetInt32(), p.GetProperty("timeout_seconds").GetDouble(), settings.Json);
            }
            return SearchRendering.Write(report, settings.Json);
        }
        if (settings.Out is not null) throw new UsageException("--out: only for search shards (the counterexample instance)");
        string format = VerifyCommand.OutputFormat(settings.Format, settings.Json);
        var items = shards.SelectMany(s => s.File.Results!.Select(r => (s.Path, s.File, Item: r))).ToList();
        int total = first.Parameters.TryGetProperty("instances", out var list) && list.ValueKind == System.Text.Json.JsonValueKind.Array ? list.GetArrayLength() : -1;
        foreach (var (path, f, item) in items)
            if (item.Index < 0 || item.Index >= total || !f.Spec.Owns(item.Index) || item.Report is null)
                throw new InputException(path, "results", $"reports of instance files t with t mod {f.ShardCount} = {f.ShardIndex}, 0 ≤ t < {total}, got index {item.Index}");
        var ordered = items.OrderBy(x => x.Item.Index).ToList();
        if (ordered.Select(x => x.Item.Index).Distinct().Count() != total)
            throw new InputException(ordered.Count > 0 ? ordered[0].Path : firstPath, "results", $"one report per instance file ({total}), got {ordered.Count}");
        return VerifyRendering.Write(ordered.Select(x => x.Item.Report with { Samples = x.Item.Samples }).ToList(), format);
    }

    /// <summary>The first parameter whose value differs, for the error line.</summary>
    private static string FirstDifference(System.Text.Json.JsonElement a, System.Text.Json.JsonElement b)
    {
        foreach (var p in a.EnumerateObject())
            if (!b.TryGetProperty(p.Name, out var q) || q.GetRawText() != p.Value.GetRawText()) return p.Name;
        foreach (var q in b.EnumerateObject())
            if (!a.TryGetProperty(q.Name, out _)) return q.Name;
        return "";
    }
}
