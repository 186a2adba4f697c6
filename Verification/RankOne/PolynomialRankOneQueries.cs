using Checker.Symbolic.Expressions;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;
using Checker.Verification.FullNetwork;
using Checker.Verification.Solvers;

namespace Checker.Verification.RankOne;

/// <summary>
/// C6's two SMT questions (docs/theory.md#c6-polynomial-rank-one; the algebra is in <see cref="PolynomialRankOneLaw"/>), as SMT-LIB2 text over QF_NRA.
/// <list type="bullet">
/// <item><b>Necessity</b> (<see cref="Necessity"/>): W_1 = u_1 bᵀ, W_l = u_l v_lᵀ (2 ≤ l ≤ L−1), W_L = v_Lᵀ with u_l ≥ 0 and
/// v_l ≥ 0 (l ≥ 2) — every non-negative rank-one point, alignment not assumed — certifies a KKT point with N &gt; 0
/// (the form of <see cref="RankOneSmtEncoding"/>: unnormalised, one positive multiplier per layer, so models stay rational;
/// split further by the support pattern of the u_l, <see cref="SupportPatterns"/>) and
/// violates one stated condition: v_{l+1} ∦ u_l; two non-zero entries of some u_l differ; the C3 norm law in its
/// scale-free form μ_l‖W_l‖² = d_l N (at the balanced rescaling this is ‖W_l‖² = d_l/Λ); or b is not a positive reduced
/// KKT direction (f(b) ≤ 0 or ∇f(b) ∦ b). Each scale is fixed where that loses nothing (Σu_l = 1, Σv_l = 1 for l ≥ 2;
/// per-layer positive rescaling keeps the per-layer KKT form and every condition).</item>
/// <item><b>Sufficiency and value law</b> (<see cref="Sufficiency"/>), per support-size choice (|S_1|, …, |S_{L−1}|) with
/// S_l the first |S_l| neurons (hidden-neuron permutations are symmetries): unit b with f(b) &gt; 0 (and ∇f(b) = νb when
/// asked for reduced KKT points), c_l &gt; 0 with c_l² = d_l/Λ, r_l &gt; 0 with r_l² = |S_l|, q_l r_l = 1, κ &gt; 0 with
/// κ² = C², weights W_1 = c_1 q_1 1_{S_1}bᵀ, W_l = c_l q_l q_{l−1} 1_{S_l}1_{S_{l−1}}ᵀ, W_L = c_L q_{L−1} 1_{S_{L−1}}ᵀ, and
/// a negated conclusion (<see cref="SufficiencyPart"/>): ‖w‖ ≠ 1, N ≤ 0, some ∂N/∂w_k ≠ ΛN w_k, or N Π r_l^{e_l} ≠ κ f(b).
/// Square roots are constrained variables, never rounded.</item>
/// </list>
/// Every query is restricted to one closed cell of b (<see cref="PolynomialCells"/>), where σ prints as one monomial.
/// </summary>
public sealed class PolynomialRankOneQueries
{
    private readonly Instance _instance;
    private readonly PolynomialReducedProblem _reduced;
    private readonly PolynomialLawTerms _law;
    // Built once and only printed from (printing adds no nodes), so every query shares it.
    private readonly Lazy<NcfExpression> _ncf;

    public PolynomialRankOneQueries(Instance instance) : this(instance, PolynomialLawTerms.Derived) { }

    internal PolynomialRankOneQueries(Instance instance, PolynomialLawTerms law)
    {
        _instance = instance;
        _reduced = new PolynomialReducedProblem(instance);
        _law = law;
        _ncf = new Lazy<NcfExpression>(() => NcfExpression.Build(instance));
    }

    public PolynomialReducedProblem Reduced => _reduced;

    public static string U(int l, int r) => $"u{l}_{r}";
    public static string V(int l, int c) => $"v{l}_{c}";

    // ---------------------------------------------------------------- shared

