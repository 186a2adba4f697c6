using System.Numerics;
using Checker.Symbolic.Expressions;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Polynomials;
using Checker.Symbolic.Smt;
using Checker.Verification.Solvers;

namespace Checker.Verification.RankOne;

/// <summary>
/// The structural route of C6 (docs/theory.md#c6-structure): on one closed cell of b, the factorisation identities
/// (F1)–(F4) of a non-negative rank-one point W_1 = u_1 bᵀ, W_l = u_l v_lᵀ, W_L = v_Lᵀ, checked exactly as identities
/// between canonical polynomials in the factors (u, v, b). One side is the network's own expression DAG (N and
/// reverse-mode ∇N, σ on the cell's branches, <see cref="PolynomialCells.LayerSigns"/>) and the width-one DAG of the
/// reduced objective f; the other side is the hand-derived factor form computed here from the data, independently of
/// the DAG:
/// <list type="bullet">
/// <item>(F1) N = K·f(b), K = Π_{l&lt;L} m_l^{p^{L−1−l}}, m_l = v_{l+1}ᵀu_l^{∘p} (the lift lemma);</item>
/// <item>(F2) ∇_{W_L}N = ρ_L (u_{L−1}^{∘p})ᵀ, ∇_{W_l}N = ρ_l P_l (u_{l−1}^{∘p})ᵀ (1 &lt; l &lt; L), ∇_{W_1}N = P_1 Gᵀ with
/// P_l = u_l^{∘(p−1)} ⊙ v_{l+1} and the scalars ρ_l and vector G of the backward pass below;</item>
/// <item>(F3) m_1 G = K ∇f(b);</item>
/// <item>(F4) ⟨W_l, ∇_{W_l}N⟩ = p^{L−l} N for every layer.</item>
/// </list>
/// With these, the per-layer equal-magnitude lemma and the lift lemma of docs/theory.md#c6-structure prove C6's
/// necessity, and its sufficiency and value law (with <see cref="LiftFactorSquared"/>), on every point of the cell.
/// <see cref="Certificate"/> states the same identities as an SMT query (expected unsat) for a stock solver.
/// </summary>
public sealed class PolynomialRankOneStructure
{
    /// <summary>The expansion guard per polynomial (terms); a cell whose polynomials are larger is left to the solver.</summary>
    public const long MaxTerms = 200_000;

    public sealed record CellProof(bool Holds, string Reason, long LargestTerms);

    private readonly Instance _instance;
    private readonly PolynomialReducedProblem _reduced;
    private readonly Lazy<NcfExpression> _ncf;
    private readonly PolynomialRing _ring;
    private readonly Dictionary<string, int> _index = [];

    public PolynomialRankOneStructure(Instance instance, PolynomialReducedProblem reduced)
    {
        _instance = instance;
        _reduced = reduced;
        _ncf = new Lazy<NcfExpression>(() => NcfExpression.Build(instance));
        _ring = new PolynomialRing(Names(instance.Network, instance.Dimension));
        for (int k = 0; k < _ring.VariableCount; k++) _index[_ring.Names[k]] = k;
    }

    /// <summary>The factor variables: u_l (1 ≤ l &lt; L), then v_1 = b, v_2, …, v_L (names as in the necessity query).</summary>
    private static List<string> Names(Network net, int d)
    {
        var names = new List<string>();
        for (int l = 1; l < net.Depth; l++) for (int r = 0; r < net.Widths[l]; r++) names.Add(PolynomialRankOneQueries.U(l, r));
        for (int l = 1; l <= net.Depth; l++) for (int c = 0; c < (l == 1 ? d : net.Widths[l - 1]); c++) names.Add(PolynomialRankOneQueries.V(l, c));
        return names;
    }

    // Per-sample proofs, by (sample, branch): see CheckBySample.
    private readonly Dictionary<(int Sample, int Branch), CellProof> _perSample = [];
    private readonly Dictionary<int, PolynomialRankOneStructure> _samples = [];

