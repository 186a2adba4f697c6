using System.Text;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>
/// The SMT-LIB2 (QF_NRA) statement of a Krawczyk-certified KKT point (issue 5 task 1): "there are w in the box and λ
/// with ∇N(w) = λw and ‖w‖² = 1, in the activation pattern proved on the box". Expected answer: sat. The PROOF is the
/// Krawczyk test (<see cref="IntervalKktCertifier"/>); this file is a re-runnable statement anyone can hand to a solver,
/// which may or may not decide it in reasonable time (nlsat has to isolate an algebraic point of high degree).
/// Pre-activations with a proved sign use that piece of σ and assert the sign; those whose enclosure straddles 0 use
/// an ite over both pieces, so the statement is exactly the KKT system on the box.
/// </summary>
public static class KktSmtCertificate
{
    /// <param name="groundSlack">Test hook: when given, every weight is fixed to the box centre and each equation relaxed
    /// to |lhs − rhs| ≤ slack, so the text is a ground formula a solver decides instantly: checks the encoding itself.</param>
    public static string Write(Instance instance, KktEnclosure e, Rational? groundSlack = null)
    {
        var net = instance.Network;
        var act = net.Activation;
        var on = new HashSet<int>(e.Support);
        var sb = new StringBuilder();
        sb.AppendLine($"; Checker: full-network KKT point of instance \"{instance.Name}\" ({net}), Λ = {net.Degree}");
        sb.AppendLine("; PROOF: the Krawczyk interval-Newton test, run by Checker in outward-rounded rational interval arithmetic:");
        sb.AppendLine($";   {e.Proof}");
        sb.AppendLine("; It shows exactly one solution of ∇N(w) = λw, ‖w‖² = 1 lies in the box below (weights off the support are 0).");
        sb.AppendLine("; THIS QUERY is a re-runnable statement of the existence part: expected answer sat. A solver may time out on it");
        sb.AppendLine("; (the point is algebraic of high degree); a timeout says nothing against the proof.");
        sb.AppendLine($"; N(u) = {e.ValueDecimal}   pattern over the box (hidden layers; '~' = sign not fixed): {e.Pattern}");
        sb.AppendLine("(set-logic QF_NRA)");
        string W(int k) => on.Contains(k) ? $"w{k}" : "0.0";
        foreach (var k in e.Support)
        {
            sb.AppendLine($"(declare-const w{k} Real)");
            sb.AppendLine($"(assert (and (<= {Num(e.Weights[k].Lo)} w{k}) (<= w{k} {Num(e.Weights[k].Hi)})))");
            if (groundSlack is not null) sb.AppendLine($"(assert (= w{k} {Num((e.Weights[k].Lo + e.Weights[k].Hi) / 2)}))");
        }
        sb.AppendLine("(declare-const lambda Real)");
        if (groundSlack is not null) sb.AppendLine($"(assert (= lambda {Num((e.Lambda.Lo + e.Lambda.Hi) / 2)}))");
        string Eq(string lhs, string rhs) => groundSlack is { } eps
            ? $"(assert (and (<= (- {lhs} {rhs}) {Num(eps)}) (<= (- {rhs} {lhs}) {Num(eps)})))"
            : $"(assert (= {lhs} {rhs}))";
        sb.AppendLine($"(assert (and (<= {Num(e.Lambda.Lo)} lambda) (<= lambda {Num(e.Lambda.Hi)})))");
        int L = net.Depth;
        var grad = Enumerable.Range(0, net.WeightCount).Select(_ => new List<string>()).ToArray();
        for (int i = 0; i < instance.SampleCount; i++)
        {
            var a = instance.Inputs[i].Select(Num).ToArray();
            var zName = new string[L][];
            for (int l = 1; l < L; l++)
            {
                var (rows, cols) = net.Shape(l);
                zName[l] = new string[rows];
                var next = new string[rows];
                for (int r = 0; r < rows; r++)
                {
                    var terms = Enumerable.Range(0, cols).Where(c => on.Contains(net.Index(l, r, c))).Select(c => $"(* {W(net.Index(l, r, c))} {a[c]})").ToList();
                    string z = $"z{i}_{l}_{r}";
                    zName[l][r] = z;
                    sb.AppendLine($"(define-fun {z} () Real {Sum(terms)})");
                    var sign = Sign(e, i, l, r);
                    if (sign == '+') sb.AppendLine($"(assert (> {z} 0.0))");
                    else if (sign == '-') sb.AppendLine($"(assert (< {z} 0.0))");
                    sb.AppendLine($"(define-fun s{i}_{l}_{r} () Real {SigmaTerm(act, z, 0, sign)})");
                    sb.AppendLine($"(define-fun t{i}_{l}_{r} () Real {SigmaTerm(act, z, 1, sign)})");
                    next[r] = $"s{i}_{l}_{r}";
                }
                a = next;
            }
            string y = Num(instance.Labels[i]);
            // Backward pass: e_c = ∂(y_i H)/∂a_{L−1,c}; gradient terms of each weight.
            var eTerm = new string[net.Widths[L - 1]];
            for (int c = 0; c < eTerm.Length; c++)
            {
                int k = net.Index(L, 0, c);
                grad[k].Add($"(* {y} {a[c]})");
                eTerm[c] = $"(* {y} {W(k)})";
            }
            var acts = new string[L][];
            acts[0] = instance.Inputs[i].Select(Num).ToArray();
            for (int l = 1; l < L; l++) acts[l] = Enumerable.Range(0, net.Widths[l]).Select(r => $"s{i}_{l}_{r}").ToArray();
            for (int l = L - 1; l >= 1; l--)
            {
                var (rows, cols) = net.Shape(l);
                var d = new string[rows];
                for (int r = 0; r < rows; r++)
                {
                    d[r] = $"d{i}_{l}_{r}";
                    sb.AppendLine($"(define-fun {d[r]} () Real (* {eTerm[r]} t{i}_{l}_{r}))");
                }
                var next = new string[cols];
                for (int c = 0; c < cols; c++)
                {
                    var terms = new List<string>();
                    for (int r = 0; r < rows; r++)
                    {
                        int k = net.Index(l, r, c);
                        grad[k].Add($"(* {d[r]} {acts[l - 1][c]})");
                        if (on.Contains(k)) terms.Add($"(* {W(k)} {d[r]})");
                    }
                    next[c] = Sum(terms);
                }
                eTerm = next;
            }
        }
        for (int k = 0; k < net.WeightCount; k++)
            sb.AppendLine(on.Contains(k) ? Eq(Sum(grad[k]), $"(* lambda w{k})") : $"(assert (= {Sum(grad[k])} 0.0))");
        sb.AppendLine(Eq(Sum(e.Support.Select(k => $"(* w{k} w{k})").ToList()), "1.0"));
        sb.AppendLine("(check-sat)");
        sb.AppendLine("(exit)");
        return sb.ToString();
    }

