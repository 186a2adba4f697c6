using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;
using Checker.Verification.RankOne;
using Checker.Verification.Reduced;
using Checker.Verification.Solvers;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Verification.Claims;

/// <summary>
/// C5 (docs/theory.md#c5-rank-one-necessity), exactly on one instance: "a rank-one KKT point with N &gt; 0 that violates the stated conditions"
/// over W_l = a_l b_lᵀ (W_L = b_Lᵀ), split into cases by <see cref="RankOneCaseSplit"/> (signs of the factors up to
/// neuron permutation and scaling, then activation signs where a case resists), one positive multiplier per layer
/// (<see cref="RankOneSmtEncoding"/>: norms and balancing are absorbed by per-layer homogeneity, so the query is
/// polynomial with rational models). The conditions: b_{l+1} ∥ a_l ((a_l·b_{l+1})² = ‖a_l‖²‖b_{l+1}‖², scale
/// invariant) and a_l sign-definite (no entries of both strict signs). Balance is not a disjunct of the query: it holds
/// at every KKT point with N ≠ 0 by C3, which <see cref="C3LayerNormLawCheck"/> proves from per-layer Euler, and the
/// witness point is the balanced rescaling of the model. UNSAT: the claim holds on the instance. SAT: the model is
/// re-checked twice in rationals before it is reported; on degenerate data (zero/parallel inputs, Xy = 0, zero labels)
/// a violating point is outside the claim and is reported as such, not as a counterexample. unknown/timeout:
/// inconclusive with the solver's reason.
/// </summary>
public sealed class C5RankOneNecessityCheck : IClaimCheck
{


    public static string A(int l, int r) => $"a{l}_{r}";
    public static string B(int l, int c) => $"b{l}_{c}";

    /// <summary>C5's question on <paramref name="instance"/>: the rank-one encoding over the factors a_l, b_l and "alignment or
    /// sign-definiteness violated" (docs/theory.md#c5-rank-one-necessity), for the case split to decide.</summary>
    public static (RankOneSmtEncoding Encoding, Term Violated) Question(Instance instance)
    {
        var net = instance.Network;
        int L = net.Depth;
        var factors = new List<string>();
        for (int l = 1; l <= L; l++)
        {
            if (l < L) for (int r = 0; r < net.Widths[l]; r++) factors.Add(A(l, r));
            for (int c = 0; c < net.Widths[l - 1]; c++) factors.Add(B(l, c));
        }
        Term At(int l, int r) => Term.Var(A(l, r));
        Term Bt(int l, int c) => Term.Var(B(l, c));
        var enc = new RankOneSmtEncoding(instance, factors, (l, r, c) => l == L ? Bt(l, c) : Term.Mul(At(l, r), Bt(l, c)),
            // Vertex slopes (docs/theory.md#rank-one-case-split) are what decide the kinked leaves from depth 3 on; at L = 2
            // the interval encoding is already decided and the a₋/a₊ disjunction per kink site only slows z3 there.
            vertexSlopes: L >= 3);
        var a = Enumerable.Range(1, L - 1).Select(l => Enumerable.Range(0, net.Widths[l]).Select(r => At(l, r)).ToArray()).ToArray();
        var b = Enumerable.Range(1, L).Select(l => Enumerable.Range(0, net.Widths[l - 1]).Select(c => Bt(l, c)).ToArray()).ToArray();
        var violations = new List<Term>();
        for (int l = 1; l < L; l++)
        {
            var ab = Term.Dot(a[l - 1], b[l]);
            violations.Add(Term.Not(Term.Eq(Term.Mul(ab, ab), Term.Mul(Term.Dot(a[l - 1], a[l - 1]), Term.Dot(b[l], b[l])))));
            for (int i = 0; i < a[l - 1].Length; i++)
                for (int j = 0; j < a[l - 1].Length; j++)
                    if (i != j) violations.Add(Term.And(Term.Gt(a[l - 1][i], Term.Zero), Term.Lt(a[l - 1][j], Term.Zero)));
        }
        return (enc, Term.Or(violations));
    }

