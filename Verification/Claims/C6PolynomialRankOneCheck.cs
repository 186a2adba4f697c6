using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.RankOne;
using Checker.Verification.Solvers;
using Checker.Verification.Claims.Witnesses;
using Checker.Verification.Certificates;

namespace Checker.Verification.Claims;

/// <summary>
/// C6 (docs/theory.md#c6-polynomial-rank-one, p ≥ 2), exactly on one instance, through the solver layer (<see cref="PolynomialRankOneQueries"/>; the
/// derivation with the exact constant is <see cref="PolynomialRankOneLaw"/>). Every query lives in one closed cell of the
/// arrangement x_iᵀb = 0 (<see cref="PolynomialCells"/>: σ is one monomial there, so the solver sees polynomials), and
/// the cells are enumerated by linear feasibility queries first.
/// <para>
/// <b>Structural route first</b> (docs/theory.md#c6-structure, <see cref="PolynomialRankOneStructure"/>): on every cell
/// where the factorisation identities (F1)–(F4) hold as exact polynomial identities, the per-layer equal-magnitude lemma
/// gives necessity for every support pattern and the lift lemma gives sufficiency and the value law for every
/// support-size choice, so no non-linear query is sent there. Only cells whose polynomials exceed the expansion guard
/// (and the altered-law test seams) use the queries below, which time out from depth 3 on.
/// </para>
/// <list type="number">
/// <item>Necessity, per cell and support pattern of the u_l: "a non-negative rank-one point (alignment not assumed) is a
/// KKT point with N &gt; 0 and violates a stated condition". All UNSAT proves necessity on the instance. A SAT model is
/// re-checked in rationals (every assertion, then the KKT property through the exact evaluator) and the violated
/// condition is recomputed from the factors before a counterexample is reported.</item>
/// <item>Sufficiency and the value law, per support-size choice and cell, in two halves (lift and value law; layer 1).
/// Each is first asked for every unit b of the cell with f(b) &gt; 0 (a stronger statement, decided in tenths of a second
/// because b is not pinned to isolated algebraic points); if that is SAT, it is re-asked with b a reduced KKT point, the
/// claim's own hypothesis. The layer-1 half proves p^{L−1} f ∂N/∂W_1[r, c] = ΛN c_1 q_1 ∂f/∂b_c and Euler for f, which
/// with ∇f(b) = νb give ν = p^{L−1} f and then ∂N/∂W_1[r, c] = ΛN W_1[r, c] (divide by p^{L−1} f &gt; 0). A SAT model is
/// algebraic in general; when its b is rational the lift is re-decided in rationals (<see cref="PolynomialRankOneLift"/>)
/// and only a confirmed failure is a counterexample; an algebraic b leaves the verdict inconclusive, saying so.</item>
/// </list>
/// unknown/timeouts are inconclusive with the solver's reason; only every query UNSAT is "holds". The budget
/// (<see cref="CheckContext.Budget"/>) is split so the queries end before the CLI's outside limit, and a backend
/// that does not stop on interrupt is abandoned after a grace second (<see cref="PolynomialDeadlineSolver"/>).
/// </summary>
public sealed class C6PolynomialRankOneCheck : IClaimCheck
{
    private readonly PolynomialLawTerms _law;

    public C6PolynomialRankOneCheck() : this(PolynomialLawTerms.Derived) { }

    /// <summary>Test seam: the same machinery with an altered value law (never used by the program itself).</summary>
    internal C6PolynomialRankOneCheck(PolynomialLawTerms law) : this(law, PolynomialRankOneStructure.MaxTerms) { }

    /// <summary>Test seam: the expansion guard of the structural route (a tiny one sends every cell to the solver).</summary>
    internal C6PolynomialRankOneCheck(PolynomialLawTerms law, long structureMaxTerms) { _law = law; _structureMaxTerms = structureMaxTerms; }

    private readonly long _structureMaxTerms;



