using System.Numerics;
using Checker.Symbolic.Model;

namespace Checker.Symbolic.Expressions;

/// <summary>
/// N as a canonical polynomial in the weights for every sign pattern of the hidden pre-activations (`checker ncf
/// --expand`), within limits that keep the output readable: at most <see cref="MaxPatterns"/> patterns, each within
/// <see cref="MaxTerms"/> terms and all within <see cref="MaxTotalTerms"/>. Patterns are sign vectors; not every one
/// need be realised by some w.
/// </summary>
public static class NcfPatternPolynomials
{
    public const int MaxPatterns = 1024;
    public const long MaxTotalTerms = 200_000;
    public const long MaxTerms = 5000;

    public sealed record PatternPolynomial(string Pattern, string Ncf, string? Latex, int Terms);
    public sealed record Expansion(bool Complete, string Summary, string PatternCount, IReadOnlyList<PatternPolynomial> Patterns);

    /// <summary>N per sign pattern, or the limit that stopped the expansion (as the summary).</summary>
    public static Expansion Expand(NcfExpression ncf, CancellationToken ct)
    {
        var net = ncf.Network;
        int sites = ncf.PreActivations.Count;
        bool signFree = sites == 0 || net.Activation.Pos == net.Activation.Neg;
        var count = signFree ? BigInteger.One : BigInteger.Pow(2, sites);
        if (count > MaxPatterns)
            return new Expansion(false,
                $"not expanded: {count} sign patterns (2^{sites}, one sign per hidden neuron and sample) exceed the limit of {MaxPatterns}; `checker eval` gives exact values at a point, and `checker check C1` works per sample",
                count.ToString(), []);
        var list = new List<PatternPolynomial>();
        long totalTerms = 0;
        for (int s = 0; s < (int)count; s++)
        {
            ct.ThrowIfCancellationRequested();
            var signs = new sbyte[sites];
            for (int b = 0; b < sites; b++) signs[b] = (sbyte)(signFree || ((s >> b) & 1) == 0 ? 1 : -1);
            var pattern = new ActivationPattern(net, ncf.Instance.SampleCount, signs);
            var e = ncf.Expand(pattern, gradient: false, maxTerms: MaxTerms);
            if (e.TooBig || e.Values is null)
                return new Expansion(false, $"not expanded: pattern {pattern} gives a polynomial beyond the limit of {MaxTerms} terms ({e.Reason})", count.ToString(), list);
            var p = e.Values[0];
            totalTerms += p.TermCount;
            if (totalTerms > MaxTotalTerms)
                return new Expansion(false, $"not expanded: the {count} patterns' polynomials exceed {MaxTotalTerms} terms in all (after {list.Count} patterns)", count.ToString(), []);
            list.Add(new PatternPolynomial(signFree ? "(every pattern: σ is one monomial)" : pattern.ToString(), p.ToString(), p.ToLatex(), p.TermCount));
        }
        string what = signFree ? "one polynomial (σ does not depend on the sign, or there is no hidden layer)" : $"{count} sign patterns (hidden layers | neurons, one sign per sample)";
        return new Expansion(true, $"N as a canonical polynomial in the weights, per activation pattern: {what}", count.ToString(), list);
    }
}
