using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Bench;

/// <summary>
/// Reference for the exact-gradient benchmark: the original direct exact backprop (loops over layers, no DAG).
/// </summary>
public static class SymbolicReferenceExactBackprop
{
    /// <summary>Evaluates at <paramref name="w"/>. At kinks the slope is taken from <paramref name="clarkeSlope"/>
    /// (given the kink, return a slope in [Low, High]); by default the lower end.</summary>
    public static ExactEvaluation Evaluate(Instance instance, WeightPoint w, Func<Kink, Rational>? clarkeSlope = null)
    {
        var net = instance.Network;
        int L = net.Depth, n = instance.SampleCount;
        var act = net.Activation;
        var outputs = new Rational[n];
        var grad = new Rational[net.WeightCount];
        Array.Fill(grad, Rational.Zero);
        var signs = new sbyte[net.HiddenNeurons * n];
        var kinks = new List<Kink>();
        var chosen = new List<Rational>();
        var ncf = Rational.Zero;
        int[] patternOffset = new int[L + 1];
        for (int l = 2; l <= L; l++) patternOffset[l] = patternOffset[l - 1] + net.Widths[l - 1] * n;

        // Per sample: forward keeping pre-activations z_l and activations a_l, then backward sensitivities.
        var a = new Rational[L + 1][];
        var z = new Rational[L + 1][];
        var slope = new Rational[L + 1][];
        for (int i = 0; i < n; i++)
        {
            a[0] = instance.Inputs[i];
            for (int l = 1; l <= L; l++)
            {
                var (rows, cols) = net.Shape(l);
                z[l] = new Rational[rows];
                a[l] = new Rational[rows];
                slope[l] = new Rational[rows];
                for (int r = 0; r < rows; r++)
                {
                    var s = Rational.Zero;
                    for (int c = 0; c < cols; c++) s += w[l, r, c] * a[l - 1][c];
                    z[l][r] = s;
                    if (l == L) { a[l][r] = s; continue; }
                    a[l][r] = act.Apply(s);
                    signs[patternOffset[l] + r * n + i] = (sbyte)s.Sign;
                    if (s.IsZero && act.Power == 1 && act.Pos != act.Neg)
                    {
                        var (lo, hi) = act.ClarkeAtZero;
                        var k = new Kink(l, r, i, lo, hi);
                        var choice = clarkeSlope?.Invoke(k) ?? lo;
                        if (choice < lo || choice > hi) throw new ArgumentException($"Clarke slope {choice} outside [{lo}, {hi}]");
                        kinks.Add(k);
                        chosen.Add(choice);
                        slope[l][r] = choice;
                    }
                    else slope[l][r] = act.Slope(s);
                }
            }
            outputs[i] = z[L][0];
            var y = instance.Labels[i];
            ncf += y * outputs[i];
            // δ_L = y_i; δ_{l−1} = σ'(z_{l−1}) ⊙ W_lᵀ δ_l; ∂N/∂W_l[r,c] += δ_l[r] a_{l−1}[c].
            var delta = new[] { y };
            for (int l = L; l >= 1; l--)
            {
                var (rows, cols) = net.Shape(l);
                for (int r = 0; r < rows; r++)
                {
                    if (delta[r].IsZero) continue;
                    for (int c = 0; c < cols; c++) grad[net.Index(l, r, c)] += delta[r] * a[l - 1][c];
                }
                if (l == 1) break;
                var prev = new Rational[cols];
                for (int c = 0; c < cols; c++)
                {
                    var s = Rational.Zero;
                    for (int r = 0; r < rows; r++) s += w[l, r, c] * delta[r];
                    prev[c] = s * slope[l - 1][c];
                }
                delta = prev;
            }
        }
        return new ExactEvaluation(outputs, ncf, grad, new ActivationPattern(net, n, signs), kinks, chosen.ToArray());
    }
}