    public ClaimResult Check(Instance instance, CheckContext context)
    {
        var (id, options, progress, cancellationToken) = (context.ClaimId, context.Options, context.Progress, context.Cancellation);
        var net = instance.Network;
        var queries = new PolynomialRankOneQueries(instance, _law);
        var certifying = options.CreateSolver(out var cert);
        var solver = new PolynomialDeadlineSolver(certifying, TimeSpan.FromSeconds(1));
        var sizes = queries.SupportSizes().ToList();
        // 90% of the budget for the queries (the CLI cancels at 100%): a tenth for the cells, then necessity with up to
        // half of the rest, then the sufficiency queries; each query gets an equal share of what is left in its part.
        using var queryBudget = context.Budget.For(BudgetStage.SolverQueriesBeforeReport);
        var budget = queryBudget.Remaining;
        C6Evidence evidence;
        var open = new List<string>();
        var structureNotes = new List<string>();
        var structureCertificates = new List<string>();
        var queryLog = new PolynomialQueryLog();
        bool necessity = false;
        int proved = 0;

        progress?.Report(new CheckProgress("C6 cells of b", 0, 1));
        var cells = PolynomialCells.FullCells(instance, solver, budget / 10, cancellationToken);
        evidence = new C6Evidence { Cells = cells.Cells.Count, CellQueries = cells.Queries };
        if (!cells.Complete)
            return Result(Verdict.Inconclusive, $"the cells of the arrangement x_iᵀb = 0 could not be enumerated: {cells.Reason}", null);

        // ---- the structural route (docs/theory.md#c6-structure): on every closed cell where the factorisation identities
        // (F1)–(F4) hold exactly, the per-layer equal-magnitude lemma proves necessity for every support pattern and the
        // lift lemma proves sufficiency and the value law for every support-size choice whose lift factor K² matches the
        // law. Cells where an identity cannot be expanded (size guard) or the law is altered (test seams) go to the solver.
        var structure = new PolynomialRankOneStructure(instance, queries.Reduced);
        var closed = new bool[cells.Cells.Count];
        for (int c = 0; c < cells.Cells.Count; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new CheckProgress($"C6 factorisation identities, cell {PolynomialCells.Text(cells.Cells[c])}", c, cells.Cells.Count));
            var proof = structure.CheckBySample(cells.Cells[c], _structureMaxTerms);
            closed[c] = proof.Holds;
            if (!proof.Holds) structureNotes.Add($"cell {PolynomialCells.Text(cells.Cells[c])}: {proof.Reason}");
            else if (cert is not null)
                structureCertificates.Add(CertificateFile.Write(cert.Directory, $"C6-structure-{PolynomialCells.FileText(cells.Cells[c])}.smt2",
                    structure.Certificate(cells.Cells[c], $"C6-structure-{instance.Name}-{PolynomialCells.FileText(cells.Cells[c])}"),
                    $"checker certificate for C6 on instance \"{instance.Name}\", network {net}, closed cell {PolynomialCells.Text(cells.Cells[c])} of x_i^T b = 0\n" +
                    "proves: the factorisation identities (F1)-(F4) of docs/theory.md#c6-structure for W_1 = u1 b^T (b = v1), W_l = ul vl^T, W_L = vL^T,\n" +
                    "as polynomial identities in the factors with sigma on the cell's branches: N and grad N from the network's DAG, f and grad f\n" +
                    "from the width-one DAG, the factor forms (s_ definitions) from the data; unsat proves every identity.\n" +
                    "with the per-layer equal-magnitude and lift lemmas this proves C6 necessity and sufficiency on the cell.\n" +
                    "expected: unsat\nreproduce: z3 FILE   or   cvc5 FILE"));
        }
        evidence.StructureCells = closed.Count(x => x);
        bool liftLaw(int[] s) => LawMatches(net, s);
        var openCells = Enumerable.Range(0, cells.Cells.Count).Where(c => !closed[c] || _law.SingleEntrySupports).Select(c => cells.Cells[c]).ToList();
        long total = openCells.Count * queries.SupportPatterns().Count() + cells.Cells.Count * sizes.Count, done = 0;

