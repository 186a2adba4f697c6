using Checker.Cli.Rendering;
using Checker.Symbolic.IO;
using Checker.Symbolic.Model;
using Checker.Verification.Claims;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>`checker claims [INSTANCE]`: the claim registry (docs/theory.md#claims) as data; with an instance, which claims apply and why.</summary>
public sealed class ClaimsCommand : Command<ClaimsCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandArgument(0, "[INSTANCE]")]
        [Description("Optional instance file: also say which claims apply to it, and why")]
        public string? InstancePath { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Instance? instance = settings.InstancePath is null ? null : InstanceReader.Read(settings.InstancePath);
        var rows = ClaimRegistry.All.Select(c =>
        {
            Applicability? a = instance is null ? null : c.Applies(instance);
            return new
            {
                id = c.Id,
                kind = c.Kind == ClaimKind.Conjecture ? "conjecture" : "claim",
                title = c.Title,
                statement = c.Statement,
                hypotheses = c.Hypotheses,
                how_checked = c.HowChecked,
                has_checker = true, // every registry entry has its checker; kept for the JSON contract
                applies = a?.Holds,
                reason = a?.Reason,
            };
        }).ToList();
        var notes = instance is null ? [] : Hypotheses.BoundaryNotes(instance);
        if (settings.Json)
        {
            JsonOutput.Write(new { instance = instance?.Name, claims = rows, notes = instance is null ? null : notes });
            return CheckerApp.ExitHolds;
        }
        var console = Consoles.Stdout();
        if (instance is not null) console.MarkupLine($"[bold]{Markup.Escape(instance.Name)}[/]  {Markup.Escape(instance.Network.ToString())}, Λ = {instance.Network.Degree}");
        var t = new Table().AddColumn("id").AddColumn("claim").AddColumn("hypotheses").AddColumn("checked");
        if (instance is not null) t.AddColumn("applies here");
        foreach (var r in rows)
        {
            var cells = new List<string>
            {
                Markup.Escape(r.id) + (r.kind == "conjecture" ? " [yellow](conjecture)[/]" : ""),
                $"[bold]{Markup.Escape(r.title)}[/]: {Markup.Escape(r.statement)}",
                Markup.Escape(r.hypotheses),
                Markup.Escape(r.how_checked) + (r.has_checker ? "" : " [grey](no checker in this build)[/]"),
            };
            if (instance is not null) cells.Add((r.applies == true ? "[green]yes[/]: " : "[red]no[/]: ") + Markup.Escape(r.reason ?? ""));
            t.AddRow(cells.ToArray());
        }
        console.Write(t);
        foreach (var n in notes) console.MarkupLine("[yellow]note:[/] " + Markup.Escape(n));
        return CheckerApp.ExitHolds;
    }
}
