using Checker.Cli.Rendering;
using Checker.Symbolic.IO;
using Checker.Verification.Claims;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>`checker info INSTANCE`: Λ, per-layer degrees, weight count, smoothness, and which claims apply and why
/// (docs/cli.md#info).</summary>
public sealed class InfoCommand : Command<InstanceSettings>
{
    public override int Execute(CommandContext context, InstanceSettings settings, CancellationToken cancellationToken)
    {
        var instance = InstanceReader.Read(settings.InstancePath);
        var net = instance.Network;
        // Which claims of the catalogue apply, with the reason (the same decision `claims INSTANCE` and `verify` use).
        var claims = ClaimRegistry.All.Select(c => (Claim: c, Applies: c.Applies(instance))).ToList();
        var degrees = Enumerable.Range(1, net.Depth).Select(l => JsonOutput.Integer(net.LayerDegree(l))).ToArray();
        var result = new
        {
            name = instance.Name,
            widths = net.Widths,
            activation = new { name = net.Activation.Name, pos = net.Activation.Pos.ToString(), neg = net.Activation.Neg.ToString(), power = net.Activation.Power },
            samples = instance.SampleCount,
            degree = JsonOutput.Integer(net.Degree),
            layer_degrees = degrees,
            weights = net.WeightCount,
            locally_lipschitz_gradient = net.Activation.LocallyLipschitzGradient,
            claims = claims.Select(c => new
            {
                id = c.Claim.Id,
                kind = c.Claim.Kind == ClaimKind.Conjecture ? "conjecture" : "claim",
                applies = c.Applies.Holds,
                reason = c.Applies.Reason,
            }).ToArray(),
        };
        if (settings.Json) { JsonOutput.Write(result); return 0; }
        var t = new Table().AddColumn("property").AddColumn("value");
        t.AddRow("instance", Markup.Escape(instance.Name));
        t.AddRow("network", Markup.Escape(net.ToString()));
        t.AddRow("samples", instance.SampleCount.ToString());
        t.AddRow("degree Λ", net.Degree.ToString());
        t.AddRow("layer degrees p^(L-l)", string.Join(", ", Enumerable.Range(1, net.Depth).Select(l => net.LayerDegree(l))));
        t.AddRow("weights", net.WeightCount.ToString());
        t.AddRow("∇H locally Lipschitz", net.Activation.LocallyLipschitzGradient ? "yes" : "no (p = 1 with a₊ ≠ a₋: Clarke subdifferentials)");
        var console = Consoles.Stdout();
        console.Write(t);
        var applies = new Table().AddColumn("claim").AddColumn("applies").AddColumn("why");
        foreach (var (c, a) in claims)
            applies.AddRow(Markup.Escape(c.Id + (c.Kind == ClaimKind.Conjecture ? " (conjecture)" : "")), a.Holds ? "[green]yes[/]" : "[red]no[/]", Markup.Escape(a.Reason ?? ""));
        console.Write(applies);
        return 0;
    }
}
