using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;
using Checker.Symbolic.Smt;
using Checker.Verification.Solvers;

namespace Checker.Verification.RankOne;

/// <summary>
/// Decides "a rank-one KKT point with N &gt; 0 satisfying <c>extra</c>" (a query of <see cref="RankOneSmtEncoding"/> over
/// W_l = a_l b_lᵀ, W_L = b_Lᵀ) by splitting it into cases a solver settles quickly, instead of one query nlsat rarely
/// finishes (C5 on a 2-3-1 net with n = 3 stayed unknown after 60 s in z3 and cvc5; its cases take 0.05 s each).
/// <para>
/// <b>Factor cases, without loss of generality</b> (docs/theory.md#rank-one-case-split): permuting the neurons of hidden
/// layer l permutes the entries of a_l and of b_{l+1} together, and replacing (a_l, b_l) by (α a_l, b_l / α), α ≠ 0,
/// leaves W_l unchanged; N, its gradient, the KKT conditions, the Clarke ranges and the properties C5 asks about
/// (b_{l+1} ∥ a_l, a_l sign-definite) are invariant under both. a_l = 0 gives W_l = 0 and N = 0. A zero entry of a_l is
/// a dormant neuron (its outgoing column vanishes at a KKT point with N &gt; 0), and splitting a non-zero neuron in two
/// with the rational weights 3/5 and 4/5 (the split lemma of docs/theory.md#rank-one-case-split) gives an equivalent
/// point with one zero fewer. So every point has an equivalent one in which each a_l has no zero entry, its p positive
/// entries first and then q = width − p negative ones, p ≥ q (else α = −1), and a_l[0] = 1 (α &gt; 0): one case per p
/// per layer (<see cref="SignedFactorCases"/>; the C4 converse's non-negative factors have one, <see cref="NonNegativeFactorCases"/>).
/// </para>
/// <para>
/// <b>Activation cases, by structure</b> (docs/theory.md#rank-one-case-split): the rows of W_l are multiples of b_lᵀ, so
/// the pre-activation of neuron j of layer l at sample i is a_l[j] times the scalar z_{l,i} = b_lᵀh_{l−1,i}, and
/// h_{l,i} = z_{l,i}·σ(a_l) for z_{l,i} ≥ 0, |z_{l,i}|·σ(−a_l) for z_{l,i} &lt; 0. Hence the signs of layer 1 are a face
/// of the central arrangement {x_iᵀb₁ = 0} (enumerated exactly, with an LP per candidate), and for l ≥ 2 every sample
/// with z_{l−1,i} &gt; 0 has the sign of β₊ = b_lᵀσ(a_{l−1}), every one with z_{l−1,i} &lt; 0 that of β₋ = b_lᵀσ(−a_{l−1}),
/// and a zero stays zero: at most nine sign choices per deeper layer, instead of three per sample. Each (factor case,
/// face) pair is one independent case (run on <c>--jobs</c> threads); a face the solver leaves undecided within a short
/// limit is split on the signs of β₊, β₋ layer by layer; with every layer fixed the signs of all pre-activations are
/// asserted, every <c>ite</c> of the encoding is resolved and the query is a polynomial system.
/// </para>
/// Every leaf of the split is a query of its own (a certificate file when certificates are written); the claim holds
/// on the instance exactly when every leaf is unsat. A sat leaf is a witness for the caller to re-check.
/// </summary>
public sealed class RankOneCaseSplit
{
    /// <param name="FacesExcluded">Faces of the input arrangement left out because no point on them is differentiable
    /// (the caller's <c>undifferentiable</c> test: Lemma 6, <see cref="KinkedInputFace"/>).</param>
    public sealed record Outcome(SmtStatus Status, string Reason, SmtQuery? Query, SmtAnswer? Answer, IReadOnlyList<Term> Case, int Classes, int Queries, int Leaves,
        int FacesExcluded = 0);

    /// <summary>One factor case: its assertions, and the sign of every entry of every a_l (a_l[0] &gt; 0), which fixes the
    /// sign of each neuron's pre-activation relative to neuron 0's.</summary>
    public sealed record FactorCase(IReadOnlyList<Term> Assertions, IReadOnlyList<int[]> NeuronSigns);

    private readonly RankOneSmtEncoding _enc;
    private readonly Network _net;
    private readonly int _n;

    public RankOneCaseSplit(RankOneSmtEncoding encoding)
    {
        _enc = encoding;
        _net = encoding.Instance.Network;
        _n = encoding.Instance.SampleCount;
    }

