using Spectre.Console;
using Spectre.Console.Cli;

namespace Checker.Cli;

/// <summary>Commands other than `info` register here, one line each, so parallel work does not collide in CheckerApp.</summary>
internal static class CommandRegistry
{
    /// <summary>A command's one-line help. Spectre reads it as console markup, so it is escaped here (a "[W_1, …]" in
    /// help text must print, not crash).</summary>
    private static ICommandConfigurator Describe(this ICommandConfigurator command, string text) => command.WithDescription(Markup.Escape(text));

    public static void Register(IConfigurator config)
    {
        config.AddCommand<Commands.EvalCommand>("eval").Describe("Exact H(x_i), N, ∇N and the activation pattern at a rational point (Clarke choices at kinks)");
        config.AddCommand<Commands.NcfCommand>("ncf").Describe("The NCF and its gradient symbolically (shared sub-terms named); --latex, --expand per activation pattern");
        config.AddCommand<Commands.ClaimsCommand>("claims").Describe("The claim catalogue of docs/theory.md#claims; with an instance, which claims apply and why");
        config.AddCommand<Commands.CheckCommand>("check").Describe("Check one claim on one instance: verdict, evidence, witness (exit 0/1/3)");
        config.AddCommand<Commands.KktCommand>("kkt").Describe("KKT points: --reduced enumerates every KKT point of the reduced problem (docs/theory.md#reduced-problem) with a completeness proof");
        config.AddCommand<Commands.VerifyCommand>("verify").Describe("Every applicable claim C1–C10 in one table; --report DIR writes a Markdown report with plots");
        config.AddCommand<Commands.FlowCommand>("flow").Describe("Integrate the training, NCF or sphere flow (adaptive Dormand–Prince): events, blow-up/escape time, metrics, --plot, --csv");
        config.AddCommand<Commands.SearchCommand>("search").Describe("Random instances (seeded, bounded) looking for a counterexample to a claim or conjecture; --shrink minimises it");
        config.AddCommand<Commands.MergeCommand>("merge").Describe("Combine the shard files of a `search --shard K/N` or `verify --shard K/N` sweep into exactly what the unsharded run prints");
        config.AddCommand<Commands.BenchCommand>("bench").Describe("The benchmark suite (bench/): ratios against in-process references");
    }
}
