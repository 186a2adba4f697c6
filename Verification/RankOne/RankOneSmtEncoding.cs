using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Expressions;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;
using Checker.Verification.FullNetwork;
using Checker.Verification.Solvers;

namespace Checker.Verification.RankOne;

/// <summary>
/// "v certifies a KKT point with N &gt; 0" over a rank-one parametrisation of the weights, as SMT-LIB2 text printed from
/// the one NCF expression (docs/theory.md#one-expression-three-back-ends: N and ∇N come from <see cref="SmtPrinter"/>, never re-derived here).
/// <para>
/// Why no norm constraints and one multiplier per layer (docs/theory.md#kkt-points, docs/theory.md#rank-one-points; the argument of <see cref="KktCertificate"/>):
/// N is homogeneous of degree p^{L−l} in W_l, so if ∇_{W_l}N(v) = μ_l W_l with every μ_l &gt; 0 and N(v) &gt; 0, scaling
/// layer l by c_l ∝ √μ_l (p = 1; positive, so the pattern, the Clarke slopes, the factor directions and signs are kept)
/// and normalising gives a KKT point with N &gt; 0; conversely every such KKT point satisfies this with μ_l = λ. Balance
/// (‖W_l‖² = p^{L−l}/Λ) then holds at the rescaled point by C3. The rescaling needs square roots; leaving it implicit
/// keeps the query polynomial with rational models, so a SAT model can be re-checked exactly. σ is printed as an
/// <c>ite</c> on the sign of each pre-activation, and at a kink (p = 1, a₊ ≠ a₋, z = 0) σ' is a declared Clarke slope
/// <c>th_SITE</c> ∈ [a₋, a₊], one per sample and neuron (docs/theory.md#ad-comparison-mode).
/// </para>
/// </summary>
public sealed class RankOneSmtEncoding
{
    private readonly NcfExpression _ncf;
    private readonly SmtText _text;
    private readonly List<SmtCommand> _decls = [];
    private readonly List<string> _model = [];
    private readonly Func<int, int, int, Term> _weightTerm;

    public Instance Instance => _ncf.Instance;
    public IReadOnlyList<string> ModelVariables => _model;
    /// <summary>SMT term of N.</summary>
    public Term Ncf => _text.Roots[0];