    /// <summary>The factor cases of W_l = a_l b_lᵀ (C5): for each hidden layer l a number p with width/2 ≤ p ≤ width:
    /// a_l[0] = 1, entries 1..p−1 positive, the rest negative (no zero entry: the split lemma).</summary>
    public static List<FactorCase> SignedFactorCases(Network net, Func<int, int, Term> a) =>
        Product(net, (l, m) =>
        {
            var options = new List<(List<Term>, int[])>();
            for (int p = m; 2 * p >= m; p--)
                options.Add((Enumerable.Range(0, m).Select(r => r == 0 ? Term.Eq(a(l, 0), Term.One) : r < p ? Term.Gt(a(l, r), Term.Zero) : Term.Lt(a(l, r), Term.Zero)).ToList(),
                    Enumerable.Range(0, m).Select(r => r < p ? 1 : -1).ToArray()));
            return options;
        });

    /// <summary>The factor case of the C4 converse, W_l = s_l a_l a_{l−1}ᵀ with a_l ≥ 0, a_l ≠ 0: positive scaling of a_l
    /// keeps "KKT point with positive multipliers and N &gt; 0" and the direction of b, and the split lemma removes zero
    /// entries; so a_l[0] = 1 and every entry positive — one case.</summary>
    public static List<FactorCase> NonNegativeFactorCases(Network net, Func<int, int, Term> a) =>
        Product(net, (l, m) => [(Enumerable.Range(0, m).Select(r => r == 0 ? Term.Eq(a(l, 0), Term.One) : Term.Gt(a(l, r), Term.Zero)).ToList(),
            Enumerable.Repeat(1, m).ToArray())]);

    private static List<FactorCase> Product(Network net, Func<int, int, List<(List<Term> Terms, int[] Signs)>> perLayer)
    {
        IEnumerable<(List<Term> Terms, List<int[]> Signs)> acc = [([], [])];
        for (int l = 1; l < net.Depth; l++)
        {
            var options = perLayer(l, net.Widths[l]);
            acc = acc.SelectMany(prefix => options.Select(o => (prefix.Terms.Concat(o.Terms).ToList(), prefix.Signs.Append(o.Signs).ToList()))).ToList();
        }
        return acc.Select(x => new FactorCase(x.Terms, x.Signs)).ToList();
    }

    /// <summary>
    /// The faces of the central arrangement {b : x_iᵀb = 0} met by some b ≠ 0: the sign vectors (−1, 0, +1 per sample) of
    /// b ↦ (x_iᵀb)_i, each decided by an exact LP (zero inputs always 0; the all-zero face exists iff the inputs do not span).
    /// </summary>
    public static List<sbyte[]> Faces(IReadOnlyList<Rational[]> inputs, int d)
    {
        var faces = new List<sbyte[]>();
        void Walk(List<sbyte> prefix)
        {
            if (prefix.Count == inputs.Count)
            {
                if (prefix.All(s => s == 0) && RationalLinearAlgebra.Rank([.. inputs.Select(x => x.ToArray())], d) == d) return;
                faces.Add([.. prefix]);
                return;
            }
            var x = inputs[prefix.Count];
            var options = x.All(v => v.IsZero) ? new sbyte[] { 0 } : [1, -1, 0];
            foreach (var s in options)
            {
                prefix.Add(s);
                if (Feasible(inputs, prefix, d)) Walk(prefix);
                prefix.RemoveAt(prefix.Count - 1);
            }
        }
        Walk([]);
        return faces;
    }

    private static bool Feasible(IReadOnlyList<Rational[]> inputs, List<sbyte> signs, int d)
    {
        var strict = new List<Rational[]>();
        var eq = new List<Rational[]>();
        for (int i = 0; i < signs.Count; i++)
        {
            if (inputs[i].All(v => v.IsZero)) continue;
            if (signs[i] == 0) eq.Add(inputs[i]);
            else strict.Add(inputs[i].Select(v => signs[i] * v).ToArray());
        }
        return ExactLp.StrictSolution(strict, d, eq) is not null;
    }

