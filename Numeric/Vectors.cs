namespace Checker.Numeric;

/// <summary>
/// The two vector operations every numeric caller needs (flows, integrators, sphere ascents, the flow claims), in
/// one place so that each does not borrow them from an integrator or an ascent.
/// </summary>
public static class Vectors
{
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++) s += a[j] * b[j];
        return s;
    }

    /// <summary>The Euclidean norm, scaled to avoid overflow/underflow for states near 1e±150 (flows from δ = 1e-6 with
    /// large Λ).</summary>
    public static double Norm2(ReadOnlySpan<double> v)
    {
        double max = 0;
        foreach (var x in v) max = Math.Max(max, Math.Abs(x));
        if (max == 0 || double.IsInfinity(max) || double.IsNaN(max)) return max;
        double s = 0;
        foreach (var x in v) { double q = x / max; s += q * q; }
        return max * Math.Sqrt(s);
    }
}