    /// <summary>
    /// (F1)–(F4) on the closed cell <paramref name="cell"/>, sample by sample: N, ∇N, f, ∇f and every factor form are sums
    /// over the samples of terms that depend only on that sample's branch ε_i (K and m_1 do not depend on the data), so the
    /// identities of the one-sample instances (x_i, y_i) on branch ε_i add up to the cell's. Each (sample, branch) is
    /// expanded once and reused by every cell that contains it: 2n small expansions instead of one full one per cell.
    /// Samples with y_i = 0 contribute nothing.
    /// </summary>
    public CellProof CheckBySample(IReadOnlyList<int> cell, long maxTerms = MaxTerms)
    {
        long largest = 0;
        for (int i = 0; i < _instance.SampleCount; i++)
        {
            if (_instance.Labels[i].IsZero) continue;
            if (!_perSample.TryGetValue((i, cell[i]), out var proof))
            {
                if (!_samples.TryGetValue(i, out var one))
                {
                    var inst = new Instance($"{_instance.Name}[{i + 1}]", [_instance.Inputs[i]], [_instance.Labels[i]], _instance.Network);
                    _samples[i] = one = new PolynomialRankOneStructure(inst, new PolynomialReducedProblem(inst));
                }
                _perSample[(i, cell[i])] = proof = one.Check([cell[i]], maxTerms);
            }
            if (!proof.Holds) return new CellProof(false, $"sample {i + 1}: {proof.Reason}", proof.LargestTerms);
            largest = Math.Max(largest, proof.LargestTerms);
        }
        return new CellProof(true, "", largest);
    }

    /// <summary>Checks (F1)–(F4) on the closed cell <paramref name="cell"/> exactly; the reason names the first identity
    /// that fails, or the size guard that stopped the expansion.</summary>
    public CellProof Check(IReadOnlyList<int> cell, long maxTerms = MaxTerms) => Check(cell, maxTerms, cell);

    /// <param name="predictionCell">Test seam: the cell whose branches the factor forms use (the DAG always uses
    /// <paramref name="cell"/>); a different one must make an identity fail.</param>
    internal CellProof Check(IReadOnlyList<int> cell, long maxTerms, IReadOnlyList<int> predictionCell)
    {
        var net = _instance.Network;
        int L = net.Depth, d = _instance.Dimension;
        var ncf = _ncf.Value;
        var signs = PolynomialCells.LayerSigns(net, cell);
        Polynomial U(int l, int r) => _ring.Variable(_index[PolynomialRankOneQueries.U(l, r)]);
        Polynomial V(int l, int c) => _ring.Variable(_index[PolynomialRankOneQueries.V(l, c)]);
        var where = Where(net);
        Polynomial Weight(int k) { var (l, r, c) = where[k]; return l == L ? V(L, c) : U(l, r) * V(l, c); }
        var full = PolynomialExpander.Expand(ncf.Graph, [ncf.Ncf, .. ncf.Gradient], _ring,
            node => { var (l, _, i) = ncf.SiteOf(node.Index); return signs(l, i); }, variableImage: Weight, maxTerms: maxTerms);
        if (full.TooBig) return new CellProof(false, $"the network's polynomials are too large to expand ({full.Reason})", full.LargestTermCount);
        var red = _reduced.Expand(_ring, c => V(1, c), signs, maxTerms);
        if (red.TooBig) return new CellProof(false, $"the reduced objective is too large to expand ({red.Reason})", red.LargestTermCount);
        var ops = new Ops<Polynomial>(_ring.Constant, xs => xs.Aggregate(_ring.Zero, (a, b) => a + b), xs => xs.Aggregate(_ring.One, (a, b) => a * b), (_, x) => x);
        var pred = Predict(_instance, predictionCell, ops, U, V);
        long largest = Math.Max(full.LargestTermCount, red.LargestTermCount);
        var N = full[0];
        if (N != pred.K * red[0]) return new CellProof(false, "(F1) N = K·f(b) fails", largest);
        for (int k = 0; k < net.WeightCount; k++)
            if (full[1 + k] != pred.Gradient[k]) { var (l, r, c) = where[k]; return new CellProof(false, $"(F2) the factor form of ∂N/∂W_{l}[{r},{c}] fails", largest); }
        for (int c = 0; c < d; c++)
            if (pred.M1 * pred.G[c] != pred.K * red[1 + c]) return new CellProof(false, $"(F3) m_1 G_{c} = K ∂f/∂b_{c} fails", largest);
        for (int l = 1; l <= L; l++)
        {
            var sum = _ring.Zero;
            for (int k = 0; k < net.WeightCount; k++) if (where[k].L == l) sum += Weight(k) * full[1 + k];
            if (sum != new Rational(net.LayerDegree(l)) * N) return new CellProof(false, $"(F4) per-layer Euler fails for layer {l}", largest);
        }
        return new CellProof(true, "", largest);
    }

