using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>
/// The square KKT system of docs/theory.md#kkt-points restricted to a support S (weights off S are exactly 0):
/// unknowns x = (w_S, λ), equations F_j = ∂N/∂w_j − λ w_j for j ∈ S and F_last = ‖w‖² − 1. Restricting to the support
/// removes the singular directions of dead neurons (zero in- and out-weights); the off-support components of ∇N must
/// then vanish on the box for the zero to be a KKT point of the whole network, which <see cref="Evaluate{T}"/> returns
/// alongside F so the certifier can check them in the same interval evaluation.
/// </summary>
public sealed class KktSystem
{
    public Instance Instance { get; }
    public Network Network => Instance.Network;
    /// <summary>Flat indices (in the order of docs/cli.md#weight-files) of the weights that are unknowns.</summary>
    public int[] Support { get; }
    public int Dimension => Support.Length + 1;

    public KktSystem(Instance instance, int[] support)
    {
        Instance = instance;
        Support = support;
    }

    /// <summary>Full weight vector of x (zeros off the support).</summary>
    public T[] Weights<T>(T[] x) where T : IKktScalar<T>
    {
        var w = new T[Network.WeightCount];
        for (int k = 0; k < w.Length; k++) w[k] = T.Zero;
        for (int j = 0; j < Support.Length; j++) w[Support[j]] = x[j];
        return w;
    }

    /// <summary>F(x), the off-support gradient components, and N, all in the arithmetic of <typeparamref name="T"/>.</summary>
    public (T[] F, T[] OffSupportGradient, T Ncf) Evaluate<T>(T[] x) where T : IKktScalar<T>
    {
        var w = Weights(x);
        // The instance's one NCF expression, evaluated in T (docs/theory.md#one-expression-three-back-ends).
        var g = ExactEvaluator.ExpressionFor(Instance).NcfAndGradient(w, out var ncf);
        var lambda = x[^1];
        var f = new T[Dimension];
        var norm = T.Zero;
        for (int j = 0; j < Support.Length; j++)
        {
            f[j] = g[Support[j]] - lambda * x[j];
            norm = norm + x[j] * x[j];
        }
        f[^1] = norm - T.FromRational(Rational.One);
        var on = new HashSet<int>(Support);
        var off = Enumerable.Range(0, w.Length).Where(k => !on.Contains(k)).Select(k => g[k]).ToArray();
        return (f, off, ncf);
    }

    /// <summary>F and its Jacobian over <typeparamref name="T"/> (forward-mode tangents on every unknown).</summary>
    public (T[] F, T[,] J, T[] OffSupportGradient, T Ncf) EvaluateWithJacobian<T>(T[] x) where T : IKktScalar<T>
    {
        int m = Dimension;
        var dx = new Dual<T>[m];
        for (int k = 0; k < m; k++) dx[k] = Dual<T>.Variable(x[k], k, m);
        var (f, off, ncf) = Evaluate(dx);
        var J = new T[m, m];
        for (int r = 0; r < m; r++) for (int c = 0; c < m; c++) J[r, c] = f[r].Partial(c);
        return (f.Select(v => v.Value).ToArray(), J, off.Select(v => v.Value).ToArray(), ncf.Value);
    }
}