        // ---- necessity, one query per closed cell of b. Two passes: short limits first so the easy cells do not wait
        // behind a hard one, then the undecided cells share what is left of the necessity budget (60% of the rest).
        var necessityEnd = queryBudget.Deadline - (budget - budget / 10) * 2 / 5;
        int necessityUnsat = 0;
        var patterns = queries.SupportPatterns().ToList();
        var necessityItems = openCells.SelectMany(c => patterns.Select(p => (Cell: c, Pattern: p))).ToList();
        var pending = Enumerable.Range(0, necessityItems.Count).ToList();
        var lastReason = new Dictionary<int, string>();
        var firstPassLimit = (necessityEnd - DateTime.UtcNow) / (2 * Math.Max(1, necessityItems.Count));
        for (int pass = 1; pass <= 2 && pending.Count > 0; pass++)
        {
            var undecided = new List<int>();
            for (int k = 0; k < pending.Count; k++)
            {
                var (cell, pattern) = necessityItems[pending[k]];
                string label = $"necessity, cell {PolynomialCells.Text(cell)}, u supports {PolynomialRankOneQueries.PatternText(pattern)}";
                progress?.Report(new CheckProgress($"C6 {label}", done, total));
                var remaining = necessityEnd - DateTime.UtcNow;
                if (remaining <= TimeSpan.FromMilliseconds(100)) { undecided.Add(pending[k]); lastReason.TryAdd(pending[k], "no time left"); continue; }
                var q = queries.Necessity(cell, $"C6-necessity-{instance.Name}-{PolynomialCells.FileText(cell)}-u{PolynomialRankOneQueries.PatternText(pattern).Replace('/', '_')}", pattern);
                var limit = pass == 1 ? (firstPassLimit < remaining ? firstPassLimit : remaining) : remaining / (pending.Count - k);
                var a = solver.Solve(q, limit, cancellationToken);
                queryLog.Add(new(label, Status(a), Math.Round(a.Elapsed.TotalSeconds, 3), a.Reason, pass));
                switch (a.Status)
                {
                    case SmtStatus.Unsat: necessityUnsat++; progress?.Report(new CheckProgress($"C6 {label}", ++done, total)); break;
                    case SmtStatus.Sat:
                        {
                            progress?.Report(new CheckProgress($"C6 {label}", ++done, total));
                            var kkt = queries.Recheck(q, a, out var point, out var reason);
                            if (kkt is null) { open.Add($"{label}: the solver reports a violating point but the exact re-check rejects it ({reason})"); break; }
                            var shares = Enumerable.Range(1, net.Depth).Select(kkt.LayerNormShare).ToArray();
                            var violated = queries.Violations(a.Model!, shares);
                            if (violated.Count == 0) { open.Add($"{label}: the solver's model is a KKT point with N > 0 but the exact recomputation finds no violated condition (an encoding inconsistency)"); break; }
                            return Result(Verdict.Counterexample,
                                $"necessity fails: a non-negative rank-one point is a KKT point with N² = {kkt.ValueSquared} > 0 at its normalisation (re-checked in rationals: query assertions and exact KKT evaluation) and violates {string.Join("; ", violated)}",
                                new C6NecessityWitness(
                                    Cell: PolynomialCells.Text(cell),
                                    USupports: PolynomialRankOneQueries.PatternText(pattern),
                                    Note: "unnormalised: scaling layer l by √(mu_l) and normalising gives the KKT point",
                                    Factors: a.Model!.ToDictionary(kv => kv.Key, kv => kv.Value.ToString()),
                                    Weights: point!.Flat.Select(v => v.ToString()).ToList(),
                                    NcfSquaredNormalised: kkt.ValueSquared.ToString(),
                                    Violated: violated));
                        }
                    default: undecided.Add(pending[k]); lastReason[pending[k]] = $"{a.Solver}: {a.Reason}"; break;
                }
            }
            pending = undecided;
        }
        foreach (int k in pending) { open.Add($"necessity, cell {PolynomialCells.Text(necessityItems[k].Cell)}, u supports {PolynomialRankOneQueries.PatternText(necessityItems[k].Pattern)} undecided ({lastReason[k]})"); done++; }
        necessity = necessityUnsat == necessityItems.Count;

