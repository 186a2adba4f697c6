namespace Checker.Numeric.Integration;

/// <summary>
/// The Dormand–Prince continuous extension over one accepted step [t_old, t]: a quartic in x = (s − t_old)/h,
/// y(s) = y_old + h·(Q₁x + Q₂x² + Q₃x³ + Q₄x⁴), fourth-order accurate uniformly on the step (fifth at its ends).
/// Immutable; evaluation allocates nothing.
/// </summary>
public sealed class DenseOutput
{
    private readonly double[] _yOld;
    private readonly double[][] _q;
    public double TOld { get; }
    public double T { get; }
    public int Dimension => _yOld.Length;

    internal DenseOutput(double tOld, double t, ReadOnlySpan<double> yOld, double[][] q)
    {
        TOld = tOld; T = t; _yOld = yOld.ToArray(); _q = q;
    }

    /// <summary>Writes y(s) into <paramref name="y"/>; s should lie in [TOld, T] (extrapolation is allowed but inaccurate).</summary>
    public void Evaluate(double s, Span<double> y)
    {
        double h = T - TOld;
        double x = h == 0 ? 0 : (s - TOld) / h;
        double x2 = x * x, x3 = x2 * x, x4 = x3 * x;
        for (int i = 0; i < _yOld.Length; i++)
            y[i] = _yOld[i] + h * (_q[0][i] * x + _q[1][i] * x2 + _q[2][i] * x3 + _q[3][i] * x4);
    }

    /// <summary>One component y_i(s), for event functions that look at a single coordinate.</summary>
    public double Evaluate(double s, int i)
    {
        double h = T - TOld;
        double x = h == 0 ? 0 : (s - TOld) / h;
        return _yOld[i] + h * x * (_q[0][i] + x * (_q[1][i] + x * (_q[2][i] + x * _q[3][i])));
    }

    public double[] Evaluate(double s)
    {
        var y = new double[_yOld.Length];
        Evaluate(s, y);
        return y;
    }
}