    /// <summary>
    /// Runs the split until a leaf is sat (returned with its query and answer), every leaf is unsat, or the deadline
    /// passes (unknown, with how many cases were left). <paramref name="nodeLimit"/> bounds a case that may still be split;
    /// a case with every layer's signs fixed gets what is left of <paramref name="leafLimit"/>. The (factor case, face)
    /// pairs are independent and run on up to <paramref name="jobs"/> threads (<see cref="ParallelCases"/>: the sat leaf
    /// reported is the one of the lowest pair, as with one job); within a pair the split is depth-first.
    /// <paramref name="undifferentiable"/> marks faces on which N is differentiable nowhere (Lemma 6); they are left out,
    /// which is sound only for a question asked where N is differentiable (C4's converse, C5).
    /// <para>
    /// <b>Second pass.</b> When the first pass ends with cases open (a leaf that hit its limit, or cases the deadline
    /// reached first) and <paramref name="retryDeadline"/> lies after <paramref name="deadline"/>, the open cases — and only
    /// they — run again until <paramref name="retryDeadline"/>, a leaf's query limited only by that deadline (a node that may
    /// still be split keeps <paramref name="nodeLimit"/>): the caller's
    /// reserve for a follow-up it needs only after a sat leaf is not left unused while the split answers "undecided"
    /// (relu-dead under load ended C5 with 26 cases open and a quarter of its budget unspent). The cases and their order
    /// are the same as in the first pass, so the verdict still does not depend on <paramref name="jobs"/>.
    /// </para>
    /// </summary>
    public Outcome Run(string name, IReadOnlyList<Term> extra, IReadOnlyList<FactorCase> classes, ISmtSolver solver, DateTime deadline,
        TimeSpan nodeLimit, TimeSpan leafLimit, IProgress<CheckProgress>? progress, CancellationToken ct, int jobs = 1,
        Func<sbyte[], bool>? undifferentiable = null, DateTime? retryDeadline = null)
    {
        var all = Faces(_enc.Instance.Inputs, _enc.Instance.Dimension);
        var faces = undifferentiable is null ? all : all.Where(f => !undifferentiable(f)).ToList();
        int excluded = all.Count - faces.Count;
        var items = classes.SelectMany((c, ci) => faces.Select((f, fi) => (Class: c, ClassIndex: ci, Face: f, FaceIndex: fi))).ToList();
        var open = items.Select(it => (IReadOnlyList<List<sbyte[]>>)[[it.Face]]).ToList();
        int queries = 0, leaves = 0;
        var pass = Pass(name, extra, classes.Count, faces.Count, items, open, solver, deadline, nodeLimit, leafLimit, progress, ct, jobs, 0);
        queries += pass.Queries; leaves += pass.Leaves;
        if (pass.Sat is null && pass.Undecided > 0 && !ct.IsCancellationRequested && retryDeadline is { } late && late - DateTime.UtcNow > TimeSpan.FromSeconds(0.5))
        {
            var second = Pass(name, extra, classes.Count, faces.Count, items, pass.Open, solver, late, nodeLimit, TimeSpan.MaxValue, progress, ct, jobs, queries);
            queries += second.Queries; leaves += second.Leaves;
            pass = second with { Reason = second.Reason.Length > 0 ? second.Reason + $", after a second pass over the {pass.Undecided} case(s) the first left open" : "" };
        }
        if (pass.Sat is { } sat)
            return new Outcome(SmtStatus.Sat, "", sat.Query, sat.Answer, sat.Case, classes.Count, queries, leaves + 1, excluded);
        if (pass.Undecided == 0) return new Outcome(SmtStatus.Unsat, "", null, null, [], classes.Count, queries, leaves, excluded);
        return new Outcome(SmtStatus.Unknown,
            $"{pass.Undecided} case(s) of the split left undecided ({pass.Reason}); {leaves} case(s) proved unsat in {queries} queries",
            null, null, [], classes.Count, queries, leaves, excluded);
    }

    private sealed record PassResult(int Queries, int Leaves, int Undecided, string Reason, SatLeaf? Sat, List<IReadOnlyList<List<sbyte[]>>> Open);

