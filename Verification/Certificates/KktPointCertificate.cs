using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;
using Checker.Verification.FullNetwork;
using Checker.Verification.Solvers;

namespace Checker.Verification.Certificates;

/// <summary>
/// The SMT-LIB2 (QF_NRA) statement of a Krawczyk-certified KKT point (issue 5 task 1): "there are w in the box and λ
/// with ∇N(w) = λw and ‖w‖² = 1, in the activation pattern proved on the box". Expected answer: sat. The PROOF is the
/// Krawczyk test (<see cref="IntervalKktCertifier"/>); this file is a re-runnable statement anyone can hand to a solver,
/// which may or may not decide it in reasonable time (nlsat has to isolate an algebraic point of high degree), so its
/// header states the expectation in prose rather than as an <c>expected:</c> line that a replay would hold it to.
/// Pre-activations with a proved sign use that piece of σ and assert the sign; those whose enclosure straddles 0 use
/// an ite over both pieces, so the statement is exactly the KKT system on the box.
/// </summary>
public static class KktPointCertificate
{
    /// <summary>Writes the statement for <paramref name="e"/> as <paramref name="fileName"/>; <paramref name="note"/> is an
    /// extra first header line (e.g. why a claim cites the point).</summary>
    public static string Write(string directory, string fileName, Instance instance, KktEnclosure e, string? note = null) =>
        CertificateFile.Write(directory, fileName, Query(instance, e), Header(instance, e, note));

    /// <summary>The whole file text.</summary>
    /// <param name="groundSlack">Test hook: when given, every weight is fixed to the box centre and each equation relaxed
    /// to |lhs − rhs| ≤ slack, so the text is a ground formula a solver decides instantly: checks the encoding itself.</param>
    public static string Text(Instance instance, KktEnclosure e, Rational? groundSlack = null) =>
        Query(instance, e, groundSlack).ToCertificate(Header(instance, e, null));

    private static string Header(Instance instance, KktEnclosure e, string? note)
    {
        var net = instance.Network;
        return (note is null ? "" : note + "\n") +
            $"Checker: full-network KKT point of instance \"{instance.Name}\" ({net}), Λ = {net.Degree}\n" +
            "PROOF: the Krawczyk interval-Newton test, run by Checker in outward-rounded rational interval arithmetic:\n" +
            $"  {e.Proof}\n" +
            "It shows exactly one solution of ∇N(w) = λw, ‖w‖² = 1 lies in the box below (weights off the support are 0).\n" +
            "THIS QUERY is a re-runnable statement of the existence part: expected answer sat. A solver may time out on it\n" +
            "(the point is algebraic of high degree); a timeout says nothing against the proof.\n" +
            $"N(u) = {e.ValueDecimal}   pattern over the box (hidden layers; '~' = sign not fixed): {e.Pattern}";
    }