    /// <summary>
    /// (F1)–(F4) on <paramref name="cell"/> as one SMT query whose unsat is their proof: the factors declared, N and ∇N
    /// printed from the network's DAG, f and ∇f from the width-one DAG (σ on the cell's branches), the factor forms as
    /// definitions, and the disjunction of the identities' negations asserted.
    /// </summary>
    public SmtQuery Certificate(IReadOnlyList<int> cell, string name)
    {
        var net = _instance.Network;
        int L = net.Depth, d = _instance.Dimension;
        var ncf = _ncf.Value;
        var signs = PolynomialCells.LayerSigns(net, cell);
        var script = new SmtScript().Logic("QF_NRA");
        var vars = _ring.Names.Select(x => script.Declare(x)).ToArray();
        Term U(int l, int r) => vars[_index[PolynomialRankOneQueries.U(l, r)]];
        Term V(int l, int c) => vars[_index[PolynomialRankOneQueries.V(l, c)]];
        var where = Where(net);
        Term Weight(int k) { var (l, r, c) = where[k]; return l == L ? V(L, c) : Term.Mul(U(l, r), V(l, c)); }
        var text = SmtPrinter.Print(ncf.Graph, [ncf.Ncf, .. ncf.Gradient], new SmtPrintOptions
        {
            VariableTerm = Weight,
            Prefix = "n_",
            Sign = node => { var (l, _, i) = ncf.SiteOf(node.Index); return signs(l, i); },
        });
        script.Add(text.Definitions);
        var f = _reduced.Print(c => V(1, c), "f_", signs);
        script.Add(f.Definitions);
        var ops = new Ops<Term>(c => c, xs => xs.Count == 0 ? Term.Zero : Term.Sum(xs), xs => xs.Count == 0 ? Term.One : xs.Count == 1 ? xs[0] : Term.Mul(xs),
            (n, x) => script.Define("s_" + n, x));
        var pred = Predict(_instance, cell, ops, U, V);
        var N = text.Roots[0];
        var negated = new List<Term> { Term.Not(Term.Eq(N, Term.Mul(pred.K, f.Roots[0]))) };
        for (int k = 0; k < net.WeightCount; k++) negated.Add(Term.Not(Term.Eq(text.Roots[1 + k], pred.Gradient[k])));
        for (int c = 0; c < d; c++) negated.Add(Term.Not(Term.Eq(Term.Mul(pred.M1, pred.G[c]), Term.Mul(pred.K, f.Roots[1 + c]))));
        for (int l = 1; l <= L; l++)
            negated.Add(Term.Not(Term.Eq(Term.Sum(Enumerable.Range(0, net.WeightCount).Where(k => where[k].L == l).Select(k => Term.Mul(Weight(k), text.Roots[1 + k]))),
                Term.Mul(net.LayerDegree(l), N))));
        script.Assert(Term.Or(negated));
        return new SmtQuery(name, script, []);
    }

    /// <summary>
    /// K² at the normalised lift of docs/theory.md#c6-structure (u_1 = c_1a_1, u_l = c_la_l, v_l = a_{l−1}, v_L = c_La_{L−1},
    /// a_l = 1_{S_l}/√|S_l|, c_l² = p^{L−l}/Λ), exactly: m_l = v_{l+1}ᵀu_l^{∘p} = |S_l|·c_l^p·|S_l|^{−(p+1)/2} (times c_L
    /// when l = L−1), so m_l² = (c_l²)^p·|S_l|^{1−p} (·c_L²) is rational and K² = Π_l (m_l²)^{p^{L−1−l}}.
    /// </summary>
    public static Rational LiftFactorSquared(Network net, IReadOnlyList<int> sizes)
    {
        int L = net.Depth, p = net.Activation.Power;
        var k2 = Rational.One;
        for (int l = 1; l < L; l++)
        {
            var m2 = PolynomialRankOneLaw.LayerScaleSquared(net, l).Pow(p) / new Rational(sizes[l - 1]).Pow(p - 1);
            if (l == L - 1) m2 *= PolynomialRankOneLaw.LayerScaleSquared(net, L);
            k2 *= m2.Pow((int)BigInteger.Pow(p, L - 1 - l));
        }
        return k2;
    }

