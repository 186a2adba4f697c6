using Checker.Symbolic.Model;

namespace Checker.Bench;

/// <summary>
/// Reference for the compiled evaluator's benchmark: the original hand-written double backprop over <c>double[]</c>
/// that NcfModel used before it was generated from the expression DAG. Same kink convention as NcfModel now
/// (σ'(0) = a₊), so both compute the same numbers. Thread-safe: scratch space is per thread.
/// </summary>
public sealed class SymbolicReferenceDoubleBackprop
{
    public Instance Instance { get; }
    public Network Network => Instance.Network;
    public int WeightCount => Network.WeightCount;
    public int SampleCount => Instance.SampleCount;
    /// <summary>Λ as a double.</summary>
    public double Degree { get; }

    private readonly double[][] _x;
    private readonly double[] _y;
    private readonly double _pos, _neg;
    private readonly int _power;
    [ThreadStatic] private static double[][]? t_a, t_z, t_d;

    private SymbolicReferenceDoubleBackprop(Instance instance)
    {
        Instance = instance;
        Degree = (double)instance.Network.Degree;
        _x = instance.Inputs.Select(r => r.Select(v => v.ToDouble()).ToArray()).ToArray();
        _y = instance.Labels.Select(v => v.ToDouble()).ToArray();
        _pos = Network.Activation.Pos.ToDouble();
        _neg = Network.Activation.Neg.ToDouble();
        _power = Network.Activation.Power;
    }

    public static SymbolicReferenceDoubleBackprop Compile(Instance instance) => new(instance);

    public double Ncf(ReadOnlySpan<double> w)
    {
        double s = 0;
        for (int i = 0; i < _y.Length; i++) s += _y[i] * Forward(w, i);
        return s;
    }

    /// <summary>Writes H(x_i) for every sample.</summary>
    public void Outputs(ReadOnlySpan<double> w, Span<double> h)
    {
        for (int i = 0; i < _y.Length; i++) h[i] = Forward(w, i);
    }

    /// <summary>Returns N(w) and writes ∇N(w) into <paramref name="grad"/>.</summary>
    public double NcfAndGradient(ReadOnlySpan<double> w, Span<double> grad)
    {
        grad.Clear();
        double s = 0;
        for (int i = 0; i < _y.Length; i++) s += _y[i] * ForwardBackward(w, i, _y[i], grad);
        return s;
    }

    /// <summary>Returns ℒ(w) = ½‖H(X; w) − y‖² and writes ∇ℒ(w) into <paramref name="grad"/>.</summary>
    public double LossAndGradient(ReadOnlySpan<double> w, Span<double> grad)
    {
        grad.Clear();
        double loss = 0;
        for (int i = 0; i < _y.Length; i++)
        {
            double h = Forward(w, i);
            double r = h - _y[i];
            loss += 0.5 * r * r;
            ForwardBackward(w, i, r, grad);
        }
        return loss;
    }

    private void EnsureScratch()
    {
        if (t_a is not null && t_a.Length == Network.Depth + 1 && Fits(t_a)) return;
        int L = Network.Depth;
        t_a = new double[L + 1][]; t_z = new double[L + 1][]; t_d = new double[L + 1][];
        for (int l = 0; l <= L; l++) { t_a[l] = new double[Network.Widths[l]]; t_z[l] = new double[Network.Widths[l]]; t_d[l] = new double[Network.Widths[l]]; }
    }

    private bool Fits(double[][] a)
    {
        for (int l = 0; l < a.Length; l++) if (a[l].Length != Network.Widths[l]) return false;
        return true;
    }

    private double Sigma(double z) => z >= 0 ? _pos * IntPow(z, _power) : _neg * IntPow(z, _power);
    private double SigmaPrime(double z) => _power == 1 ? (z >= 0 ? _pos : _neg)
        : (z >= 0 ? _pos : _neg) * _power * IntPow(z, _power - 1);

    private static double IntPow(double z, int p)
    {
        double r = 1;
        for (int k = 0; k < p; k++) r *= z;
        return r;
    }

    private double Forward(ReadOnlySpan<double> w, int i)
    {
        EnsureScratch();
        var a = t_a!; var z = t_z!;
        int L = Network.Depth;
        _x[i].CopyTo(a[0], 0);
        for (int l = 1; l <= L; l++)
        {
            int rows = Network.Widths[l], cols = Network.Widths[l - 1], o = Network.Offset(l);
            for (int r = 0; r < rows; r++)
            {
                double s = 0;
                for (int c = 0; c < cols; c++) s += w[o + r * cols + c] * a[l - 1][c];
                z[l][r] = s;
                a[l][r] = l == L ? s : Sigma(s);
            }
        }
        return a[L][0];
    }

    private double ForwardBackward(ReadOnlySpan<double> w, int i, double seed, Span<double> grad)
    {
        double h = Forward(w, i);
        var a = t_a!; var z = t_z!; var d = t_d!;
        int L = Network.Depth;
        d[L][0] = seed;
        for (int l = L; l >= 1; l--)
        {
            int rows = Network.Widths[l], cols = Network.Widths[l - 1], o = Network.Offset(l);
            for (int r = 0; r < rows; r++)
            {
                double dr = d[l][r];
                if (dr == 0) continue;
                for (int c = 0; c < cols; c++) grad[o + r * cols + c] += dr * a[l - 1][c];
            }
            if (l == 1) break;
            for (int c = 0; c < cols; c++)
            {
                double s = 0;
                for (int r = 0; r < rows; r++) s += w[o + r * cols + c] * d[l][r];
                d[l - 1][c] = s * SigmaPrime(z[l - 1][c]);
            }
        }
        return h;
    }
}