    /// <summary>One pass over the (factor case, face) pairs, each starting from its open nodes (<paramref name="open"/>,
    /// in depth-first order; none: nothing to do).</summary>
    private PassResult Pass(string name, IReadOnlyList<Term> extra, int classCount, int faceCount,
        List<(FactorCase Class, int ClassIndex, sbyte[] Face, int FaceIndex)> items, IReadOnlyList<IReadOnlyList<List<sbyte[]>>> open,
        ISmtSolver solver, DateTime deadline, TimeSpan nodeLimit, TimeSpan leafLimit, IProgress<CheckProgress>? progress, CancellationToken ct,
        int jobs, int queriesBefore)
    {
        int done = 0, queriesSoFar = queriesBefore;
        var split = ParallelCases.Run(items.Count, jobs, (k, token) =>
        {
            var it = items[k];
            var r = open[k].Count == 0
                ? new ClassResult(0, 0, 0, "", null, [])
                : RunFace(name, extra, it.Class, it.ClassIndex, open[k], it.FaceIndex, solver, deadline, nodeLimit, leafLimit, token);
            int dn = Interlocked.Increment(ref done), q = Interlocked.Add(ref queriesSoFar, r.Queries);
            progress?.Report(new CheckProgress($"{name}: case {dn} of {items.Count} ({classCount} factor cases × {faceCount} faces), {q} queries", dn, items.Count));
            return r;
        }, r => r.Sat is not null, ct);
        var ran = split.Ran.ToList();
        int queries = ran.Sum(r => r.Queries), leaves = ran.Sum(r => r.Leaves);
        if (split.Stop is { Sat: { } sat })
            return new PassResult(queries, leaves, 0, "", sat, []);
        // Cases never started (the caller cancelled) are open as a whole.
        var left = split.Results.Select((r, k) => r is null ? open[k] : r.Open).ToList();
        int undecided = left.Sum(o => o.Count);
        string lastReason = ct.IsCancellationRequested ? "cancelled" : ran.LastOrDefault(r => r.Reason.Length > 0)?.Reason ?? "no time left";
        return new PassResult(queries, leaves, undecided, undecided == 0 ? "" : lastReason, null, left);
    }

    private sealed record SatLeaf(SmtQuery Query, SmtAnswer Answer, IReadOnlyList<Term> Case);

    /// <param name="Open">The nodes left undecided (a leaf at its limit, nodes the deadline reached first), in depth-first
    /// order: where a second pass starts.</param>
    private sealed record ClassResult(int Queries, int Leaves, int Undecided, string Reason, SatLeaf? Sat, IReadOnlyList<List<sbyte[]>> Open);

    /// <summary>The sign of every pre-activation of layer <paramref name="l"/>: neuron j has sign(a_l[j]) times the sign of
    /// the layer's scalar at that sample.</summary>
    private IEnumerable<Term> LayerSigns(FactorCase c, int l, sbyte[] signs)
    {
        var ns = c.NeuronSigns[l - 1];
        // At L = 2 only neuron 0's sign is asserted, as on main (the others follow from the signs of a_1): the extra
        // product atoms measurably slowed z3 on some depth-2 leaves (C5_holds_exactly, leaky 1/10, seed 6).
        int width = _net.Depth == 2 ? 1 : ns.Length;
        for (int i = 0; i < _n; i++)
            for (int j = 0; j < width; j++)
            {
                int s = signs[i] * ns[j];
                yield return Term.App(s > 0 ? ">" : s < 0 ? "<" : "=", _enc.PreActivation(l, j, i), Term.Zero);
            }
    }

    /// <summary>The sign choices of layer l's scalars given layer l−1's: one sign for the samples with a positive scalar
    /// below (β₊), one for the negative ones (β₋), zero stays zero.</summary>
    private static IEnumerable<sbyte[]> NextLayer(sbyte[] below)
    {
        bool anyPos = below.Any(s => s > 0), anyNeg = below.Any(s => s < 0);
        foreach (sbyte p in anyPos ? new sbyte[] { 1, -1, 0 } : [0])
            foreach (sbyte m in anyNeg ? new sbyte[] { 1, -1, 0 } : [0])
                yield return below.Select(s => s > 0 ? p : s < 0 ? m : (sbyte)0).ToArray();
    }

