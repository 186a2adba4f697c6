using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Expressions;
using Checker.Symbolic.Smt;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.RankOne;

/// <summary>
/// The reduced problem of C6 (docs/theory.md#c6-polynomial-rank-one, p ≥ 2): max_{‖b‖=1} f(b), f(b) = Σ_i y_i φ(x_iᵀb), φ = σ∘…∘σ (L−1 times).
/// f is exactly the NCF of the width-one network [d, 1, …, 1] with the same activation and data at W_1 = bᵀ and every
/// other weight 1, so f, ∇f and their SMT text come from the one NCF expression (<see cref="NcfExpression"/>,
/// <see cref="SmtPrinter"/>) instead of a second hand-written derivative. f is homogeneous of degree p^{L−1}, so a
/// reduced KKT point (∇f(b) = νb, ‖b‖ = 1) has ν = p^{L−1} f(b).
/// </summary>
public sealed class PolynomialReducedProblem
{
    /// <summary>The full instance the problem was reduced from.</summary>
    public Instance Instance { get; }
    /// <summary>Same data and activation, widths [d, 1, …, 1] of the same depth: its NCF at (bᵀ, 1, …, 1) is f(b).</summary>
    public Instance WidthOne { get; }

    public PolynomialReducedProblem(Instance instance)
    {
        Instance = instance;
        var net = instance.Network;
        var widths = new List<int> { instance.Dimension };
        for (int l = 1; l <= net.Depth; l++) widths.Add(1);
        WidthOne = instance.WithNetwork(new Network(widths, net.Activation));
        _ncf = new Lazy<NcfExpression>(() => NcfExpression.Build(WidthOne));
    }

    // Built once and only printed from (printing adds no nodes).
    private readonly Lazy<NcfExpression> _ncf;

    private WeightPoint Point(IReadOnlyList<Rational> b)
    {
        var flat = new Rational[WidthOne.Network.WeightCount];
        for (int k = 0; k < flat.Length; k++) flat[k] = k < b.Count ? b[k] : Rational.One;
        return new WeightPoint(WidthOne.Network, flat);
    }

    /// <summary>f(b) and ∇f(b), exactly.</summary>
    public (Rational Value, Rational[] Gradient) Evaluate(IReadOnlyList<Rational> b)
    {
        var e = ExactEvaluator.Evaluate(WidthOne, Point(b));
        return (e.Ncf, e.Gradient.Take(b.Count).ToArray());
    }

    /// <summary>Whether ∇f(b) is a positive multiple of b and f(b) &gt; 0 (b need not be unit: both are scale invariant).</summary>
    public bool IsPositiveKktDirection(IReadOnlyList<Rational> b, out string reason)
    {
        var (f, g) = Evaluate(b);
        if (f.Sign <= 0) { reason = $"f(b) = {f} ≤ 0"; return false; }
        Rational gb = 0, gg = 0, bb = 0;
        for (int j = 0; j < b.Count; j++) { gb += g[j] * b[j]; gg += g[j] * g[j]; bb += b[j] * b[j]; }
        if (gb.Sign <= 0 || gb * gb != gg * bb) { reason = "∇f(b) is not a positive multiple of b"; return false; }
        reason = "";
        return true;
    }

    /// <summary>
    /// f and ∇f (roots [f, ∂f/∂b_0, …]) as canonical polynomials in <paramref name="ring"/>, b_j mapped to
    /// <paramref name="b"/>(j) and every σ on the closed branch <paramref name="layerSign"/>(l, i) (as for <see cref="Print"/>).
    /// </summary>
    public ExpansionResult Expand(Checker.Symbolic.Polynomials.PolynomialRing ring, Func<int, Checker.Symbolic.Polynomials.Polynomial> b,
        Func<int, int, int> layerSign, long maxTerms)
    {
        var ncf = _ncf.Value;
        int d = Instance.Dimension;
        return PolynomialExpander.Expand(ncf.Graph, [ncf.Ncf, .. ncf.Gradient.Take(d)], ring,
            node => { var (l, _, i) = ncf.SiteOf(node.Index); return layerSign(l, i); },
            variableImage: j => j < d ? b(j) : ring.One, maxTerms: maxTerms);
    }

    /// <summary>
    /// SMT-LIB2 text of f and ∇f with b_j printed as <paramref name="bTerm"/>(j); roots: [f, ∂f/∂b_0, …]. Auxiliary
    /// definitions carry <paramref name="prefix"/> so they do not clash with the full network's.
    /// </summary>
    /// <param name="layerSign">When given, the closed sign (±1) of every pre-activation of hidden layer l at sample i
    /// (<see cref="PolynomialCells.LayerSigns"/>): σ prints as that branch's monomial instead of an <c>ite</c>.</param>
    public SmtText Print(Func<int, Term> bTerm, string prefix = "f_", Func<int, int, int>? layerSign = null)
    {
        var ncf = _ncf.Value;
        int d = Instance.Dimension;
        Func<Node, int>? sign = layerSign is null ? null : node => { var (l, _, i) = ncf.SiteOf(node.Index); return layerSign(l, i); };
        var text = SmtPrinter.Print(ncf.Graph, [ncf.Ncf, .. ncf.Gradient.Take(d)],
            new SmtPrintOptions { VariableTerm = j => j < d ? bTerm(j) : Term.One, Prefix = prefix, Sign = sign });
        if (text.Declarations.Count > 0) throw new InvalidOperationException("every reduced weight must be given");
        return text;
    }
}
