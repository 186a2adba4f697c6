using Checker.Symbolic.Smt;
using Checker.Symbolic.Model;
using Checker.Verification.Solvers;

namespace Checker.Verification.RankOne;

/// <summary>
/// The closed full-dimensional cells of the arrangement {x_iᵀb = 0} (docs/theory.md#activation-patterns), used to split C6's
/// queries so every σ is a single monomial and the solver sees polynomials instead of nested <c>ite</c>s.
/// <para>
/// Why closed cells are enough and exact: the closures of the full-dimensional cells cover R^d. On the closed cell
/// ε_i x_iᵀb ≥ 0 the branch of σ at t_i = x_iᵀb is fixed (at t_i = 0 both branches give σ = σ' = 0 because p ≥ 2). At a
/// non-negative rank-one point every hidden pre-activation is a non-negative multiple of σ^{∘(l−1)}(t_i)
/// (<see cref="PolynomialRankOneLaw"/>), so its closed sign follows from ε_i alone (<see cref="LayerSigns"/>); the queries
/// assert those signs too, so the text justifies its own branch choices. Zero inputs have t_i ≡ 0 and take ε_i = +1.
/// </para>
/// </summary>
public static class PolynomialCells
{
    public sealed record Outcome(IReadOnlyList<int[]> Cells, bool Complete, string Reason, int Queries);

    /// <summary>
    /// Every sign vector ε with {b : ε_i x_iᵀb &gt; 0 for all non-zero x_i} non-empty, by depth-first search over samples
    /// with one linear feasibility query per prefix (strictness by scaling: ε_i x_iᵀb ≥ 1).
    /// </summary>
    public static Outcome FullCells(Instance instance, ISmtSolver solver, TimeSpan limit, CancellationToken ct)
    {
        int n = instance.SampleCount, d = instance.Dimension;
        var cells = new List<int[]>();
        int queries = 0;
        string failure = "";
        var eps = new int[n];
        bool Feasible(int upto)
        {
            var script = new SmtScript();
            var b = Enumerable.Range(0, d).Select(c => script.Declare($"b_{c}")).ToArray();
            bool any = false;
            for (int i = 0; i < upto; i++)
            {
                if (instance.Inputs[i].All(v => v.IsZero)) continue;
                any = true;
                var dot = Term.Sum(Enumerable.Range(0, d).Where(c => !instance.Inputs[i][c].IsZero)
                    .Select(c => Term.Mul(eps[i] * instance.Inputs[i][c], b[c])));
                script.Assert(Term.Ge(dot, Term.One));
            }
            if (!any) return true;
            queries++;
            var a = solver.Solve(new SmtQuery($"C6-cell-{instance.Name}-{FileText(eps.Take(upto).ToArray())}", script, []), limit, ct);
            if (a.Status == SmtStatus.Unknown) { failure = $"cell feasibility undecided ({a.Solver}: {a.Reason})"; return false; }
            return a.Status == SmtStatus.Sat;
        }
        void Search(int i)
        {
            if (failure.Length > 0) return;
            if (i == n) { cells.Add((int[])eps.Clone()); return; }
            if (instance.Inputs[i].All(v => v.IsZero)) { eps[i] = 1; Search(i + 1); return; }
            foreach (int e in new[] { 1, -1 })
            {
                eps[i] = e;
                if (Feasible(i + 1)) Search(i + 1);
                if (failure.Length > 0) return;
            }
        }
        Search(0);
        return new Outcome(cells, failure.Length == 0, failure, queries);
    }

    /// <summary>
    /// The closed sign of every hidden pre-activation at sample i, layer l (1-based), in cell ε: layer 1 has ε_i; a
    /// pre-activation of closed sign s has σ of sign sgn(a₊) (s = +1) or sgn(a₋)(−1)^p (s = −1), and the next layer's
    /// pre-activation is a non-negative multiple of it. A zero sign (σ vanishes on that side) is printed as +1: the
    /// pre-activation is then 0 and both branches agree.
    /// </summary>
    public static Func<int, int, int> LayerSigns(Network net, IReadOnlyList<int> cell)
    {
        var act = net.Activation;
        int L = net.Depth, n = cell.Count;
        var s = new int[L, n];
        for (int i = 0; i < n; i++)
        {
            s[1, i] = cell[i];
            for (int l = 2; l < L; l++)
            {
                int prev = s[l - 1, i];
                int next = prev > 0 ? act.Pos.Sign : act.Neg.Sign * (act.Power % 2 == 0 ? 1 : -1);
                s[l, i] = next == 0 ? 1 : next;
            }
        }
        return (l, i) => s[l, i];
    }

    public static string Text(IReadOnlyList<int> cell) => string.Concat(cell.Select(e => e > 0 ? '+' : '-'));

    /// <summary>The cell for file names (certificates keep only letters, digits, '-' and '_'): p for +, m for −.</summary>
    public static string FileText(IReadOnlyList<int> cell) => string.Concat(cell.Select(e => e > 0 ? 'p' : 'm'));
}
