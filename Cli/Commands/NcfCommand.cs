using System.Numerics;
using Checker.Cli.Rendering;
using Checker.Symbolic.Expressions;
using Checker.Symbolic.IO;
using Checker.Symbolic.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Checker.Cli.Commands;

/// <summary>
/// `checker ncf INSTANCE [--latex] [--expand]` (docs/cli.md#ncf): N(w) = Σ y_i H(x_i; w) and ∇N symbolically, printed from the
/// expression DAG with shared sub-terms as auxiliary definitions t_k (so the output grows with the network, not with
/// its expansion), σ and σ' kept as piecewise-monomial functions (docs/theory.md#activations). `--expand` prints N as a canonical
/// polynomial in every sign pattern of the hidden pre-activations when there are at most
/// <see cref="NcfPatternPolynomials.MaxPatterns"/> and each stays within <see cref="NcfPatternPolynomials.MaxTerms"/> terms, and says which limit stopped it
/// otherwise. Printed patterns are sign vectors; not every one need be realised by some w.
/// </summary>
public sealed class NcfCommand : Command<NcfCommand.Settings>
{

    public sealed class Settings : InstanceSettings
    {
        [CommandOption("--latex")]
        [Description("Also print LaTeX (an aligned block)")]
        public bool Latex { get; init; }

        [CommandOption("--expand")]
        [Description($"Expand N to a canonical polynomial per activation pattern (when there are few patterns and the polynomials are small)")]
        public bool Expand { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var instance = InstanceReader.Read(settings.InstancePath);
        var net = instance.Network;
        if (net.WeightCount > 5000 || (long)net.WeightCount * instance.SampleCount > 200_000)
            throw new InputException(settings.InstancePath, "network.widths", $"a network small enough to print symbolically (at most 5000 weights and 200000 weight·sample pairs), got {net.WeightCount} weights and {instance.SampleCount} samples");
        var ncf = NcfExpression.Build(instance);
        var roots = new List<Expr> { ncf.Ncf };
        var labels = new List<string> { "N" };
        var latexLabels = new List<string> { "N" };
        for (int l = 1; l <= net.Depth; l++)
        {
            var (rows, cols) = net.Shape(l);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    roots.Add(ncf.Gradient[net.Index(l, r, c)]);
                    labels.Add($"∂N/∂{NcfExpression.WeightName(l, r, c)}");
                    latexLabels.Add($"\\frac{{\\partial N}}{{\\partial {NcfExpression.WeightLatexName(l, r, c)}}}");
                }
        }
        string text = ExpressionPrinter.Text(ncf.Graph, roots, labels);
        string? latex = settings.Latex ? ExpressionPrinter.Latex(ncf.Graph, roots, latexLabels) : null;
        var sigma = SigmaText(net.Activation);
        var expansion = settings.Expand ? NcfPatternPolynomials.Expand(ncf, cancellationToken) : null;

        var variables = new List<object>();
        for (int l = 1; l <= net.Depth; l++)
        {
            var (rows, cols) = net.Shape(l);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    variables.Add(new { name = NcfExpression.WeightName(l, r, c), layer = l, row = r + 1, column = c + 1 });
        }
        if (settings.Json)
        {
            JsonOutput.Write(new
            {
                name = instance.Name,
                degree = JsonOutput.Integer(net.Degree),
                sigma = sigma.Sigma,
                sigma_prime = sigma.Prime,
                variables,
                dag_nodes = ncf.Graph.Reachable(roots).Length,
                text,
                latex,
                expansion,
            });
            return CheckerApp.ExitHolds;
        }
        var console = Consoles.Stdout();
        console.MarkupLine($"[bold]{Markup.Escape(instance.Name)}[/]  {Markup.Escape(net.ToString())}, n = {instance.SampleCount}, Λ = {net.Degree}");
        console.WriteLine($"σ(z) = {sigma.Sigma};  σ'(z) = {sigma.Prime}");
        console.WriteLine("weights w{l}_{r}_{c} = W_l[r, c] (0-based rows and columns); t_k are shared sub-terms");
        console.Profile.Width = Math.Max(console.Profile.Width, 200);
        console.WriteLine(text);
        if (latex is not null) { console.WriteLine(); console.WriteLine(latex); }
        if (expansion is not null)
        {
            console.WriteLine();
            console.WriteLine(expansion.Summary);
            foreach (var p in expansion.Patterns)
                console.WriteLine($"pattern {p.Pattern}:  N = {p.Ncf}{(p.Latex is null || !settings.Latex ? "" : $"\n  LaTeX: {p.Latex}")}");
        }
        return CheckerApp.ExitHolds;
    }

    private static (string Sigma, string Prime) SigmaText(Activation a)
    {
        static string Mono(Symbolic.Numbers.Rational c, int p)
        {
            if (c.IsZero) return "0";
            string term = p == 0 ? "" : p == 1 ? "z" : $"z^{p}";
            if (term.Length == 0) return c.ToString();
            return c == 1 ? term : c == -1 ? "-" + term : $"{c}·{term}";
        }
        var (dp, dn, dpow) = a.Derivative;
        if (a.Pos == a.Neg) return (Mono(a.Pos, a.Power), Mono(dp, dpow));
        string sigma = $"{Mono(a.Pos, a.Power)} for z ≥ 0, {Mono(a.Neg, a.Power)} for z < 0";
        string prime = a.Power == 1
            ? $"{a.Pos} for z > 0, {a.Neg} for z < 0, any slope in [{a.ClarkeAtZero.Low}, {a.ClarkeAtZero.High}] at z = 0 (Clarke)"
            : $"{Mono(dp, dpow)} for z ≥ 0, {Mono(dn, dpow)} for z < 0";
        return (sigma, prime);
    }
}
