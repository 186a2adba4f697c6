using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.Tests;

/// <summary>
/// The hand-written backprop that Verification's KKT certification used before it evaluated the one NCF expression DAG
/// (NcfExpression.NcfAndGradient): N(w) = Σ_i y_i H(x_i; w) and ∇N by one forward and one backward pass per sample,
/// kept here, unchanged but for its scalar interface, only as an independent reference for the DAG evaluation
/// (DagBackpropTests).
/// </summary>
public static class ReferenceBackprop
{
    private static T Sigma<T>(T z, Activation act, int derivative) where T : IScalar<T>
    {
        int p = act.Power;
        if (derivative > p) return T.FromRational(Rational.Zero);
        var falling = Rational.One;
        for (int i = 0; i < derivative; i++) falling *= p - i;
        return T.Piecewise(z, act.Pos * falling, act.Neg * falling, p - derivative);
    }

    public static T[] Gradient<T>(Network net, T[][] xs, T[] ys, T[] w, out T ncf) where T : IScalar<T>
    {
        var zero = T.FromRational(Rational.Zero);
        int L = net.Depth;
        var act = net.Activation;
        var grad = new T[net.WeightCount];
        for (int k = 0; k < grad.Length; k++) grad[k] = zero;
        ncf = zero;
        var a = new T[L][];   // a[l] = activations entering layer l+1 (a[0] = x)
        var z = new T[L][];   // z[l] = pre-activations of hidden layer l (1 ≤ l < L)
        for (int i = 0; i < xs.Length; i++)
        {
            a[0] = xs[i];
            for (int l = 1; l < L; l++)
            {
                var (rows, cols) = net.Shape(l);
                var zl = new T[rows];
                var al = new T[rows];
                for (int r = 0; r < rows; r++)
                {
                    var s = zero;
                    for (int c = 0; c < cols; c++) s = s + w[net.Index(l, r, c)] * a[l - 1][c];
                    zl[r] = s;
                    al[r] = Sigma(s, act, 0);
                }
                z[l] = zl;
                a[l] = al;
            }
            var last = a[L - 1];
            var h = zero;
            for (int c = 0; c < last.Length; c++) h = h + w[net.Index(L, 0, c)] * last[c];
            ncf = ncf + ys[i] * h;
            // Backward: e = ∂(y_i H)/∂a_{l}, d = e ⊙ σ'(z_l).
            var e = new T[last.Length];
            for (int c = 0; c < last.Length; c++)
            {
                grad[net.Index(L, 0, c)] = grad[net.Index(L, 0, c)] + ys[i] * last[c];
                e[c] = ys[i] * w[net.Index(L, 0, c)];
            }
            for (int l = L - 1; l >= 1; l--)
            {
                var (rows, cols) = net.Shape(l);
                var d = new T[rows];
                for (int r = 0; r < rows; r++) d[r] = e[r] * Sigma(z[l][r], act, 1);
                var next = new T[cols];
                for (int c = 0; c < cols; c++) next[c] = zero;
                for (int r = 0; r < rows; r++)
                    for (int c = 0; c < cols; c++)
                    {
                        int k = net.Index(l, r, c);
                        grad[k] = grad[k] + d[r] * a[l - 1][c];
                        if (l > 1) next[c] = next[c] + w[k] * d[r];
                    }
                e = next;
            }
        }
        return grad;
    }
}