    public ClaimResult Check(Instance instance, CheckContext context)
    {
        var (id, options, progress, cancellationToken) = (context.ClaimId, context.Options, context.Progress, context.Cancellation);
        var net = instance.Network;
        int L = net.Depth;
        var (enc, violated) = Question(instance);
        Term At(int l, int r) => Term.Var(A(l, r));
        var solver = options.CreateSolver(out var cert);
        // Three quarters of the budget for the split (the rest for the off-kink follow-up of a witness, or for a second pass
        // over the cases the split left open: docs/theory.md#rank-one-case-split), a first pass of
        // 0.5 s per case and at most a quarter of the budget for any one query.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Lemma 8 (docs/theory.md#rank-one-case-split): on [d, 1, k ≥ 2, 1] nets with 0 < a₋ < 1 the open cells are decided
        // by an exact LP per cell, and a violating point found there is re-checked in Q(√r); the split keeps only the
        // kinked faces.
        bool lemma8 = OneNeuronDepthThree.Applies(net);
        if (lemma8)
        {
            OneNeuronDepthThree.Witness? found;
            try { found = OneNeuronDepthThree.Decide(instance); }
            catch (InvalidOperationException e)
            {
                // The LP's point failed its exact re-check: a fault of the lemma or its code, never a verdict.
                return new ClaimResult(id, Verdict.Inconclusive, e.Message);
            }
            if (found is not null) return Lemma8Counterexample(id, instance, found, solver.Name, clock.Elapsed);
        }
        int openCells = lemma8 ? RankOneCaseSplit.Faces(instance.Inputs, instance.Dimension).Count(f => OneNeuronDepthThree.IsOpenCell(instance, f)) : 0;
        RankOneCaseSplit.Outcome split;
        bool aboveNotOdd = L == 2 || net.Widths[1] >= 2 || net.Activation.Neg.IsZero;
        using (var retryBudget = context.Budget.For(BudgetStage.RankOneCaseSplitRetry))
        using (var splitBudget = context.Budget.For(BudgetStage.RankOneCaseSplit))
            split = new RankOneCaseSplit(enc).Run($"C5-{instance.Name}", [violated], RankOneCaseSplit.SignedFactorCases(net, At), solver,
                splitBudget.Deadline, TimeSpan.FromSeconds(0.5), context.Budget.Length(BudgetStage.CaseSplitQuery), progress, cancellationToken, options.Jobs,
                // Lemma 6 (docs/theory.md#rank-one-case-split): the network above a kinked input is Ψ(v) = ψ(b₂ᵀσ(v)), and at a
                // point with N > 0 it is not odd unless layer 1 has one neuron and a₋ > 0 (at L = 2, ψ = id: never odd). So a
                // face whose kinked samples do not cancel line by line has no point where N is differentiable — outside C5.
                // In the one-neuron exception Lemma 7 still leaves out every such face but those of ±Xy.
                face => lemma8 && OneNeuronDepthThree.IsOpenCell(instance, face) || KinkedInputFace.NoDifferentiableKktPoint(instance, face, aboveNotOdd),
                // Cases the split leaves open get the time reserved for a witness's follow-up, which is not needed then.
                retryBudget.Deadline);
        var elapsed = clock.Elapsed;
        var certificates = cert?.Written ?? [];
        var evidence = new C5Evidence
        {
            Solver = solver.Name, Seconds = Math.Round(elapsed.TotalSeconds, 3), Status = split.Status.ToString().ToLowerInvariant(),
            FactorCases = split.Classes, Queries = split.Queries, CasesUnsat = split.Leaves,
        };
        int kinkedOut = split.FacesExcluded - openCells;
        string how = $"{split.Classes} factor case(s) up to neuron permutation and factor scaling, {split.Queries} queries, {split.Leaves} case(s) unsat" +
            (openCells > 0 ? $"; {openCells} open cell(s) decided by Lemma 8 (one neuron in layer 1, depth 3: an exact LP per cell finds no violating point)" : "") +
            (kinkedOut == 0 ? ""
                : aboveNotOdd ? $"; {kinkedOut} face(s) with inputs on a kink left out: N is differentiable at none of their points (Lemma 6), so they are K4's, outside C5"
                : $"; {kinkedOut} face(s) with inputs on a kink left out: none of their KKT points with N > 0 is one where N is differentiable (Lemma 7: one neuron in layer 1, and the face is not that of ±Xy), so they are K4's, outside C5");
        switch (split.Status)
        {
            case SmtStatus.Unsat:
                return new ClaimResult(id, Verdict.Holds,
                    $"exact on this instance: no rank-one point W_l = a_l b_lᵀ (any real factors, Clarke slopes free at kinks) is a KKT point with N > 0 while violating alignment b_(l+1) ∥ a_l or sign-definiteness of some a_l (balance holds at every such point by C3, proved from per-layer Euler) ({solver.Name}: every case unsat; {how}; {elapsed.TotalSeconds:F2} s)",
                    Evidence: evidence, Certificates: certificates);
            case SmtStatus.Sat:
                {
                    var query = split.Query!;
                    var answer = split.Answer!;
                    // An algebraic model cannot be re-checked in rationals; look for a rational point on the same leaf
                    // (docs/theory.md#rational-witnesses) and re-check that one instead.
                    if (answer.NonRational is { Count: > 0 } &&
                        RankOneRationaliser.Try(enc, net, A, B, [violated, .. split.Case], query, answer, solver, context.Budget.Remaining / 4, cancellationToken) is { } rational)
                    {
                        (query, answer) = rational;
                        certificates = cert?.Written ?? [];
                    }
                    var kkt = enc.Recheck(query, answer, m => Weights(net, m), out var point, out var why);
                    if (kkt is null)
                        return new ClaimResult(id, Verdict.Inconclusive, why.StartsWith("ad-only")
                            ? $"ad-only: the solver's violating point is stationary for independent kink slopes but not a Clarke KKT point, so it is no counterexample ({why})"
                            : $"the solver reported a violating point ({query.Name}), but the exact re-check rejects its model: {why}", Evidence: evidence, Certificates: certificates);
                    var witness = new C5Witness(
                        Note: "unnormalised: scaling layer l by √(layer multiplier mu_l) and normalising gives the KKT point",
                        Factors: answer.Model!.Where(kv => !kv.Key.StartsWith("th_")).ToDictionary(kv => kv.Key, kv => kv.Value.ToString()),
                        Weights: point!.Flat.Select(v => v.ToString()).ToList(),
                        Ncf: kkt.Ncf.ToString(),
                        ClarkeSlopes: enc.ClarkeChoices(answer.Model!, point));
                    var degenerate = Degeneracies(instance);
                    if (degenerate.Count > 0)
                        return new ClaimResult(id, Verdict.NotApplicable,
                            $"degenerate data ({string.Join("; ", degenerate)}): a rank-one KKT point with N > 0 violating the conditions exists (re-checked exactly), which the claim's exception for degenerate data covers",
                            Witness: witness, Evidence: evidence, Certificates: certificates);
                    // C5 is stated where N is differentiable (docs/theory.md#c5-rank-one-necessity); at an essential kink a
                    // violating Clarke KKT point is a K4 witness, not a counterexample to C5.
                    if (kkt.Clarke is { } clarke && clarke.Subdifferential.Differentiable != true)
                        return new ClaimResult(id, Verdict.Inconclusive,
                            "the violating rank-one Clarke KKT point the solver found lies at an essential kink (N not differentiable there): outside C5's hypothesis (it is a K4 witness); points where N is differentiable are not settled by this query",
                            Evidence: evidence, Certificates: certificates);
                    // Kink KKT points (docs/theory.md#boundary-cases) carry free Clarke slopes per neuron; say whether the
                    // violation needs them by asking the same question off every kink.
                    var pattern = kkt.Pattern;
                    var kinkSamples = Enumerable.Range(0, instance.SampleCount)
                        .Where(i => Enumerable.Range(1, L - 1).Any(l => Enumerable.Range(0, net.Widths[l]).Any(j => pattern[l, j, i] == 0)))
                        .Select(i => i + 1).ToList();
                    string offKink = "";
                    if (kinkSamples.Count > 0)
                    {
                        var off = solver.Solve(enc.Query($"C5-{instance.Name}-off-kinks", [violated, .. split.Case, .. enc.OffKinks()]), context.Budget.Length(BudgetStage.OffKinkQuery), cancellationToken);
                        certificates = cert?.Written ?? [];
                        offKink = off.Status switch
                        {
                            SmtStatus.Unsat => "; in the witness's case no violating rank-one KKT point lies off the kinks (unsat): the violation there needs Clarke slopes at kinks",
                            SmtStatus.Sat => "; violating points exist off the kinks too (sat, in the witness's case)",
                            _ => $"; whether violating points exist off the kinks is undecided ({off.Reason})",
                        };
                        evidence.OffKinks = off.Status.ToString().ToLowerInvariant();
                    }
                    return new ClaimResult(id, Verdict.Counterexample,
                        $"a rank-one KKT point with N = {kkt.Ncf} > 0 (unnormalised) violates alignment or sign-definiteness; re-checked in rationals (query assertions and exact KKT evaluation)" +
                        (kinkSamples.Count > 0 ? $"; it lies on a kink (x_iᵀb = 0 for samples {string.Join(", ", kinkSamples)})" : "") + offKink,
                        Witness: witness, Evidence: evidence, Certificates: certificates);
                }
            default:
                return new ClaimResult(id, Verdict.Inconclusive, $"the solver did not decide every case ({solver.Name}: {split.Reason})", Evidence: evidence, Certificates: certificates);
        }
    }