        // ---- sufficiency and value law, per support-size choice and closed cell of b
        var pairs = sizes.SelectMany(s => Enumerable.Range(0, cells.Cells.Count).Where(c => !closed[c] || !liftLaw(s)).Select(c => (Sizes: s, Cell: cells.Cells[c]))).ToList();
        // Cells closed by the structural route count as proved for every size choice whose lift factor matches the law.
        var unsatPerSize = sizes.ToDictionary(s => string.Join(",", s), s => liftLaw(s) ? closed.Count(x => x) : 0);
        for (int k = 0; k < pairs.Count; k++)
        {
            var (s, cell) = pairs[k];
            string label = $"sufficiency |S| = ({string.Join(", ", s)}), cell {PolynomialCells.Text(cell)}";
            progress?.Report(new CheckProgress($"C6 {label}", done, total));
            var remaining = queryBudget.Remaining;
            if (remaining <= TimeSpan.FromMilliseconds(100)) { open.Add($"{label}: no time left"); done++; continue; }
            bool both = true;
            foreach (var part in new[] { PolynomialRankOneQueries.SufficiencyPart.Lift, PolynomialRankOneQueries.SufficiencyPart.LayerOne })
            {
                string partLabel = $"{label}, {(part == PolynomialRankOneQueries.SufficiencyPart.Lift ? "lift and value law" : "layer 1")}";
                string qname = $"C6-sufficiency-{instance.Name}-S{string.Join("-", s)}-{PolynomialCells.FileText(cell)}-{part}";
                // First for every unit b of the cell (stronger, fast); only if that fails, for reduced KKT points b.
                var a = solver.Solve(queries.Sufficiency(s, cell, part, false, qname + "-any-b"), Share(), cancellationToken);
                queryLog.Add(new(partLabel + ", any unit b", Status(a), Math.Round(a.Elapsed.TotalSeconds, 3), a.Reason));
                if (a.Status == SmtStatus.Unsat) continue;
                if (a.Status == SmtStatus.Sat)
                {
                    a = solver.Solve(queries.Sufficiency(s, cell, part, true, qname + "-kkt-b"), Share(), cancellationToken);
                    queryLog.Add(new(partLabel + ", reduced KKT b", Status(a), Math.Round(a.Elapsed.TotalSeconds, 3), a.Reason));
                    if (a.Status == SmtStatus.Unsat) continue;
                }
                both = false;
                if (a.Status != SmtStatus.Sat) { open.Add($"{partLabel} undecided ({a.Solver}: {a.Reason})"); continue; }
                var b = Enumerable.Range(0, instance.Dimension).Select(c => PolynomialRankOneQueries.B(c)).ToArray();
                if (a.Model is not { } m || b.Any(x => !m.ContainsKey(x) || (a.NonRational?.Contains(x) ?? false)))
                {
                    open.Add($"{partLabel}: the solver reports a violating lift, but its b is algebraic (not rational), so it cannot be re-checked exactly; not reported as a counterexample");
                    continue;
                }
                var bv = b.Select(x => m[x]).ToArray();
                if (!queries.Reduced.IsPositiveKktDirection(bv, out var bad))
                {
                    open.Add($"{partLabel}: the solver's b = ({string.Join(", ", bv)}) is not a positive reduced KKT point in exact arithmetic ({bad}); model rejected");
                    continue;
                }
                var dec = PolynomialRankOneLift.Decide(instance, bv, s, _law);
                if (dec.Confirms)
                {
                    open.Add($"{partLabel}: the solver reports a violation at b = ({string.Join(", ", bv)}), but the exact re-decision confirms the lift (KKT, C3 norms, value law); model rejected");
                    continue;
                }
                return Result(Verdict.Counterexample,
                    $"sufficiency/value law fails for |S| = ({string.Join(", ", s)}) at the positive reduced KKT point b = ({string.Join(", ", bv)}) (re-decided in rationals on the unnormalised lift): {(dec.Kkt ? dec.Reason : "the lift is not a KKT point: " + dec.Reason)}",
                    new C6SufficiencyWitness(
                        SupportSizes: s,
                        B: bv.Select(v => v.ToString()).ToList(),
                        Kkt: dec.Kkt,
                        NcfSquared: dec.NcfSquared.ToString(),
                        LawSquared: dec.LawSquared.ToString(),
                        WeightsUnnormalised: PolynomialRankOneLift.Unnormalised(net, bv, s).Flat.Select(v => v.ToString()).ToList()));
            }
            progress?.Report(new CheckProgress($"C6 {label}", ++done, total));
            if (both) unsatPerSize[string.Join(",", s)]++;

            TimeSpan Share() => queryBudget.Remaining / (2 * (pairs.Count - k));
        }
        proved = unsatPerSize.Values.Count(v => v == cells.Cells.Count);

