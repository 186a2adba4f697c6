using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Symbolic.Smt;
using Checker.Verification.Solvers;

namespace Checker.Verification.RankOne;

/// <summary>
/// Decides "a rank-one KKT point with N &gt; 0 satisfying <c>extra</c>" (a query of <see cref="RankOneSmtEncoding"/> over
/// W_l = a_l b_lᵀ, W_L = b_Lᵀ) by splitting it into cases a solver settles quickly, instead of one query nlsat rarely
/// finishes (C5 on a 2-3-1 net with n = 3 stayed unknown after 60 s in z3 and cvc5; its cases take 0.05 s each).
/// <para>
/// <b>Factor cases, without loss of generality</b> (docs/theory.md#rank-one-points): permuting the neurons of hidden layer l permutes the
/// entries of a_l and of b_{l+1} together, and replacing (a_l, b_l) by (α a_l, b_l / α), α ≠ 0, leaves W_l unchanged;
/// N, its gradient, the KKT conditions, the Clarke ranges and the properties C5 asks about (b_{l+1} ∥ a_l, a_l
/// sign-definite) are invariant under both. a_l = 0 gives W_l = 0 and N = 0. So every point has an equivalent one in
/// which each a_l has its p positive entries first, then q negative ones, then zeros, with p ≥ q (else take α = −1),
/// hence p ≥ 1, and a_l[0] = 1 (α &gt; 0). One case per (p, q) per layer; each is a plain assertion set
/// (<see cref="SignedFactorCases"/>; the C4 converse's non-negative factors have their own, <see cref="NonNegativeFactorCases"/>).
/// </para>
/// <para>
/// <b>Activation cases</b>: with a_l[0] = 1 the pre-activation of neuron 0 of layer l at sample i is the scalar
/// b_lᵀh_{l−1,i}, and the signs of the factors then fix the sign of every pre-activation of that layer. A case the
/// solver leaves undecided within a short limit is split three ways (&gt; 0, &lt; 0, = 0) on the next such scalar, layer 1
/// first; with all of them fixed every <c>ite</c> of the encoding is resolved and the query is a polynomial system.
/// </para>
/// Every leaf of the split is a query of its own (a certificate file when certificates are written); the claim holds
/// on the instance exactly when every leaf is unsat. A sat leaf is a witness for the caller to re-check.
/// </summary>
public sealed class RankOneCaseSplit
{
    public sealed record Outcome(SmtStatus Status, string Reason, SmtQuery? Query, SmtAnswer? Answer, IReadOnlyList<Term> Case, int Classes, int Queries, int Leaves);

    private readonly RankOneSmtEncoding _enc;
    private readonly Network _net;
    private readonly int _n;

    public RankOneCaseSplit(RankOneSmtEncoding encoding)
    {
        _enc = encoding;
        _net = encoding.Instance.Network;
        _n = encoding.Instance.SampleCount;
    }

    /// <summary>The factor cases of W_l = a_l b_lᵀ (C5): for each hidden layer l a pair (p, q) with p ≥ q, p ≥ 1,
    /// p + q ≤ width: a_l[0] = 1, entries 1..p−1 positive, the next q negative, the rest 0.</summary>
    public static List<IReadOnlyList<Term>> SignedFactorCases(Network net, Func<int, int, Term> a) =>
        Product(net, (l, m) =>
        {
            var options = new List<List<Term>>();
            for (int p = 1; p <= m; p++)
                for (int q = 0; q <= Math.Min(p, m - p); q++)
                    options.Add(Enumerable.Range(0, m).Select(r => r == 0 ? Term.Eq(a(l, 0), Term.One) : r < p ? Term.Gt(a(l, r), Term.Zero) : r < p + q ? Term.Lt(a(l, r), Term.Zero) : Term.Eq(a(l, r), Term.Zero)).ToList());
            return options;
        });

    /// <summary>The factor cases of the C4 converse, W_l = s_l a_l a_{l−1}ᵀ with a_l ≥ 0, a_l ≠ 0: positive scaling of a_l
    /// keeps "KKT point with positive multipliers and N &gt; 0" and the direction of b, and permuting layer l's neurons
    /// permutes a_l; so a_l[0] = 1, entries 1..p−1 positive and the rest 0, for p = 1..width.</summary>
    public static List<IReadOnlyList<Term>> NonNegativeFactorCases(Network net, Func<int, int, Term> a) =>
        Product(net, (l, m) => Enumerable.Range(1, m)
            .Select(p => Enumerable.Range(0, m).Select(r => r == 0 ? Term.Eq(a(l, 0), Term.One) : r < p ? Term.Gt(a(l, r), Term.Zero) : Term.Eq(a(l, r), Term.Zero)).ToList())
            .ToList());

    private static List<IReadOnlyList<Term>> Product(Network net, Func<int, int, List<List<Term>>> perLayer)
    {
        IEnumerable<List<Term>> acc = [[]];
        for (int l = 1; l < net.Depth; l++)
        {
            var options = perLayer(l, net.Widths[l]);
            acc = acc.SelectMany(prefix => options.Select(o => prefix.Concat(o).ToList())).ToList();
        }
        return acc.Select(x => (IReadOnlyList<Term>)x).ToList();
    }

