using Checker.Verification.Contracts;
using System.Globalization;
using Checker.Cli.Rendering;
using Checker.Numeric.Flows;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.IO;
using Checker.Verification.Claims;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>
/// `checker flow INSTANCE --kind training|ncf|sphere …` (docs/cli.md#flow): integrates a flow with the adaptive Dormand–Prince
/// integrator (Numeric/), reports events, blow-up/escape times and the final metrics, and optionally writes a plot and
/// a CSV. Exit 0 when the run ended as asked, 3 when it was cut short (timeout, step limit, integrator failure).
/// </summary>
public sealed class FlowCommand : Command<FlowSettings>
{
    public override int Execute(CommandContext context, FlowSettings settings, CancellationToken cancellationToken)
    {
        var instance = InstanceReader.Read(settings.InstancePath);
        var kind = settings.FlowKind;
        var until = settings.Stop;

        if (instance.FirstEntryOutsideDoubleRange() is { } field)
            throw new InputException(settings.InstancePath, field, "a number within double range (magnitude about 2.2e-308 to 1.8e308) for a numeric flow; exact commands (eval, kkt --reduced, check C1–C6) take it as it is");
        var model = NcfModel.Compile(instance);
        // Starting direction: a seed (Gaussian, unit norm) or a weight file (scaled to unit norm, scale reported).
        string initSource;
        double initScale = 1;
        int? seed = null;
        double[] w0;
        if (settings.Init is null || int.TryParse(settings.Init, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            seed = settings.Init is null ? settings.Seed : int.Parse(settings.Init, CultureInfo.InvariantCulture);
            w0 = InitialDirection.Gaussian(model.WeightCount, seed.Value);
            initSource = $"seed {seed}";
        }
        else
        {
            var wp = WeightReader.Read(settings.Init, instance.Network);
            var raw = wp.ToDoubles();
            if (raw.All(v => v == 0)) throw new InputException(settings.Init, "layers", "a non-zero weight point (it is scaled to unit norm)");
            w0 = InitialDirection.Normalised(raw, out initScale);
            initSource = settings.Init;
        }
        double[]? reference = null;
        if (settings.Reference is not null)
        {
            var raw = WeightReader.Read(settings.Reference, instance.Network).ToDoubles();
            if (raw.All(v => v == 0)) throw new InputException(settings.Reference, "layers", "a non-zero reference direction");
            reference = InitialDirection.Normalised(raw, out _);
        }
        var options = new FlowOptions
        {
            Delta = settings.Delta,
            EscapeFactor = settings.EscapeFactor,
            Until = until,
            RelativeTolerance = settings.RelativeTolerance,
            Reference = reference,
        };

        // Progress on stderr through the shared display: a Spectre bar on a terminal, plain lines once a second
        // otherwise, nothing for runs under a second. The time limit cancels the run from outside.
        string clockName = kind == FlowKind.Training ? "t" : kind == FlowKind.Ncf ? "τ" : "σ";
        var outcome = ProgressDisplay.Run($"{kind.ToString().ToLowerInvariant()} flow", settings.TimeLimit, (progress, token) =>
            FlowSimulator.Run(model, kind, w0, options, new SynchronousProgress<FlowProgress>(p =>
                progress.Report(new CheckProgress($"{clockName} = {p.Time:G6}, ‖w‖ = {p.Norm:G6}, {p.Steps} steps", 0, 0))), token),
            cancellationToken);
        if (outcome.TimedOut || outcome.Result is null)
        {
            Console.Error.WriteLine($"checker: flow did not return within --timeout {settings.Timeout} s (and its grace period); no result");
            return CheckerApp.ExitInconclusive;
        }
        var result = outcome.Result;

        if (settings.Plot is not null) FlowPlot.Save(result, settings.Plot, $"{instance.Name} ({kind.ToString().ToLowerInvariant()})",
            settings.Reference is null ? "the final direction of this run" : $"the reference {Path.GetFileName(settings.Reference)}");
        if (settings.Csv is not null) FlowCsv.Save(result, settings.Csv);

        var law = new TrajectoryMetrics(model, w0).LayerLaw;
        var f = result.Final;
        static double? Num(double v) => double.IsFinite(v) ? v : null;
        var json = new
        {
            instance = instance.Name,
            kind = kind.ToString().ToLowerInvariant(),
            delta = kind == FlowKind.Training ? settings.Delta : 1.0,
            seed,
            init = new { source = initSource, scale = initScale },
            time = result.TimeName,
            outcome = result.Outcome.ToString().ToLowerInvariant(),
            reason = result.Reason,
            events = result.Events.Select(e => new { name = e.Name, time = e.Time, detail = e.Detail }).ToArray(),
            dropped_events = result.DroppedEvents,
            blowup_time = result.BlowupTime,
            escape_time = result.EscapeTime,
            escape_time_rescaled = result.EscapeTimeRescaled,
            final = new
            {
                time = result.FinalTime,
                norm = f.Norm,
                ncf = f.Ncf,
                loss = f.Loss,
                cosine = Num(f.Cosine),
                cosine_reference = reference is null ? "final direction of this run" : settings.Reference,
                layer_shares = f.LayerShares,
                layer_law = law,
                singular_ratios = f.SingularRatios.Select(Num).ToArray(),
                conservation_drift = f.ConservationDrift,
                gradient_residual = result.FinalGradientResidual,
                direction = result.FinalDirection,
            },
            sliding = new { segments = result.SlidingSegments, time = result.SlidingTime, at_end = result.SlidingAtEnd },
            max_conservation_drift = result.MaxConservationDrift,
            steps = result.Steps,
            evaluations = result.Evaluations,
            rtol = result.RelativeTolerance,
            plot = settings.Plot,
            csv = settings.Csv,
        };
        int code = result.Outcome is FlowOutcome.Timeout or FlowOutcome.StepLimit or FlowOutcome.Failed ? CheckerApp.ExitInconclusive : 0;
        if (settings.Json) { JsonOutput.Write(json); return code; }

        var t = new Table().AddColumn("quantity").AddColumn("value");
        t.AddRow("instance", Markup.Escape($"{instance.Name}  {instance.Network}  Λ = {instance.Network.Degree}"));
        t.AddRow("flow", Markup.Escape(kind == FlowKind.Training ? $"training from δ·w₀, δ = {settings.Delta:G}" : kind == FlowKind.Ncf ? "NCF flow du/dτ = ∇N(u) from w₀" : "sphere flow (Riemannian ascent of N)"));
        t.AddRow("start w₀", Markup.Escape($"{initSource}{(initScale != 1 ? $" (scaled by 1/{initScale:G6})" : "")}"));
        t.AddRow("outcome", Markup.Escape(result.Outcome.ToString().ToLowerInvariant() + (result.Reason is null ? "" : $" ({result.Reason})")));
        if (result.BlowupTime is { } bt) t.AddRow("blow-up time τ*", bt.ToString("R", CultureInfo.InvariantCulture));
        if (result.EscapeTime is { } et) t.AddRow($"escape time ({result.TimeName}, factor {settings.EscapeFactor:G})", et.ToString("G12", CultureInfo.InvariantCulture) + (result.EscapeTimeRescaled is { } r ? $"  (τ = δ^(Λ−2)·t = {r:G12})" : ""));
        t.AddRow($"final {result.TimeName}", result.FinalTime.ToString("G12", CultureInfo.InvariantCulture));
        t.AddRow("final ‖w‖, N, loss", Markup.Escape($"{f.Norm:G8}, {f.Ncf:G8}, {f.Loss:G8}"));
        t.AddRow("cosine", Markup.Escape($"{f.Cosine:G10} (to {(reference is null ? "the final direction" : settings.Reference)})"));
        t.AddRow("layer shares ‖W_l‖²/‖w‖²", Markup.Escape(string.Join(", ", f.LayerShares.Select(v => v.ToString("G6")))) + Markup.Escape($"  (KKT law p^(L−l)/Λ: {string.Join(", ", law.Select(v => v.ToString("G6")))})"));
        t.AddRow("σ₂/σ₁ per layer", Markup.Escape(string.Join(", ", f.SingularRatios.Select(v => double.IsNaN(v) ? "-" : v.ToString("G4")))));
        if (instance.Network.Activation.HasKink)
            t.AddRow("sliding on kinks (Filippov)", Markup.Escape(result.SlidingSegments == 0 ? "none"
                : $"{result.SlidingSegments} segment(s), {result.SlidingTime:G6} {result.TimeName} in all" +
                  (result.SlidingAtEnd.Count == 0 ? "" : $"; at the end on {string.Join("; ", result.SlidingAtEnd)}")));
        t.AddRow("conservation drift (max, relative to ‖w‖²)", result.MaxConservationDrift.ToString("G3"));
        t.AddRow("events", Markup.Escape(result.Events.Count == 0 ? "none" : string.Join("; ", result.Events.Take(8).Select(e => $"{e.Name} at {e.Time:G10}{(e.Detail is null ? "" : $" ({e.Detail})")}")) + (result.Events.Count > 8 ? $"; … {result.Events.Count - 8 + result.DroppedEvents} more" : "")));
        t.AddRow("steps, evaluations, rtol", $"{result.Steps}, {result.Evaluations}, {result.RelativeTolerance:G}");
        AnsiConsole.Write(t);
        return code;
    }
}