    private (int L, int R, int C)[] Where()
    {
        var net = _instance.Network;
        var where = new (int L, int R, int C)[net.WeightCount];
        for (int l = 1; l <= net.Depth; l++)
        {
            var (rows, cols) = net.Shape(l);
            for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) where[net.Index(l, r, c)] = (l, r, c);
        }
        return where;
    }

    /// <summary>
    /// N, ∇N (flat order) and the hidden pre-activations (site order) of the full network with W_l[r, c] printed as
    /// <paramref name="weightTerm"/>, every σ on the closed branch of <paramref name="cell"/>; definitions go to
    /// <paramref name="sb"/>, which also receives the assertions that each pre-activation has its closed sign.
    /// </summary>
    private IReadOnlyList<Term> NetworkTerms(SmtScript script, Func<int, int, int, Term> weightTerm, IReadOnlyList<int> cell)
    {
        var where = Where();
        var ncf = _ncf.Value;
        var signs = PolynomialCells.LayerSigns(_instance.Network, cell);
        var text = SmtPrinter.Print(ncf.Graph, [ncf.Ncf, .. ncf.Gradient, .. ncf.PreActivations], new SmtPrintOptions
        {
            VariableTerm = j => weightTerm(where[j].L, where[j].R, where[j].C),
            Prefix = "n_",
            Sign = node => { var (l, _, i) = ncf.SiteOf(node.Index); return signs(l, i); },
        });
        if (text.Declarations.Count > 0) throw new InvalidOperationException("every weight must be given by the parametrisation");
        script.Add(text.Definitions);
        int first = 1 + _instance.Network.WeightCount;
        for (int k = first; k < text.Roots.Count; k++)
        {
            var (l, _, i) = ncf.SiteOf(k - first);
            script.Assert(signs(l, i) > 0 ? Term.Ge(text.Roots[k], Term.Zero) : Term.Le(text.Roots[k], Term.Zero));
        }
        return text.Roots;
    }

    /// <summary>ε_i x_iᵀb ≥ 0 for every sample, with b_c printed as <paramref name="b"/>(c).</summary>
    private void CellConstraints(SmtScript script, Func<int, Term> b, IReadOnlyList<int> cell)
    {
        for (int i = 0; i < _instance.SampleCount; i++)
        {
            var x = _instance.Inputs[i];
            if (x.All(v => v.IsZero)) continue;
            script.Assert(Term.Ge(Term.Sum(Enumerable.Range(0, x.Length).Where(c => !x[c].IsZero).Select(c => Term.Mul(cell[i] * x[c], b(c)))), Term.Zero));
        }
    }

    // ---------------------------------------------------------------- necessity

    /// <summary>Every support pattern of the u_l: for each layer l &lt; L a non-empty set of positive entries (the rest are
    /// 0; u_l = 0 would make N = 0). Splitting the necessity query by pattern lets the solver drop the zero terms: on a
    /// 2-2-2-1 net a cell that takes z3 seconds whole takes under 0.4 s per pattern.</summary>
    public IEnumerable<bool[][]> SupportPatterns()
    {
        var net = _instance.Network;
        IEnumerable<bool[][]> acc = [[]];
        for (int l = 1; l < net.Depth; l++)
        {
            int k = net.Widths[l];
            var masks = Enumerable.Range(1, (1 << k) - 1).Select(m => Enumerable.Range(0, k).Select(j => ((m >> j) & 1) == 1).ToArray()).ToList();
            acc = acc.SelectMany(prefix => masks.Select(m => (bool[][])[.. prefix, m])).ToList();
        }
        return acc;
    }

    public static string PatternText(bool[][] pattern) => string.Join("/", pattern.Select(m => string.Concat(m.Select(x => x ? '1' : '0'))));

    /// <summary>The necessity query restricted to the closed cell <paramref name="cell"/> of b and, when given, to one
    /// support pattern of the u_l (<see cref="SupportPatterns"/>).</summary>
    public SmtQuery Necessity(IReadOnlyList<int> cell, string name, bool[][]? pattern = null)
    {
        var net = _instance.Network;
        int L = net.Depth;
        var script = new SmtScript();
        var vars = new List<string>();
        Term Declare(string x) { vars.Add(x); return script.Declare(x); }
        var u = new Term[L - 1][];
        var v = new Term[L][];
        for (int l = 1; l <= L; l++)
        {
            if (l < L) u[l - 1] = Enumerable.Range(0, net.Widths[l]).Select(r => Declare(U(l, r))).ToArray();
            v[l - 1] = Enumerable.Range(0, net.Widths[l - 1]).Select(c => Declare(V(l, c))).ToArray();
        }
        var mu = new Term[L + 1];
        for (int l = 1; l <= L; l++) { mu[l] = Declare($"mu_{l}"); script.Assert(Term.Gt(mu[l], Term.Zero)); }
        for (int l = 1; l < L; l++)
        {
            for (int j = 0; j < u[l - 1].Length; j++)
                script.Assert(pattern is null ? Term.Ge(u[l - 1][j], Term.Zero) : pattern[l - 1][j] ? Term.Gt(u[l - 1][j], Term.Zero) : Term.Eq(u[l - 1][j], Term.Zero));
            script.Assert(Term.Eq(Term.Sum(u[l - 1]), Term.One));
        }
        for (int l = 2; l <= L; l++)
        {
            foreach (var x in v[l - 1]) script.Assert(Term.Ge(x, Term.Zero));
            script.Assert(Term.Eq(Term.Sum(v[l - 1]), Term.One));
        }
        CellConstraints(script, c => v[0][c], cell);
        Term Weight(int l, int r, int c) => l == L ? v[l - 1][c] : Term.Mul(u[l - 1][r], v[l - 1][c]);
        var roots = NetworkTerms(script, Weight, cell);
        var N = roots[0];
        script.Assert(Term.Gt(N, Term.Zero));
        var where = Where();
        for (int k = 0; k < net.WeightCount; k++)
            script.Assert(Term.Eq(roots[1 + k], Term.Mul(mu[where[k].L], Weight(where[k].L, where[k].R, where[k].C))));
        var f = _reduced.Print(j => v[0][j], "f_", PolynomialCells.LayerSigns(net, cell));
        script.Add(f.Definitions);
        var violations = new List<Term>();
        for (int l = 1; l < L; l++)
        {
            var uv = Term.Dot(u[l - 1], v[l]);
            violations.Add(Term.Not(Term.Eq(Term.Mul(uv, uv), Term.Mul(Term.Dot(u[l - 1], u[l - 1]), Term.Dot(v[l], v[l])))));
            for (int i = 0; i < u[l - 1].Length; i++)
                for (int j = i + 1; j < u[l - 1].Length; j++)
                    violations.Add(_law.SingleEntrySupports
                        ? Term.And(Term.Gt(u[l - 1][i], Term.Zero), Term.Gt(u[l - 1][j], Term.Zero))
                        : Term.And(Term.Gt(u[l - 1][i], Term.Zero), Term.Gt(u[l - 1][j], Term.Zero), Term.Not(Term.Eq(u[l - 1][i], u[l - 1][j]))));
        }
        for (int l = 1; l <= L; l++)
        {
            var (rows, cols) = net.Shape(l);
            var squares = new List<Term>();
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++) { var w = Weight(l, r, c); squares.Add(Term.Mul(w, w)); }
            violations.Add(Term.Not(Term.Eq(Term.Mul(mu[l], Term.Sum(squares)), Term.Mul(net.LayerDegree(l), N))));
        }
        var grad = f.Roots.Skip(1).ToArray();
        var gb = Term.Dot(grad, v[0]);
        violations.Add(Term.Le(f.Roots[0], Term.Zero));
        violations.Add(Term.Le(gb, Term.Zero));
        violations.Add(Term.Not(Term.Eq(Term.Mul(gb, gb), Term.Mul(Term.Dot(grad, grad), Term.Dot(v[0], v[0])))));
        script.Assert(Term.Or(violations));
        return new SmtQuery(name, script, vars);
    }

    /// <summary>
    /// Re-checks a SAT necessity model in rationals: every assertion of the query (<see cref="ExactModelChecker"/>), then
    /// the KKT property of the weights it defines through the exact evaluator (<see cref="KktCertifier"/>, independent of
    /// the SMT text). Null and the reason when either fails.
    /// </summary>
    public KktCertificate? Recheck(SmtQuery query, SmtAnswer answer, out WeightPoint? point, out string reason)
    {
        point = null;
        if (answer.Model is not { } model) { reason = "the solver gave no model"; return null; }
        if (answer.NonRational is { Count: > 0 } nr) { reason = $"the model is algebraic, not rational ({string.Join(", ", nr)}), so it cannot be re-checked exactly"; return null; }
        if (!ExactModelChecker.Check(query.Script, model, out reason)) return null;
        point = NecessityWeights(model);
        var cert = KktCertifier.Check(_instance, point, out var why);
        if (cert is null) { reason = $"the exact evaluator does not confirm a KKT point: {why}"; return null; }
        if (cert.Ncf.Sign <= 0) { reason = "the exact evaluator gives N ≤ 0"; return null; }
        reason = "";
        return cert;
    }

    /// <summary>The weights a necessity model defines.</summary>
    public WeightPoint NecessityWeights(IReadOnlyDictionary<string, Rational> m) => RankOneFactorWeights.FromModel(_instance.Network, U, V, m);

    /// <summary>
    /// Which of C6's conditions a rational necessity model violates, recomputed in C# from the factors (not from the SMT
    /// text): alignment, equal magnitudes, C3 shares at the certified KKT point, positive reduced KKT direction of b.
    /// </summary>
    public List<string> Violations(IReadOnlyDictionary<string, Rational> m, Rational[] layerShares)
    {
        var net = _instance.Network;
        int L = net.Depth, d = _instance.Dimension;
        var found = new List<string>();
        Rational[] Vec(Func<int, string> name, int count) => Enumerable.Range(0, count).Select(k => m[name(k)]).ToArray();
        for (int l = 1; l < L; l++)
        {
            var u = Vec(r => U(l, r), net.Widths[l]);
            var v = Vec(c => V(l + 1, c), net.Widths[l]);
            Rational uv = 0, uu = 0, vv = 0;
            for (int k = 0; k < u.Length; k++) { uv += u[k] * v[k]; uu += u[k] * u[k]; vv += v[k] * v[k]; }
            if (uv * uv != uu * vv) found.Add($"alignment: v_{l + 1} = ({string.Join(", ", v)}) is not parallel to u_{l} = ({string.Join(", ", u)})");
            var nonzero = u.Where(x => !x.IsZero).Distinct().ToList();
            if (nonzero.Count > 1) found.Add($"equal magnitudes: u_{l} = ({string.Join(", ", u)}) has distinct non-zero entries");
            else if (_law.SingleEntrySupports && u.Count(x => !x.IsZero) > 1) found.Add($"single entry (altered condition): u_{l} = ({string.Join(", ", u)}) has several non-zero entries");
        }
        for (int l = 1; l <= L; l++)
            if (layerShares.Length == L && layerShares[l - 1] != PolynomialRankOneLaw.LayerScaleSquared(net, l))
                found.Add($"C3 norms: ‖W_{l}‖² = {layerShares[l - 1]} at the KKT point, not {PolynomialRankOneLaw.LayerScaleSquared(net, l)}");
        var b = Vec(c => V(1, c), d);
        if (!_reduced.IsPositiveKktDirection(b, out var why)) found.Add($"reduced problem: b = ({string.Join(", ", b)}) is not a positive reduced KKT direction ({why})");
        return found;
    }

    // ---------------------------------------------------------------- sufficiency and value law

    /// <summary>Every support-size choice (|S_1|, …, |S_{L−1}|), 1 ≤ |S_l| ≤ k_l.</summary>
    public IEnumerable<int[]> SupportSizes()
    {
        var net = _instance.Network;
        IEnumerable<int[]> acc = [[]];
        for (int l = 1; l < net.Depth; l++)
        {
            int k = net.Widths[l];
            acc = acc.SelectMany(prefix => Enumerable.Range(1, k).Select(s => (int[])[.. prefix, s])).ToList();
        }
        return acc;
    }

    public static string B(int c) => $"b_{c}";

    /// <summary>Which half of the sufficiency conclusion a query negates (see the type's summary).</summary>
    public enum SufficiencyPart
    {
        /// <summary>‖w‖ = 1, N &gt; 0, ∂N/∂w_k = ΛN w_k off the support of W_1 and in layers ≥ 2, and the value law.</summary>
        Lift,
        /// <summary>Layer 1 on its support: p^{L−1} f(b) ∂N/∂W_1[r, c] = ΛN c_1 q_1 ∂f/∂b_c, and Euler for f
        /// (Σ_c b_c ∂f/∂b_c = p^{L−1} f); with ∇f(b) = νb these give ∂N/∂W_1[r, c] = ΛN W_1[r, c].</summary>
        LayerOne,
    }

    /// <param name="kktB">True: b is constrained to be a reduced KKT point (∇f(b) = νb), the claim's own hypothesis.
    /// False: b is any unit vector of the cell with f(b) &gt; 0 — a stronger statement whose UNSAT implies the claim's
    /// and which the solver decides far faster (no isolated algebraic b); a SAT answer there is re-asked with kktB.</param>
    public SmtQuery Sufficiency(IReadOnlyList<int> sizes, IReadOnlyList<int> cell, SufficiencyPart part, bool kktB, string name)
    {
        var net = _instance.Network;
        int L = net.Depth, d = _instance.Dimension;
        var lambda = new Rational(net.Degree);
        var script = new SmtScript();
        var vars = new List<string>();
        Term Declare(string x) { vars.Add(x); return script.Declare(x); }
        var b = Enumerable.Range(0, d).Select(c => Declare(B(c))).ToArray();
        var nu = kktB ? Declare("nu") : null;
        var cl = new Term[L + 1];
        for (int l = 1; l <= L; l++)
        {
            cl[l] = Declare($"c_{l}");
            script.Assert(Term.Gt(cl[l], Term.Zero));
            script.Assert(Term.Eq(Term.Mul(cl[l], cl[l]), PolynomialRankOneLaw.LayerScaleSquared(net, l)));
        }
        var rl = new Term[L];
        var ql = new Term[L];
        for (int l = 1; l < L; l++)
        {
            rl[l] = Declare($"r_{l}"); ql[l] = Declare($"q_{l}");
            script.Assert(Term.Gt(rl[l], Term.Zero));
            script.Assert(Term.Eq(Term.Mul(rl[l], rl[l]), sizes[l - 1]));
            script.Assert(Term.Eq(Term.Mul(ql[l], rl[l]), Term.One));
        }
        var kappa = Declare("kappa");
        script.Assert(Term.Gt(kappa, Term.Zero));
        script.Assert(Term.Eq(Term.Mul(kappa, kappa), _law.ConstantSquared(net)));
        // b: a unit positive KKT point of the reduced problem.
        CellConstraints(script, c => b[c], cell);
        var f = _reduced.Print(c => b[c], "f_", PolynomialCells.LayerSigns(net, cell));
        script.Add(f.Definitions);
        script.Assert(Term.Eq(Term.Dot(b, b), Term.One));
        script.Assert(Term.Gt(f.Roots[0], Term.Zero));
        if (kktB) for (int c = 0; c < d; c++) script.Assert(Term.Eq(f.Roots[1 + c], Term.Mul(nu!, b[c])));
        // The lifted point; null off the support (weight 0).
        Term? Weight(int l, int r, int c)
        {
            bool inRow = l == L || r < sizes[l - 1], inCol = l == 1 || c < sizes[l - 2];
            if (!inRow || !inCol) return null;
            var parts = new List<Term> { cl[l] };
            if (l < L) parts.Add(ql[l]);
            parts.Add(l == 1 ? b[c] : ql[l - 1]);
            return Term.Mul(parts);
        }
        var where = Where();
        var roots = NetworkTerms(script, (l, r, c) => Weight(l, r, c) ?? Term.Zero, cell);
        var N = roots[0];
        var negated = new List<Term>();
        Term degreeF = net.LayerDegree(1);
        if (part == SufficiencyPart.Lift)
        {
            negated.Add(Term.Not(Term.Eq(Term.Sum(where.Select(w => Weight(w.L, w.R, w.C)).OfType<Term>().Select(t => Term.Mul(t, t))), Term.One)));
            negated.Add(Term.Le(N, Term.Zero));
        }
        for (int k = 0; k < net.WeightCount; k++)
        {
            var w = Weight(where[k].L, where[k].R, where[k].C);
            bool layerOneSupport = where[k].L == 1 && w is not null;
            if (part == SufficiencyPart.LayerOne && layerOneSupport)
                negated.Add(kktB
                    ? Term.Not(Term.Eq(roots[1 + k], Term.Mul(lambda, N, w!)))
                    : Term.Not(Term.Eq(Term.Mul(degreeF, f.Roots[0], roots[1 + k]), Term.Mul(lambda, N, cl[1], ql[1], f.Roots[1 + where[k].C]))));
            if (part == SufficiencyPart.Lift && !layerOneSupport)
                negated.Add(w is null ? Term.Not(Term.Eq(roots[1 + k], Term.Zero)) : Term.Not(Term.Eq(roots[1 + k], Term.Mul(lambda, N, w))));
        }
        if (part == SufficiencyPart.LayerOne && !kktB)
            negated.Add(Term.Not(Term.Eq(Term.Dot(b, f.Roots.Skip(1)), Term.Mul(degreeF, f.Roots[0]))));
        if (part == SufficiencyPart.Lift)
        {
            var rPowers = new List<Term> { N };
            for (int l = 1; l < L; l++)
                for (int e = 0; e < _law.SupportExponent(net, l); e++) rPowers.Add(rl[l]);
            negated.Add(Term.Not(Term.Eq(rPowers.Count == 1 ? N : Term.Mul(rPowers), Term.Mul(kappa, f.Roots[0]))));
        }
        script.Assert(Term.Or(negated));
        return new SmtQuery(name, script, vars);
    }
}
