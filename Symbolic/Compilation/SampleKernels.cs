namespace Checker.Symbolic.Compilation;

/// <summary>H(x; w) for one sample.</summary>
public delegate double ForwardKernel(double[] w, double[] x);

/// <summary>Returns h = H(x; w) and adds s·∇_w H(x; w) to <paramref name="grad"/>, with seed s = α·h + β.</summary>
public delegate double GradientKernel(double[] w, double[] x, double alpha, double beta, double[] grad);

/// <summary>Writes the hidden pre-activations z_{l,j}(x) (layer-major) into <paramref name="z"/>.</summary>
public delegate void PreActivationKernel(double[] w, double[] x, double[] z);