    private static (int L, int R, int C)[] Where(Network net)
    {
        var where = new (int L, int R, int C)[net.WeightCount];
        for (int l = 1; l <= net.Depth; l++)
        {
            var (rows, cols) = net.Shape(l);
            for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) where[net.Index(l, r, c)] = (l, r, c);
        }
        return where;
    }

    /// <summary>The ring operations the factor forms are computed in (canonical polynomials for the check, SMT terms with
    /// shared definitions for the certificate).</summary>
    internal sealed record Ops<T>(Func<Rational, T> Const, Func<IReadOnlyList<T>, T> Sum, Func<IReadOnlyList<T>, T> Product, Func<string, T, T> Share);

    internal sealed record Predicted<T>(T[] Gradient, T K, T M1, T[] G);

    /// <summary>
    /// The factor forms, from the data alone. Forward: s_{1,i} = x_iᵀb, s_{l+1,i} = m_l σ_{l,i}(s_{l,i}) (σ_{l,i} the
    /// cell's monomial a_±z^p at layer l, sample i). Backward: β_{L−1,i} = σ'(s_{L−1,i}), β_{l,i} = σ'(s_{l,i}) m_{l+1} β_{l+1,i}.
    /// ρ_L = Σ_i y_i σ(s_{L−1,i}), ρ_l = Σ_i y_i β_{l,i} σ(s_{l−1,i}), G = Σ_i y_i β_{1,i} x_i (docs/theory.md#c6-structure).
    /// </summary>
    internal static Predicted<T> Predict<T>(Instance inst, IReadOnlyList<int> cell, Ops<T> o, Func<int, int, T> u, Func<int, int, T> v)
    {
        var net = inst.Network;
        var act = net.Activation;
        int L = net.Depth, p = act.Power, n = inst.SampleCount, d = inst.Dimension;
        var signs = PolynomialCells.LayerSigns(net, cell);
        T Pow(T x, int e) => e == 0 ? o.Const(Rational.One) : o.Product(Enumerable.Repeat(x, e).ToList());
        Rational A(int l, int i) => signs(l, i) > 0 ? act.Pos : act.Neg;
        T Sigma(int l, int i, T z) => o.Product([o.Const(A(l, i)), Pow(z, p)]);
        T SigmaPrime(int l, int i, T z) => o.Product([o.Const(A(l, i) * p), Pow(z, p - 1)]);
        var q = new T[L][];
        var P = new T[L][];
        var m = new T[L];
        for (int l = 1; l < L; l++)
        {
            int k = net.Widths[l];
            q[l] = Enumerable.Range(0, k).Select(j => Pow(u(l, j), p)).ToArray();
            P[l] = Enumerable.Range(0, k).Select(j => o.Product([Pow(u(l, j), p - 1), v(l + 1, j)])).ToArray();
            m[l] = o.Share($"m_{l}", o.Sum(Enumerable.Range(0, k).Select(j => o.Product([v(l + 1, j), q[l][j]])).ToList()));
        }
        var sig = new T[L, n];
        var beta = new T[L, n];
        var used = Enumerable.Range(0, n).Where(i => !inst.Labels[i].IsZero).ToList();
        foreach (int i in used)
        {
            var x = inst.Inputs[i];
            var s = o.Share($"t_{i}", o.Sum(Enumerable.Range(0, d).Where(c => !x[c].IsZero).Select(c => o.Product([o.Const(x[c]), v(1, c)])).ToList()));
            var pre = new T[L];
            for (int l = 1; l < L; l++)
            {
                pre[l] = s;
                sig[l, i] = o.Share($"sigma_{l}_{i}", Sigma(l, i, s));
                if (l + 1 < L) s = o.Share($"s_{l + 1}_{i}", o.Product([m[l], sig[l, i]]));
            }
            beta[L - 1, i] = o.Share($"beta_{L - 1}_{i}", SigmaPrime(L - 1, i, pre[L - 1]));
            for (int l = L - 2; l >= 1; l--)
                beta[l, i] = o.Share($"beta_{l}_{i}", o.Product([SigmaPrime(l, i, pre[l]), m[l + 1], beta[l + 1, i]]));
        }
        var rho = new T[L + 1];
        rho[L] = o.Share($"rho_{L}", o.Sum(used.Select(i => o.Product([o.Const(inst.Labels[i]), sig[L - 1, i]])).ToList()));
        for (int l = 2; l < L; l++)
            rho[l] = o.Share($"rho_{l}", o.Sum(used.Select(i => o.Product([o.Const(inst.Labels[i]), beta[l, i], sig[l - 1, i]])).ToList()));
        var G = Enumerable.Range(0, d).Select(c => o.Share($"G_{c}", o.Sum(used.Where(i => !inst.Inputs[i][c].IsZero)
            .Select(i => o.Product([o.Const(inst.Labels[i] * inst.Inputs[i][c]), beta[1, i]])).ToList()))).ToArray();
        var grad = new T[net.WeightCount];
        for (int l = 1; l <= L; l++)
        {
            var (rows, cols) = net.Shape(l);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    grad[net.Index(l, r, c)] = l == L ? o.Product([rho[L], q[L - 1][c]])
                        : l == 1 ? o.Product([P[1][r], G[c]])
                        : o.Product([rho[l], P[l][r], q[l - 1][c]]);
        }
        var K = o.Share("K", o.Product(Enumerable.Range(1, L - 1).Select(l => Pow(m[l], (int)BigInteger.Pow(p, L - 1 - l))).ToList()));
        return new Predicted<T>(grad, K, m[1], G);
    }
}