    private static char Sign(KktEnclosure e, int sample, int layer, int neuron)
    {
        // Pattern text: layers separated by " | ", neurons by ' ', one char per sample.
        var layers = e.Pattern.Split(" | ");
        var neurons = layers[layer - 1].Split(' ');
        return neurons[neuron][sample];
    }

    /// <summary>σ^(k)(z) on the piece the box fixes (with the sign asserted), or an ite over both pieces.</summary>
    private static string SigmaTerm(Activation act, string z, int derivative, char sign)
    {
        int p = act.Power;
        var falling = Rational.One;
        for (int i = 0; i < derivative; i++) falling *= p - i;
        int q = p - derivative;
        string Mono(Rational coef) => coef.IsZero ? "0.0" : q == 0 ? Num(coef) : $"(* {Num(coef)} {string.Join(" ", Enumerable.Repeat(z, q))})";
        return sign switch
        {
            '+' => Mono(act.Pos * falling),
            '-' => Mono(act.Neg * falling),
            '0' => q == 0 ? $"(ite (>= {z} 0.0) {Num(act.Pos * falling)} {Num(act.Neg * falling)})" : "0.0",
            _ => $"(ite (>= {z} 0.0) {Mono(act.Pos * falling)} {Mono(act.Neg * falling)})",
        };
    }

    private static string Sum(List<string> terms) => terms.Count switch { 0 => "0.0", 1 => terms[0], _ => $"(+ {string.Join(" ", terms)})" };

    internal static string Num(Rational q)
    {
        string abs = q.Denominator.IsOne ? $"{q.Numerator.ToString().TrimStart('-')}.0" : $"(/ {q.Numerator.ToString().TrimStart('-')}.0 {q.Denominator}.0)";
        return q.Sign < 0 ? $"(- {abs})" : abs;
    }
}
