using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;
using Checker.Verification.Reduced;
using Checker.Verification.Solvers;

namespace Checker.Verification.RankOne;

/// <summary>
/// The converse half of C4 (docs/theory.md#c4-rank-one-sufficiency-and-converse) as SMT queries, one per sign vector s: "W_1 = s₁a₁bᵀ, W_l = s_l a_l a_{l−1}ᵀ,
/// W_L = s_L a_{L−1}ᵀ with a_l ≥ 0, a_l ≠ 0, certifies a KKT point with N &gt; 0, and b is not positively parallel to
/// any positive reduced KKT point of s" (<see cref="RankOneSmtEncoding"/>: unnormalised, one multiplier per layer; the
/// L free magnitudes ‖b‖, ‖a_l‖ realise any per-layer rescaling, so the balanced KKT point has the same b direction).
/// UNSAT for every s proves the converse on the instance; a continuum of reduced KKT points cannot be blocked by finitely
/// many directions, so it leaves the converse open for that s.
/// </summary>
public static class RankOneConverse
{
    public sealed record Outcome(bool Proved, bool Counterexample, string Detail, RankOneConverseWitness? Witness);

    public static Outcome Run(Instance instance, IReadOnlyList<ReducedKktResult> enumerations, ISmtSolver solver, TimeSpan limit, CancellationToken ct, int jobs = 1)
    {
        var net = instance.Network;
        int L = net.Depth, d = instance.Dimension;
        var factors = new List<string>();
        for (int c = 0; c < d; c++) factors.Add($"b_{c}");
        for (int l = 1; l < L; l++) for (int r = 0; r < net.Widths[l]; r++) factors.Add($"a{l}_{r}");
        var b = Enumerable.Range(0, d).Select(c => Term.Var($"b_{c}")).ToArray();
        var open = new List<string>();
        int unsat = 0, excludedFaces = 0, excludedOneNeuron = 0;
        foreach (var e in enumerations)
        {
            var s = e.Problem.Signs;
            var enc = new RankOneSmtEncoding(instance, factors, (l, r, c) =>
            {
                var w = Term.Mul(l == L ? Term.One : Term.Var($"a{l}_{r}"), l == 1 ? b[c] : Term.Var($"a{l - 1}_{c}"));
                return s[l - 1] > 0 ? w : Term.Neg(w);
            }, vertexSlopes: true);
            var extra = new List<Term>();
            for (int l = 1; l < L; l++)
            {
                var a = Enumerable.Range(0, net.Widths[l]).Select(r => Term.Var($"a{l}_{r}")).ToArray();
                extra.AddRange(a.Select(x => Term.Ge(x, Term.Zero)));
                extra.Add(Term.Gt(Term.Sum(a), Term.Zero));
            }
            foreach (var p in e.Points.Where(p => p.Positive))
            {
                var dot = Term.Dot(p.Direction.Select(v => (Term)v), b);
                var pp = p.Direction.Aggregate(Rational.Zero, (acc, v) => acc + v * v);
                extra.Add(Term.Or(Term.Le(dot, Term.Zero), Term.Not(Term.Eq(Term.Mul(dot, dot), Term.Mul(pp, Term.Dot(b, b))))));
            }
            // Split by which entries of each a_l vanish and by activation signs (RankOneCaseSplit): the one-shot query
            // was often undecided even at depth 2.
            // Faces with inputs on a kink where N is differentiable nowhere (Lemma 6, docs/theory.md#rank-one-case-split) are
            // outside the converse's hypothesis: their points are K3's business, and asking about them only finds K3 witnesses.
            // Where the layers above are odd (one neuron in layer 1), Lemma 7 still leaves out every such face but those of ±Xy.
            bool notOdd = KinkedInputFace.ConverseAboveLayerOneIsNotOdd(net.Activation, s, net.Widths[1]);
            var split = new RankOneCaseSplit(enc).Run($"C4-converse-{instance.Name}-s{string.Join("", s.Select(v => v > 0 ? '+' : '-'))}", extra,
                RankOneCaseSplit.NonNegativeFactorCases(net, (l, r) => Term.Var($"a{l}_{r}")), solver, DateTime.UtcNow + limit,
                TimeSpan.FromSeconds(0.5), limit / 4, null, ct, jobs,
                face => KinkedInputFace.NoDifferentiableKktPoint(instance, face, notOdd));
            if (notOdd) excludedFaces += split.FacesExcluded; else excludedOneNeuron += split.FacesExcluded;
            string sv = $"s = ({e.Problem.SignsText})";
            // Only a continuum of POSITIVE reduced KKT points can hide unblocked directions: the lift has N = (positive
            // factor)·f(b), so directions with f(b) ≤ 0 are already excluded by N > 0.
            bool continuum = e.Families.Any(f => f.ValueSign > 0);
            if (split.Status == SmtStatus.Unsat)
            {
                if (continuum) open.Add($"{sv}: unsat, but the positive reduced KKT points form a continuum there, which the finitely many blocked directions do not cover");
                else unsat++;
                continue;
            }
            if (split is { Status: SmtStatus.Sat, Query: { } query, Answer: { } answer })
            {
                // An algebraic model cannot be re-checked in rationals: look for a rational point on the same leaf with the
                // same ‖a_l‖² (docs/theory.md#rational-witnesses) and re-check that one instead; nothing of it is trusted.
                if (answer.NonRational is { Count: > 0 } &&
                    RankOneRationaliser.Try(enc, net, (l, r) => $"a{l}_{r}", (l, c) => l == 1 ? $"b_{c}" : $"a{l - 1}_{c}", [.. extra, .. split.Case],
                        query, answer, solver, limit / 4, ct) is { } rational)
                    (query, answer) = rational;
                var kkt = enc.Recheck(query, answer, m => Weights(net, s, m), out var point, out var why);
                if (kkt is null)
                {
                    open.Add(why.StartsWith("ad-only") ? $"{sv}: ad-only — the solver's point is stationary for independent kink slopes but not a Clarke KKT point ({why})"
                        : $"{sv}: the solver's model failed the exact re-check ({why})");
                    continue;
                }
                // The converse is stated where N is differentiable (docs/theory.md#c4-rank-one-sufficiency-and-converse);
                // a Clarke KKT point at an essential kink is K3's business, not a counterexample here.
                if (kkt.Clarke is { } clarke && clarke.Subdifferential.Differentiable != true)
                {
                    open.Add(clarke.Subdifferential.Differentiable == false
                        ? $"{sv}: the violating point found lies at an essential kink (N not differentiable): outside the converse's hypothesis, a K3 witness"
                        : $"{sv}: the violating point found lies at a kink where differentiability is undecided (adjacency not settled)");
                    continue;
                }
                if (continuum) { open.Add($"{sv}: a rank-one KKT point with N > 0 off the blocked directions exists (re-checked), inside the continuum of reduced KKT points"); continue; }
                var bv = Enumerable.Range(0, d).Select(c => answer.Model![$"b_{c}"].ToString()).ToList();
                return new Outcome(false, true,
                    $"{sv}: b = ({string.Join(", ", bv)}) gives a rank-one KKT point with N > 0 (re-checked in rationals) but is not a positive reduced KKT point",
                    new RankOneConverseWitness(s, bv, point!.Flat.Select(v => v.ToString()).ToList(), enc.ClarkeChoices(answer.Model!, point)));
            }
            open.Add($"{sv}: undecided ({solver.Name}: {split.Reason})");
        }
        string lemma = excludedFaces == 0 ? ""
            : $"; {excludedFaces} face(s) with inputs on a kink were left out over the sign vectors: N is differentiable at none of their points (Lemma 6: the kinked samples do not cancel line by line and the layers above are not odd), so they are K3's, outside the converse";
        if (excludedOneNeuron > 0)
            lemma += $"; {excludedOneNeuron} face(s) with inputs on a kink where the layers above are odd were left out: none of their KKT points with N > 0 is one where N is differentiable (Lemma 7: one neuron in layer 1, and the face is not that of ±Xy)";
        if (open.Count == 0)
            return new Outcome(true, false, $"converse proved by SMT for all {unsat} sign vectors: no rank-one point with a_l ≥ 0 whose b is not a positive reduced KKT point is a KKT point with N > 0 where N is differentiable (any a_l, Clarke slopes at kinks a₋ or a₊){lemma}", null);
        return new Outcome(false, false, $"converse proved by SMT for {unsat} of {enumerations.Count} sign vectors; open: {string.Join("; ", open)}{lemma}", null);
    }

    private static WeightPoint Weights(Network net, IReadOnlyList<int> s, IReadOnlyDictionary<string, Rational> m) =>
        RankOneFactorWeights.FromModel(net, (l, r) => $"a{l}_{r}", (l, c) => l == 1 ? $"b_{c}" : $"a{l - 1}_{c}", m, s);
}