        evidence.NecessityProved = necessity;
        evidence.SupportChoices = sizes.Count;
        evidence.SufficiencyProved = proved;
        evidence.ConstantSquared = _law.ConstantSquared(net).ToString();
        evidence.SupportExponents = string.Join("; ", Enumerable.Range(1, net.Depth - 1).Select(l => $"layer {l}: (p−1)p^(L−1−l)/2 = {_law.SupportExponent(net, l)}/2"));
        evidence.Queries = queryLog;
        string law = $"N = C·Π_l |S_l|^(−(p−1)p^(L−1−l)/2)·f(b), C² = {_law.ConstantSquared(net)}";
        int byStructure = closed.Count(x => x);
        string how = byStructure == cells.Cells.Count && pairs.Count == 0 && necessityItems.Count == 0
            ? $"exact on this instance ({cells.Cells.Count} closed cells of x_iᵀb = 0, each σ on one branch, found by {solver.Name}): in every cell the factorisation identities (F1)–(F4) hold as identities of canonical polynomials, so by the per-layer equal-magnitude lemma and the lift lemma (docs/theory.md#c6-structure)"
            : $"exact on this instance ({solver.Name}, {cells.Cells.Count} closed cells of x_iᵀb = 0, each σ on one branch; {byStructure} cell(s) by the factorisation identities and the lemmas of docs/theory.md#c6-structure, the rest by unsat queries)";
        if (open.Count == 0)
            return Result(Verdict.Holds,
                $"{how}: no non-negative rank-one KKT point with N > 0 violates alignment, equal magnitudes, C3 norms or the reduced KKT condition; for all {sizes.Count} support-size choices every lift of a unit positive reduced KKT point is a KKT point with {law} (square roots never rounded)", null);
        string notes = structureNotes.Count == 0 ? "" : $"; structural route not available: {string.Join("; ", structureNotes)}";
        return Result(Verdict.Inconclusive,
            $"not decided: {string.Join("; ", open)} (necessity {(necessity ? "proved" : "open")}, sufficiency proved for {proved} of {sizes.Count} support-size choices{notes})", null);

        ClaimResult Result(Verdict v, string detail, ClaimWitness? witness)
        {
            evidence.NecessityProved = necessity;
            evidence.SufficiencyProved = proved;
            evidence.Queries = queryLog;
            return new ClaimResult(id, v, detail, witness, evidence, [.. structureCertificates, .. cert?.Written ?? []]);
        }
    }

    /// <summary>Whether the lift factor K² of docs/theory.md#c6-structure at support sizes <paramref name="sizes"/> is the
    /// value law's C²·Π_l |S_l|^{−e_l} (exact rationals; with the derived law always, with an altered one not).</summary>
    private bool LawMatches(Network net, int[] sizes)
    {
        var law = _law.ConstantSquared(net);
        for (int l = 1; l < net.Depth; l++) law /= new Rational(sizes[l - 1]).Pow(_law.SupportExponent(net, l));
        return PolynomialRankOneStructure.LiftFactorSquared(net, sizes) == law;
    }

    private static string Status(SmtAnswer a) => a.Status.ToString().ToLowerInvariant();
}
