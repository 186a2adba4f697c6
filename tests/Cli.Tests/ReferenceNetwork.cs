using Checker.Symbolic.Numbers;

namespace Checker.Cli.Tests;

/// <summary>
/// An independent, deliberately plain reference for the eval tests: H(x) = W_L σ(… σ(W_1 x)) and ∇N by textbook
/// backpropagation in exact rationals, written from docs/theory.md#instances and docs/theory.md#neural-correlation-function without the engine's DAG. At z = 0 with p = 1 the
/// slope is the caller's Clarke choice.
/// </summary>
public sealed record ReferenceNetwork(int[] Widths, Rational Pos, Rational Neg, int Power)
{
    public int Depth => Widths.Length - 1;

    public Rational Sigma(Rational z) => (z.Sign >= 0 ? Pos : Neg) * z.Pow(Power);

    public Rational SigmaPrime(Rational z, bool upperAtKink)
    {
        if (Power == 1 && z.IsZero) return upperAtKink ? Rational.Max(Pos, Neg) : Rational.Min(Pos, Neg);
        return (z.Sign >= 0 ? Pos : Neg) * Power * z.Pow(Power - 1);
    }

    /// <summary>Returns (H(x_i) per sample, N, ∇N per layer [l][r][c]).</summary>
    public (Rational[] H, Rational N, Rational[][][] Grad) Evaluate(Rational[][] x, Rational[] y, Rational[][][] w, bool upperAtKink = false)
    {
        int L = Depth;
        var grad = new Rational[L][][];
        for (int l = 0; l < L; l++) grad[l] = w[l].Select(row => row.Select(_ => Rational.Zero).ToArray()).ToArray();
        var h = new Rational[x.Length];
        var n = Rational.Zero;
        for (int i = 0; i < x.Length; i++)
        {
            var acts = new List<Rational[]> { x[i] };
            var pres = new List<Rational[]> { x[i] };
            for (int l = 0; l < L; l++)
            {
                var prev = acts[^1];
                var z = w[l].Select(row => row.Zip(prev, (a, b) => a * b).Aggregate(Rational.Zero, (s, t) => s + t)).ToArray();
                pres.Add(z);
                acts.Add(l == L - 1 ? z : z.Select(Sigma).ToArray());
            }
            h[i] = acts[^1][0];
            n += y[i] * h[i];
            var delta = new[] { y[i] };
            for (int l = L - 1; l >= 0; l--)
            {
                for (int r = 0; r < w[l].Length; r++)
                    for (int c = 0; c < w[l][r].Length; c++) grad[l][r][c] += delta[r] * acts[l][c];
                if (l == 0) break;
                var next = new Rational[w[l][0].Length];
                for (int c = 0; c < next.Length; c++)
                {
                    var s = Rational.Zero;
                    for (int r = 0; r < w[l].Length; r++) s += w[l][r][c] * delta[r];
                    next[c] = s * SigmaPrime(pres[l][c], upperAtKink);
                }
                delta = next;
            }
        }
        return (h, n, grad);
    }
}
