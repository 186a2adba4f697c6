using System.Numerics;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;
using Checker.Verification.Exact;
using Checker.Verification.Solvers;

namespace Checker.Verification.RankOne;

/// <summary>
/// Turns a solver's algebraic (non-rational) rank-one model W_l = a_l b_lᵀ into a rational one on the same leaf, so the
/// exact re-check can judge it (docs/theory.md#rational-witnesses). Within one sign group G of a hidden layer l only
/// ‖a_G‖² matters (at a KKT point b_{l+1} = κ_G a on G), so z3 often returns one irrational entry of a_l whose square is
/// rational, with ρ = ‖a_Q‖²/‖a_P‖² fixed by the other layers. A rational a′ with the same signs, a′[0] = 1 and
/// ‖a′_Q‖² = ρ‖a′_P‖² is searched over small fractions; the leaf is asked again with a_l pinned to a′ and every other
/// rational factor of the model pinned (b_{l+1}, the multipliers and slopes left free). The answer, if sat and
/// rational, is an ordinary model: nothing about it is trusted before the caller's exact re-check.
/// </summary>
public static class RankOneRationaliser
{
    public static (SmtQuery Query, SmtAnswer Answer)? Try(RankOneSmtEncoding enc, Network net, Func<int, int, string> a, Func<int, int, string> b,
        IReadOnlyList<Term> assertions, SmtQuery query, SmtAnswer answer, ISmtSolver solver, TimeSpan limit, CancellationToken ct)
    {
        if (answer.Model is not { } model || answer.QuadraticRoots is not { } roots || answer.NonRational is not { Count: > 0 } nr) return null;
        int L = net.Depth;
        // The one hidden layer l whose a_l has an irrational entry; other irrational values may only be entries of b_{l+1}.
        var layer = Enumerable.Range(1, L - 1).Where(l => Enumerable.Range(0, net.Widths[l]).Any(r => nr.Contains(a(l, r)))).ToList();
        if (layer.Count != 1) return null;
        int k = layer[0], m = net.Widths[k];
        var nextB = Enumerable.Range(0, net.Widths[k]).Select(c => b(k + 1, c)).ToHashSet();
        var ownA = Enumerable.Range(0, m).Select(r => a(k, r)).ToHashSet();
        if (nr.Any(v => !nextB.Contains(v) && !ownA.Contains(v))) return null;
        var square = new Rational[m];
        var sign = new int[m];
        for (int r = 0; r < m; r++)
        {
            if (model.TryGetValue(a(k, r), out var v)) { square[r] = v * v; sign[r] = v.Sign; }
            else if (roots.TryGetValue(a(k, r), out var q)) { square[r] = q.Square; sign[r] = q.Sign; }
            else return null;
        }
        var pos = Enumerable.Range(0, m).Where(r => sign[r] > 0).ToList();
        var neg = Enumerable.Range(0, m).Where(r => sign[r] < 0).ToList();
        if (pos.Count == 0 || pos[0] != 0) return null;
        var pinned = new Rational[m];
        if (neg.Count == 0)
        {
            // One sign group (C4's converse, a_l ≥ 0): only ‖a_l‖² = T matters; a′ = (1, w) with Σw² = T − 1.
            var total = pos.Aggregate(Rational.Zero, (s, r) => s + square[r]);
            if (pos.Count < 2 || total <= Rational.One) return null;
            var one = Search(1, pos.Count - 1, total - Rational.One);
            if (one is null) return null;
            pinned[pos[0]] = Rational.One;
            for (int i = 1; i < pos.Count; i++) pinned[pos[i]] = one.Value.Neg[i - 1];
        }
        else
        {
            var rho = neg.Aggregate(Rational.Zero, (s, r) => s + square[r]) / pos.Aggregate(Rational.Zero, (s, r) => s + square[r]);
            var values = Search(pos.Count, neg.Count, rho);
            if (values is null) return null;
            for (int i = 0; i < pos.Count; i++) pinned[pos[i]] = values.Value.Pos[i];
            for (int i = 0; i < neg.Count; i++) pinned[neg[i]] = -values.Value.Neg[i];
        }
        var extra = new List<Term>(assertions);
        for (int r = 0; r < m; r++) extra.Add(Term.Eq(Term.Var(a(k, r)), pinned[r]));
        foreach (var (name, v) in model)
            if ((name.StartsWith('a') || name.StartsWith('b')) && !ownA.Contains(name) && !nextB.Contains(name)) extra.Add(Term.Eq(Term.Var(name), v));
        var again = enc.Query(query.Name + "-rational", extra);
        var reply = solver.Solve(again, limit, ct);
        if (reply.Status != SmtStatus.Sat || reply.Model is null || reply.NonRational is { Count: > 0 }) return null;
        return (again, reply);
    }

    /// <summary>Positive rationals x (p of them, x[0] = 1) and w (q of them) with Σw² = ρΣx², from small fractions.</summary>
    public static (Rational[] Pos, Rational[] Neg)? Search(int p, int q, Rational rho)
    {
        const int Max = 80;
        // One free entry: the second positive one (p ≥ 2) or the second negative one; the rest are 1 and the last negative
        // entry is the square root that must come out rational.
        for (int den = 1; den <= Max; den++)
            for (int num = 1; num <= Max; num++)
            {
                if (BigInteger.GreatestCommonDivisor(num, den) != 1) continue;
                var t = new Rational(num, den);
                var x = Enumerable.Repeat(Rational.One, p).ToArray();
                var w = Enumerable.Repeat(Rational.One, q).ToArray();
                if (p >= 2) x[1] = t; else if (q >= 2) w[0] = t; else if (num != 1 || den != 1) return null;
                var target = rho * x.Aggregate(Rational.Zero, (s, v) => s + v * v) - w.Take(q - 1).Aggregate(Rational.Zero, (s, v) => s + v * v);
                if (target.Sign <= 0) continue;
                var root = SqrtDecimal.ExactRoot(target);
                if (root is null) continue;
                w[q - 1] = root.Value;
                return (x, w);
            }
        return null;
    }
}