    /// <summary>The split terms: neuron 0's pre-activation per hidden layer and sample, layer 1 first.</summary>
    private List<Term> SplitTerms()
    {
        var terms = new List<Term>();
        for (int l = 1; l < _net.Depth; l++)
            for (int i = 0; i < _n; i++) terms.Add(_enc.PreActivation(l, 0, i));
        return terms;
    }

    /// <summary>
    /// Runs the split until a leaf is sat (returned with its query and answer), every leaf is unsat, or the deadline
    /// passes (unknown, with how many cases were left). <paramref name="nodeLimit"/> bounds a case that may still be split;
    /// a case with every scalar fixed gets what is left of <paramref name="leafLimit"/>. The factor classes are
    /// independent and run on up to <paramref name="jobs"/> threads (<see cref="ParallelCases"/>: the sat leaf reported is
    /// the one of the lowest class, as with one job); within a class the split is depth-first, as before.
    /// </summary>
    public Outcome Run(string name, IReadOnlyList<Term> extra, IReadOnlyList<IReadOnlyList<Term>> classes, ISmtSolver solver, DateTime deadline,
        TimeSpan nodeLimit, TimeSpan leafLimit, IProgress<CheckProgress>? progress, CancellationToken ct, int jobs = 1)
    {
        var terms = SplitTerms();
        int classesDone = 0, queriesSoFar = 0;
        var split = ParallelCases.Run(classes.Count, jobs, (c, token) =>
        {
            var r = RunClass(name, extra, classes[c], c, terms, solver, deadline, nodeLimit, leafLimit, token);
            int done = Interlocked.Increment(ref classesDone), q = Interlocked.Add(ref queriesSoFar, r.Queries);
            progress?.Report(new CheckProgress($"{name}: factor case {done} of {classes.Count}, {q} queries", done, classes.Count));
            return r;
        }, r => r.Sat is not null, ct);
        var ran = split.Ran.ToList();
        int queries = ran.Sum(r => r.Queries), leaves = ran.Sum(r => r.Leaves);
        if (split.Stop is { Sat: { } sat })
            return new Outcome(SmtStatus.Sat, "", sat.Query, sat.Answer, sat.Case, classes.Count, queries, leaves + 1);
        // Classes never started (the caller cancelled) are undecided as a whole.
        int undecided = ran.Sum(r => r.Undecided) + split.Results.Count(r => r is null);
        if (undecided == 0) return new Outcome(SmtStatus.Unsat, "", null, null, [], classes.Count, queries, leaves);
        string lastReason = ct.IsCancellationRequested ? "cancelled" : ran.LastOrDefault(r => r.Reason.Length > 0)?.Reason ?? "no time left";
        return new Outcome(SmtStatus.Unknown,
            $"{undecided} case(s) of the split left undecided ({lastReason}); {leaves} case(s) proved unsat in {queries} queries",
            null, null, [], classes.Count, queries, leaves);
    }

    private sealed record SatLeaf(SmtQuery Query, SmtAnswer Answer, IReadOnlyList<Term> Case);

    private sealed record ClassResult(int Queries, int Leaves, int Undecided, string Reason, SatLeaf? Sat);

    /// <summary>One factor class, split depth-first on the activation scalars until every leaf is decided, a leaf is sat,
    /// or the deadline or the token ends it.</summary>
    private ClassResult RunClass(string name, IReadOnlyList<Term> extra, IReadOnlyList<Term> factorCase, int c, List<Term> terms, ISmtSolver solver,
        DateTime deadline, TimeSpan nodeLimit, TimeSpan leafLimit, CancellationToken ct)
    {
        int queries = 0, leaves = 0, undecided = 0;
        string lastReason = "";
        var stack = new Stack<List<string>>();
        stack.Push([]);
        while (stack.Count > 0)
        {
            var signs = stack.Pop();
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero || ct.IsCancellationRequested)
            {
                // Out of time either way (the split's deadline or the check's): say how much was left, not just "cancelled".
                if (ct.IsCancellationRequested) lastReason = "cancelled";
                undecided += 1 + stack.Count;
                break;
            }
            bool leaf = signs.Count == terms.Count;
            var limit = leaf ? leafLimit : nodeLimit;
            if (limit > remaining) limit = remaining;
            var asserts = new List<Term>(extra);
            asserts.AddRange(factorCase);
            for (int k = 0; k < signs.Count; k++) asserts.Add(Term.App(signs[k], terms[k], Term.Zero));
            var query = _enc.Query($"{name}-case{c + 1}" + (signs.Count == 0 ? "" : "-" + string.Concat(signs.Select(s => s == ">" ? "p" : s == "<" ? "m" : "z"))), asserts);
            var answer = solver.Solve(query, limit, ct);
            queries++;
            switch (answer.Status)
            {
                case SmtStatus.Unsat:
                    leaves++;
                    continue;
                case SmtStatus.Sat:
                    return new ClassResult(queries, leaves, undecided, lastReason, new SatLeaf(query, answer, asserts.Skip(extra.Count).ToList()));
                default:
                    lastReason = answer.Reason;
                    if (leaf) { undecided++; continue; }
                    foreach (var s in new[] { "=", "<", ">" }) stack.Push([.. signs, s]);
                    continue;
            }
        }
        return new ClassResult(queries, leaves, undecided, lastReason, null);
    }
}