    /// <summary>A violating point of Lemma 8 (exactly re-checked in Q(√r) by <see cref="OneNeuronDepthThree"/>): a counterexample,
    /// or outside the claim on degenerate data. Its one irrational coordinate is forced (the ratio of the squared norms of
    /// a₂'s positive and negative parts is fixed by the cell), which is why no rational model exists for the SMT split.</summary>
    private static ClaimResult Lemma8Counterexample(string id, Instance instance, OneNeuronDepthThree.Witness found, string solver, TimeSpan elapsed)
    {
        var net = instance.Network;
        var w = found.Weights;
        var factors = new Dictionary<string, string> { [A(1, 0)] = "1", [B(2, 0)] = "1" };
        for (int c = 0; c < instance.Dimension; c++) factors[B(1, c)] = w[net.Index(1, 0, c)].ToString();
        for (int j = 0; j < net.Widths[2]; j++) { factors[A(2, j)] = w[net.Index(2, j, 0)].ToString(); factors[B(3, j)] = w[net.Index(3, 0, j)].ToString(); }
        var witness = new C5Witness(
            Note: $"exact in Q(sqrt({found.Radicand})) (radicand 0: rational); unnormalised: grad_(W_l) N = mu_l W_l with mu = ({string.Join(", ", found.Multipliers.Select(m => m.ToString()))}); scaling layer l by sqrt(mu_l) and normalising gives the KKT point",
            Factors: factors, Weights: w.Select(v => v.ToString()).ToList(), Ncf: found.Ncf.ToString(), ClarkeSlopes: new Dictionary<string, string>());
        var evidence = new C5Evidence { Solver = $"Lemma 8 (exact LP per open cell; {solver} not asked)", Seconds = Math.Round(elapsed.TotalSeconds, 3), Status = "sat", FactorCases = 0, Queries = 0, CasesUnsat = 0 };
        string where = $"on the open cell ({string.Join(",", found.Face)}) of b_1 (no input on a kink, every pre-activation non-zero, so N is differentiable there)";
        var degenerate = Degeneracies(instance);
        if (degenerate.Count > 0)
            return new ClaimResult(id, Verdict.NotApplicable,
                $"degenerate data ({string.Join("; ", degenerate)}): a rank-one KKT point with N > 0 and a_2 of both signs exists {where} (Lemma 8, re-checked exactly), which the claim's exception for degenerate data covers",
                Witness: witness, Evidence: evidence);
        return new ClaimResult(id, Verdict.Counterexample,
            $"a rank-one KKT point with N = {found.Ncf} > 0 (unnormalised) {where} has a_2 of both signs, violating sign-definiteness (Lemma 8: one neuron in layer 1 makes layer 2 see the two scalars P, M, and P = ±M lets a_2 take both signs); its coordinates lie in Q(sqrt({found.Radicand})) and it is re-checked exactly there (N, the gradient of every layer a positive multiple of the layer)",
            Witness: witness, Evidence: evidence);
    }

    /// <summary>Degenerate features of the data over all sign vectors (docs/theory.md#boundary-cases).</summary>
    public static List<string> Degeneracies(Instance instance) =>
        ReducedProblem.AllSignVectors(instance.Network.Depth)
            .SelectMany(s => ReducedKktEnumerator.Degeneracies(ReducedProblem.Create(instance, s))
                .Select(d => d.StartsWith("f ≡ 0") ? $"{d} s = ({string.Join(",", s)})" : d))
            .Distinct().ToList();

    private static WeightPoint Weights(Network net, IReadOnlyDictionary<string, Rational> m) => RankOneFactorWeights.FromModel(net, A, B, m);
}