    public static SmtQuery Query(Instance instance, KktEnclosure e, Rational? groundSlack = null)
    {
        var net = instance.Network;
        var act = net.Activation;
        var on = new HashSet<int>(e.Support);
        var script = new SmtScript().Logic("QF_NRA");
        var w = new Term[net.WeightCount];
        for (int k = 0; k < w.Length; k++) w[k] = Term.Zero;
        Term Within(Interval box, Term x) => Term.And(Term.Le(box.Lo, x), Term.Le(x, box.Hi));
        foreach (var k in e.Support)
        {
            w[k] = script.Declare($"w{k}");
            script.Assert(Within(e.Weights[k], w[k]));
            if (groundSlack is not null) script.Assert(Term.Eq(w[k], (e.Weights[k].Lo + e.Weights[k].Hi) / 2));
        }
        var lambda = script.Declare("lambda");
        if (groundSlack is not null) script.Assert(Term.Eq(lambda, (e.Lambda.Lo + e.Lambda.Hi) / 2));
        Term Equation(Term lhs, Term rhs) => groundSlack is { } eps
            ? Term.And(Term.Le(Term.Sub(lhs, rhs), eps), Term.Le(Term.Sub(rhs, lhs), eps))
            : Term.Eq(lhs, rhs);
        script.Assert(Within(e.Lambda, lambda));
        int L = net.Depth;
        var grad = Enumerable.Range(0, net.WeightCount).Select(_ => new List<Term>()).ToArray();
        for (int i = 0; i < instance.SampleCount; i++)
        {
            var a = instance.Inputs[i].Select(x => (Term)x).ToArray();
            var acts = new Term[L][];
            acts[0] = a;
            var slope = new Term[L][];
            for (int l = 1; l < L; l++)
            {
                var (rows, cols) = net.Shape(l);
                var next = new Term[rows];
                slope[l] = new Term[rows];
                for (int r = 0; r < rows; r++)
                {
                    var terms = Enumerable.Range(0, cols).Where(c => on.Contains(net.Index(l, r, c))).Select(c => Term.Mul(w[net.Index(l, r, c)], a[c]));
                    var z = script.Define($"z{i}_{l}_{r}", Term.Sum(terms));
                    var sign = Sign(e, i, l, r);
                    if (sign == '+') script.Assert(Term.Gt(z, Term.Zero));
                    else if (sign == '-') script.Assert(Term.Lt(z, Term.Zero));
                    next[r] = script.Define($"s{i}_{l}_{r}", SigmaTerm(act, z, 0, sign));
                    slope[l][r] = script.Define($"t{i}_{l}_{r}", SigmaTerm(act, z, 1, sign));
                }
                a = next;
                acts[l] = next;
            }
            Term y = instance.Labels[i];
            // Backward pass: e_c = ∂(y_i H)/∂a_{L−1,c}; gradient terms of each weight.
            var eTerm = new Term[net.Widths[L - 1]];
            for (int c = 0; c < eTerm.Length; c++)
            {
                int k = net.Index(L, 0, c);
                grad[k].Add(Term.Mul(y, a[c]));
                eTerm[c] = Term.Mul(y, w[k]);
            }
            for (int l = L - 1; l >= 1; l--)
            {
                var (rows, cols) = net.Shape(l);
                var d = new Term[rows];
                for (int r = 0; r < rows; r++) d[r] = script.Define($"d{i}_{l}_{r}", Term.Mul(eTerm[r], slope[l][r]));
                var next = new Term[cols];
                for (int c = 0; c < cols; c++)
                {
                    var terms = new List<Term>();
                    for (int r = 0; r < rows; r++)
                    {
                        int k = net.Index(l, r, c);
                        grad[k].Add(Term.Mul(d[r], acts[l - 1][c]));
                        if (on.Contains(k)) terms.Add(Term.Mul(w[k], d[r]));
                    }
                    next[c] = Term.Sum(terms);
                }
                eTerm = next;
            }
        }
        for (int k = 0; k < net.WeightCount; k++)
            script.Assert(on.Contains(k) ? Equation(Term.Sum(grad[k]), Term.Mul(lambda, w[k])) : Term.Eq(Term.Sum(grad[k]), Term.Zero));
        script.Assert(Equation(Term.Sum(e.Support.Select(k => Term.Mul(w[k], w[k]))), Term.One));
        return new SmtQuery($"kkt-point-{instance.Name}", script, []);
    }

    private static char Sign(KktEnclosure e, int sample, int layer, int neuron)
    {
        // Pattern text: layers separated by " | ", neurons by ' ', one char per sample.
        var layers = e.Pattern.Split(" | ");
        var neurons = layers[layer - 1].Split(' ');
        return neurons[neuron][sample];
    }

    /// <summary>σ^(k)(z) on the piece the box fixes (with the sign asserted), or an ite over both pieces.</summary>
    private static Term SigmaTerm(Activation act, Term z, int derivative, char sign)
    {
        int p = act.Power;
        var falling = Rational.One;
        for (int i = 0; i < derivative; i++) falling *= p - i;
        int q = p - derivative;
        Term Mono(Rational coef) => coef.IsZero ? Term.Zero : q == 0 ? coef : Term.Mul([coef, .. Enumerable.Repeat(z, q)]);
        return sign switch
        {
            '+' => Mono(act.Pos * falling),
            '-' => Mono(act.Neg * falling),
            '0' => q == 0 ? Term.Ite(Term.Ge(z, Term.Zero), act.Pos * falling, act.Neg * falling) : Term.Zero,
            _ => Term.Ite(Term.Ge(z, Term.Zero), Mono(act.Pos * falling), Mono(act.Neg * falling)),
        };
    }
}