    /// <summary>
    /// The group-kink lemma (docs/theory.md#rank-one-case-split), for a leaf whose last hidden layer l = L − 1 ≥ 2 sits on a
    /// kink for a whole group: if β₊ = 0, every sample with z_{l−1,i} &gt; 0 (the group G₊, input h_{l−1,i} = z_{l−1,i}σ(a_{l−1}))
    /// has all of layer l at 0. Where N is differentiable the gradient is the same for the adjacent patterns that put
    /// neuron j of layer l on either side of G₊ (perturb row j of W_l along σ(a_{l−1})); their difference in row j of W_l
    /// is (a₋ − a₊)·b_L[j]·Σ_{i∈G₊} y_i z_{l−1,i}·σ(a_{l−1}), and b_L[j] ≠ 0, σ(a_{l−1}) ≠ 0 (a_{l−1}[0] = 1), so
    /// Σ_{i∈G₊} y_i z_{l−1,i} = 0. Likewise for β₋ = 0 and G₋ when σ(−a_{l−1}) ≠ 0 (a₋ ≠ 0 or a negative entry). When both
    /// groups are kinked and σ(−a_{l−1}) = −(a₋/a₊)σ(a_{l−1}) (no negative entry, a₋ &gt; 0) one perturbation moves both
    /// groups to opposite sides, and the condition is a₊Σ_{G₊} y_i z_{l−1,i} − a₋Σ_{G₋} y_i z_{l−1,i} = 0. These hold at
    /// every point of the leaf where N is differentiable, which is all C5 and C4's converse are stated for.
    /// </summary>
    private IEnumerable<Term> GroupKinkLemma(FactorCase c, List<sbyte[]> layers)
    {
        int l = _net.Depth - 1;
        if (l < 2 || layers.Count != l) yield break;
        var below = layers[l - 2];
        var here = layers[l - 1];
        var y = _enc.Instance.Labels;
        var act = _net.Activation;
        var gPlus = Enumerable.Range(0, _n).Where(i => below[i] > 0).ToList();
        var gMinus = Enumerable.Range(0, _n).Where(i => below[i] < 0).ToList();
        bool kPlus = gPlus.Count > 0 && here[gPlus[0]] == 0, kMinus = gMinus.Count > 0 && here[gMinus[0]] == 0;
        bool negativeEntry = c.NeuronSigns[l - 2].Any(s => s < 0);
        bool minusAlive = !act.Neg.IsZero || negativeEntry;
        Term Sum(List<int> g) => Term.Sum(g.Where(i => !y[i].IsZero).Select(i => Term.Mul(y[i], _enc.PreActivation(l - 1, 0, i))));
        if (kPlus && kMinus && !negativeEntry && !act.Neg.IsZero)
        {
            yield return Term.Eq(Term.Sum([Term.Mul(act.Pos, Sum(gPlus)), Term.Mul(-act.Neg, Sum(gMinus))]), Term.Zero);
            yield break;
        }
        if (kPlus) yield return Term.Eq(Sum(gPlus), Term.Zero);
        if (kMinus && minusAlive) yield return Term.Eq(Sum(gMinus), Term.Zero);
    }

    /// <summary>One (factor case, face) pair, split depth-first on the signs of β₊, β₋ layer by layer until every leaf is
    /// decided, a leaf is sat, or the deadline or the token ends it.</summary>
    private ClassResult RunFace(string name, IReadOnlyList<Term> extra, FactorCase factorCase, int c, IReadOnlyList<List<sbyte[]>> start, int f, ISmtSolver solver,
        DateTime deadline, TimeSpan nodeLimit, TimeSpan leafLimit, CancellationToken ct)
    {
        int queries = 0, leaves = 0;
        string lastReason = "";
        int hidden = _net.Depth - 1;
        var stack = new Stack<List<sbyte[]>>();
        for (int k = start.Count - 1; k >= 0; k--) stack.Push(start[k]);
        var open = new List<List<sbyte[]>>();
        static char Code(sbyte s) => s > 0 ? 'p' : s < 0 ? 'm' : 'z';
        while (stack.Count > 0)
        {
            var layers = stack.Pop();
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero || ct.IsCancellationRequested)
            {
                // Out of time either way (the split's deadline or the check's): say how much was left, not just "cancelled".
                if (ct.IsCancellationRequested) lastReason = "cancelled";
                open.Add(layers);
                open.AddRange(stack);
                break;
            }
            bool leaf = layers.Count == hidden;
            var limit = leaf ? leafLimit : nodeLimit;
            if (limit > remaining) limit = remaining;
            var asserts = new List<Term>(extra);
            asserts.AddRange(factorCase.Assertions);
            for (int l = 1; l <= layers.Count; l++) asserts.AddRange(LayerSigns(factorCase, l, layers[l - 1]));
            if (leaf) asserts.AddRange(GroupKinkLemma(factorCase, layers));
            var query = _enc.Query($"{name}-case{c + 1}-face{f + 1}-" + string.Join("-", layers.Select(s => string.Concat(s.Select(Code)))), asserts);
            var answer = solver.Solve(query, limit, ct);
            queries++;
            switch (answer.Status)
            {
                case SmtStatus.Unsat:
                    leaves++;
                    continue;
                case SmtStatus.Sat:
                    return new ClassResult(queries, leaves, open.Count, lastReason, new SatLeaf(query, answer, asserts.Skip(extra.Count).ToList()), open);
                default:
                    lastReason = answer.Reason;
                    if (leaf) { open.Add(layers); continue; }
                    foreach (var next in NextLayer(layers[^1]).Reverse()) stack.Push([.. layers, next]);
                    continue;
            }
        }
        return new ClassResult(queries, leaves, open.Count, lastReason, null, open);
    }
}
