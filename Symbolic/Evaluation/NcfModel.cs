using Checker.Symbolic.Compilation;
using Checker.Symbolic.Model;

namespace Checker.Symbolic.Evaluation;

/// <summary>
/// Fast <c>double</c> evaluator of one instance's N, ∇N, H(x_i), the square loss and its gradient, for Numeric's flows.
/// Built from the expression DAG (docs/theory.md#one-expression-three-back-ends: one expression, three back ends): a per-sample
/// <see cref="SampleTemplate"/> is compiled once by <see cref="DoubleCompiler"/> and looped over the samples, so the
/// generated code does not grow with n. Thread-safe: the kernels are pure and scratch space is per thread.
/// Flat weight order as in <see cref="Network"/>.
/// <para>Kink convention (numeric only): at a pre-activation exactly 0 the z ≥ 0 branch is used, so for p = 1 the slope
/// there is σ'(0) = a₊. Exact results and Clarke subdifferentials come from <see cref="ExactEvaluator"/>.</para>
/// </summary>
public sealed class NcfModel
{
    public Instance Instance { get; }
    public Network Network => Instance.Network;
    public int WeightCount => Network.WeightCount;
    public int SampleCount => Instance.SampleCount;
    /// <summary>Λ as a double.</summary>
    public double Degree { get; }

    private readonly double[][] _x;
    private readonly double[] _y;
    // Compiled on first use (compiling a large template takes a noticeable fraction of a second; many callers only
    // need one of the kernels).
    private readonly Lazy<ForwardKernel> _forwardKernel;
    private readonly Lazy<GradientKernel> _gradientKernel;
    private readonly Lazy<PreActivationKernel> _preActivations;
    private readonly ThreadLocal<Scratch> _scratch;

    private sealed class Scratch(int weights, int hidden)
    {
        public readonly double[] W = new double[weights];
        public readonly double[] Grad = new double[weights];
        public readonly double[] Z = new double[hidden];
    }

    private NcfModel(Instance instance)
    {
        Instance = instance;
        Degree = (double)instance.Network.Degree;
        _x = instance.Inputs.Select(r => r.Select(v => v.ToDouble()).ToArray()).ToArray();
        _y = instance.Labels.Select(v => v.ToDouble()).ToArray();
        var template = new Lazy<SampleTemplate>(() => new SampleTemplate(instance.Network));
        _forwardKernel = new Lazy<ForwardKernel>(() => DoubleCompiler.CompileForward(template.Value));
        _gradientKernel = new Lazy<GradientKernel>(() => DoubleCompiler.CompileGradient(template.Value));
        _preActivations = new Lazy<PreActivationKernel>(() => DoubleCompiler.CompilePreActivations(template.Value));
        int k = WeightCount, hidden = Network.HiddenNeurons;
        _scratch = new ThreadLocal<Scratch>(() => new Scratch(k, hidden));
    }

    public static NcfModel Compile(Instance instance) => new(instance);

    private double[] Load(ReadOnlySpan<double> w, Scratch s)
    {
        if (w.Length != WeightCount) throw new ArgumentException($"expected {WeightCount} weights, got {w.Length}");
        w.CopyTo(s.W);
        return s.W;
    }

    public double Ncf(ReadOnlySpan<double> w)
    {
        var s = _scratch.Value!;
        var wa = Load(w, s);
        var forward = _forwardKernel.Value;
        double sum = 0;
        for (int i = 0; i < _y.Length; i++) sum += _y[i] * forward(wa, _x[i]);
        return sum;
    }

    /// <summary>Writes H(x_i) for every sample.</summary>
    public void Outputs(ReadOnlySpan<double> w, Span<double> h)
    {
        var s = _scratch.Value!;
        var wa = Load(w, s);
        var forward = _forwardKernel.Value;
        for (int i = 0; i < _y.Length; i++) h[i] = forward(wa, _x[i]);
    }

    /// <summary>Returns N(w) and writes ∇N(w) into <paramref name="grad"/>.</summary>
    public double NcfAndGradient(ReadOnlySpan<double> w, Span<double> grad)
    {
        var s = _scratch.Value!;
        var wa = Load(w, s);
        Array.Clear(s.Grad);
        var gradient = _gradientKernel.Value;
        double sum = 0;
        for (int i = 0; i < _y.Length; i++) sum += _y[i] * gradient(wa, _x[i], 0.0, _y[i], s.Grad);
        s.Grad.CopyTo(grad);
        return sum;
    }

    /// <summary>Returns ℒ(w) = ½‖H(X; w) − y‖² and writes ∇ℒ(w) into <paramref name="grad"/>.</summary>
    public double LossAndGradient(ReadOnlySpan<double> w, Span<double> grad)
    {
        var s = _scratch.Value!;
        var wa = Load(w, s);
        Array.Clear(s.Grad);
        var gradient = _gradientKernel.Value;
        double loss = 0;
        for (int i = 0; i < _y.Length; i++)
        {
            // Seed s = H − y_i, so the kernel adds (H − y_i)·∇H(x_i) = ∇ of ½(H − y_i)².
            double h = gradient(wa, _x[i], 1.0, -_y[i], s.Grad);
            double r = h - _y[i];
            loss += 0.5 * r * r;
        }
        s.Grad.CopyTo(grad);
        return loss;
    }

    /// <summary>Writes every hidden pre-activation z_{l,j}(x_i) in <see cref="ActivationPattern"/>'s flat layout
    /// (layer, neuron, sample).</summary>
    public void PreActivations(ReadOnlySpan<double> w, Span<double> z)
    {
        var s = _scratch.Value!;
        var wa = Load(w, s);
        int n = SampleCount;
        var kernel = _preActivations.Value;
        for (int i = 0; i < n; i++)
        {
            kernel(wa, _x[i], s.Z);
            for (int k = 0; k < s.Z.Length; k++) z[k * n + i] = s.Z[k]; // neuron-major per sample → (l, j) rows of n
        }
    }

    /// <summary>The activation pattern at double weights: sign of each pre-activation, 0 when |z| ≤
    /// <paramref name="tolerance"/> (a numeric guess at a kink; confirm exactly before relying on it).</summary>
    public ActivationPattern Pattern(ReadOnlySpan<double> w, double tolerance = 1e-9)
    {
        var z = new double[Network.HiddenNeurons * SampleCount];
        PreActivations(w, z);
        var signs = new sbyte[z.Length];
        for (int k = 0; k < z.Length; k++) signs[k] = Math.Abs(z[k]) <= tolerance ? (sbyte)0 : (sbyte)Math.Sign(z[k]);
        return new ActivationPattern(Network, SampleCount, signs);
    }
}
