namespace Checker.Numeric.Flows;

/// <summary>
/// The state layout both polar flows share (docs/theory.md, C8 at large Λ): the direction θ = w/‖w‖ in the first n
/// entries, s = log‖w‖ at index n and the original time τ at n + 1. Kept in one place so the NCF and training systems
/// cannot drift apart in how they start, since C8 compares their states at equal norm.
/// </summary>
public static class PolarState
{
    /// <summary>State (θ, s, τ) = (w0/‖w0‖, log‖w0‖, 0); w0 must have <paramref name="weightCount"/> entries, be
    /// non-zero and finite.</summary>
    public static double[] Initial(ReadOnlySpan<double> w0, int weightCount)
    {
        if (w0.Length != weightCount) throw new ArgumentException($"the starting point has {w0.Length} weights, the network {weightCount}");
        double r = Vectors.Norm2(w0);
        if (!(r > 0) || !double.IsFinite(r)) throw new ArgumentException("the starting point must be non-zero and finite");
        var y = new double[w0.Length + 2];
        for (int i = 0; i < w0.Length; i++) y[i] = w0[i] / r;
        y[w0.Length] = Math.Log(r);
        return y;
    }

    /// <summary>Absolute tolerances: rtol on θ (a unit vector) and on s (a relative error in ‖w‖), none on τ (relative only).</summary>
    public static double[] AbsoluteTolerances(int weightCount, double rtol)
    {
        var a = new double[weightCount + 2];
        for (int i = 0; i <= weightCount; i++) a[i] = rtol;
        return a;
    }

    /// <summary>The unit direction θ/‖θ‖ of a state (θ drifts off the sphere by the integrator's error).</summary>
    public static double[] Direction(ReadOnlySpan<double> y, int weightCount)
    {
        var theta = y[..weightCount];
        double r = Vectors.Norm2(theta);
        var d = new double[weightCount];
        for (int i = 0; i < weightCount; i++) d[i] = theta[i] / r;
        return d;
    }
}