    /// <param name="weightTerm">SMT term of W_l[r, c] (layer 1-based, row, column, 0-based) over the factor constants.</param>
    /// <param name="factors">Names of the factor constants (declared Real here).</param>
    /// <param name="vertexSlopes">Each Clarke slope th_SITE is a₋ or a₊ (a vertex of the slope box) instead of anything
    /// in [a₋, a₊]: a relaxation of "KKT where N is differentiable" (docs/theory.md#rank-one-case-split: there ∂N(u) is the
    /// one gradient g_P of any adjacent pattern, with inessential kinks at either slope), which C5 and C4's converse are
    /// stated for; it drops the convex combinations that make essential-kink (K3/K4) points stationary.</param>
    public RankOneSmtEncoding(Instance instance, IEnumerable<string> factors, Func<int, int, int, Term> weightTerm, bool vertexSlopes = false)
    {
        _ncf = NcfExpression.Build(instance);
        _weightTerm = weightTerm;
        var net = instance.Network;
        var where = new (int L, int R, int C)[net.WeightCount];
        for (int l = 1; l <= net.Depth; l++)
        {
            var (rows, cols) = net.Shape(l);
            for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) where[net.Index(l, r, c)] = (l, r, c);
        }
        foreach (var f in factors) { _decls.Add(new DeclareConst(f)); _model.Add(f); }
        var act = net.Activation;
        var sites = new SortedSet<int>();
        var options = new SmtPrintOptions
        {
            VariableTerm = j => weightTerm(where[j].L, where[j].R, where[j].C),
            ClarkeTerm = act.HasKink ? node => { sites.Add(node.Index); return Term.Var($"th_{node.Index}"); } : null,
            Prefix = "n_",
        };
        _text = SmtPrinter.Print(_ncf.Graph, [_ncf.Ncf, .. _ncf.Gradient, .. _ncf.PreActivations], options);
        if (_text.Declarations.Count > 0) throw new InvalidOperationException("every weight must be given by the parametrisation");
        if (act.HasKink)
        {
            var (lo, hi) = act.ClarkeAtZero;
            foreach (int s in sites)
            {
                var th = Term.Var($"th_{s}");
                _decls.Add(new DeclareConst($"th_{s}"));
                _decls.Add(new Assertion(vertexSlopes ? Term.Or(Term.Eq(th, lo), Term.Eq(th, hi)) : Term.And(Term.Le(lo, th), Term.Le(th, hi))));
                _model.Add($"th_{s}");
            }
        }
        ClarkeSites = sites.ToArray();
    }

    /// <summary>Pattern sites whose σ' may be a Clarke choice (each has a constant th_SITE in the model).</summary>
    public IReadOnlyList<int> ClarkeSites { get; }

    /// <summary>
    /// The script: declarations, definitions, ∇N = mu·v, N &gt; 0, then <paramref name="extra"/> assertions (the
    /// hypotheses and the negated conclusion of a claim).
    /// </summary>
    public string Script(IEnumerable<Term> extra)
    {
        // The common part is printed once: a case split asks hundreds of queries that differ only in the extra assertions.
        _prefix ??= Prefix().ToString();
        return _prefix + SmtLib.Print(extra.Select(e => new Assertion(e)));
    }

    private string? _prefix;

    private SmtScript Prefix()
    {
        var net = Instance.Network;
        var script = new SmtScript(_decls);
        var mu = new Term[net.Depth + 1];
        for (int l = 1; l <= net.Depth; l++) { mu[l] = script.Declare($"mu_{l}"); script.Assert(Term.Gt(mu[l], Term.Zero)); }
        script.Add(_text.Definitions);
        script.Assert(Term.Gt(Ncf, Term.Zero));
        for (int l = 1; l <= net.Depth; l++)
        {
            var (rows, cols) = net.Shape(l);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    script.Assert(Term.Eq(_text.Roots[1 + net.Index(l, r, c)], Term.Mul(mu[l], _weightTerm(l, r, c))));
        }
        return script;
    }

    public SmtQuery Query(string name, IEnumerable<Term> extra) => new(name, Script(extra), [.. _model, .. Enumerable.Range(1, Instance.Network.Depth).Select(l => $"mu_{l}")]);

    /// <summary>
    /// Re-checks a SAT model twice, in rationals: every assertion of the query (<see cref="ExactModelChecker"/>), and the
    /// KKT property of the weights the model defines through the exact Clarke engine (the model's slopes are only an
    /// independent-slope witness)
    /// (<see cref="KktCertifier"/>, independent of the SMT text). Null and the reason when either fails.
    /// </summary>
    public KktCertificate? Recheck(SmtQuery query, SmtAnswer answer, Func<IReadOnlyDictionary<string, Rational>, WeightPoint> weights, out WeightPoint? point, out string reason)
    {
        point = null;
        if (answer.Model is not { } model) { reason = "the solver gave no model"; return null; }
        if (answer.NonRational is { Count: > 0 } nr) { reason = $"the model is not rational ({string.Join(", ", nr)}), so it cannot be re-checked exactly"; return null; }
        if (!ExactModelChecker.Check(query.Script, model, out reason)) return null;
        point = weights(model);
        // The model's slopes are an independent-slope (AD) witness; the exact Clarke engine decides (an AD-only point fails).
        var cert = KktCertifier.Check(Instance, point, out var why);
        if (cert is null) { reason = $"the exact evaluator does not confirm a KKT point: {why}"; return null; }
        if (cert.Ncf.Sign <= 0) { reason = "the exact evaluator gives N ≤ 0"; return null; }
        reason = "";
        return cert;
    }

    /// <summary>The Clarke slopes of a model at the kinks of <paramref name="point"/>, keyed "layer l, neuron j, sample i" (1-based).</summary>
    public Dictionary<string, string> ClarkeChoices(IReadOnlyDictionary<string, Rational> model, WeightPoint point)
    {
        var eval = _ncf.Evaluate(point);
        return eval.Kinks.ToDictionary(k => $"layer {k.Layer}, neuron {k.Neuron + 1}, sample {k.Sample + 1}",
            k => model.TryGetValue($"th_{_ncf.Site(k.Layer, k.Neuron, k.Sample)}", out var t) ? t.ToString() : k.Low.ToString());
    }

    /// <summary>SMT term of the pre-activation of hidden layer <paramref name="layer"/> (1-based), neuron and sample (0-based).</summary>
    public Term PreActivation(int layer, int neuron, int sample) => _text.Roots[1 + Instance.Network.WeightCount + _ncf.Site(layer, neuron, sample)];

    /// <summary>Assertions that no hidden pre-activation is 0 at any sample: the point lies off every kink.</summary>
    public IEnumerable<Term> OffKinks()
    {
        int first = 1 + Instance.Network.WeightCount;
        for (int k = first; k < _text.Roots.Count; k++) yield return Term.Not(Term.Eq(_text.Roots[k], Term.Zero));
    }
}
