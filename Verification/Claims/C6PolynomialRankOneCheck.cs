using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.RankOne;
using Checker.Verification.Solvers;
using Checker.Verification.Claims.Witnesses;

namespace Checker.Verification.Claims;

/// <summary>
/// C6 (docs/theory.md#c6-polynomial-rank-one, p ≥ 2), exactly on one instance, through the solver layer (<see cref="PolynomialRankOneQueries"/>; the
/// derivation with the exact constant is <see cref="PolynomialRankOneLaw"/>). Every query lives in one closed cell of the
/// arrangement x_iᵀb = 0 (<see cref="PolynomialCells"/>: σ is one monomial there, so the solver sees polynomials), and
/// the cells are enumerated by linear feasibility queries first.
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
    internal C6PolynomialRankOneCheck(PolynomialLawTerms law) => _law = law;



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
        var queryLog = new PolynomialQueryLog();
        bool necessity = false;
        int proved = 0;

        progress?.Report(new CheckProgress("C6 cells of b", 0, 1));
        var cells = PolynomialCells.FullCells(instance, solver, budget / 10, cancellationToken);
        evidence = new C6Evidence { Cells = cells.Cells.Count, CellQueries = cells.Queries };
        if (!cells.Complete)
            return Result(Verdict.Inconclusive, $"the cells of the arrangement x_iᵀb = 0 could not be enumerated: {cells.Reason}", null);
        long total = cells.Cells.Count * (queries.SupportPatterns().Count() + sizes.Count), done = 0;

        // ---- necessity, one query per closed cell of b. Two passes: short limits first so the easy cells do not wait
        // behind a hard one, then the undecided cells share what is left of the necessity budget (60% of the rest).
        var necessityEnd = queryBudget.Deadline - (budget - budget / 10) * 2 / 5;
        int necessityUnsat = 0;
        var patterns = queries.SupportPatterns().ToList();
        var necessityItems = cells.Cells.SelectMany(c => patterns.Select(p => (Cell: c, Pattern: p))).ToList();
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
        var pairs = sizes.SelectMany(s => cells.Cells.Select(c => (Sizes: s, Cell: c))).ToList();
        var unsatPerSize = sizes.ToDictionary(s => string.Join(",", s), _ => 0);
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
        if (open.Count == 0)
            return Result(Verdict.Holds,
                $"exact on this instance ({solver.Name}, {cells.Cells.Count} closed cells of x_iᵀb = 0, each σ on one branch): no non-negative rank-one KKT point with N > 0 violates alignment, equal magnitudes, C3 norms or the reduced KKT condition (unsat); for all {sizes.Count} support-size choices every lift of a unit positive reduced KKT point is a KKT point with {law} (unsat each; square roots as constrained variables, never rounded)", null);
        return Result(Verdict.Inconclusive,
            $"not decided: {string.Join("; ", open)} (necessity {(necessity ? "proved" : "open")}, sufficiency proved for {proved} of {sizes.Count} support-size choices)", null);

        ClaimResult Result(Verdict v, string detail, ClaimWitness? witness)
        {
            evidence.NecessityProved = necessity;
            evidence.SufficiencyProved = proved;
            evidence.Queries = queryLog;
            return new ClaimResult(id, v, detail, witness, evidence, cert?.Written ?? []);
        }
    }

    private static string Status(SmtAnswer a) => a.Status.ToString().ToLowerInvariant();
}
