using Checker.Numeric;
using Checker.Symbolic.Evaluation;

namespace Checker.Verification.FullNetwork;

/// <summary>The end of one numeric ascent on the unit sphere: a candidate KKT point (docs/theory.md#kkt-points), not yet certified.</summary>
public sealed record KktCandidate(double[] Point, double Ncf, double Residual, int Iterations, bool Converged, int StartSeed);

/// <summary>
/// Riemannian gradient ascent of N on the unit sphere (the discretised sphere flow du/dτ = ∇N − (uᵀ∇N)u, docs/theory.md#sphere-flow)
/// with Armijo backtracking, so each start ends near a local maximiser of the constrained NCF. Only a candidate
/// generator: <see cref="KktCertifier"/> decides exactly whether a KKT point is there.
/// </summary>
public static class SphereAscent
{
    public static KktCandidate Run(NcfModel model, double[] start, int startSeed, int maxIterations = 4000, double tolerance = 1e-10, CancellationToken ct = default)
    {
        int k = model.WeightCount;
        var u = (double[])start.Clone();
        Normalise(u);
        var g = new double[k];
        var trial = new double[k];
        var r = new double[k];
        double n = model.NcfAndGradient(u, g);
        double eta = 0;
        double residual = double.PositiveInfinity;
        int it = 0;
        for (; it < maxIterations; it++)
        {
            if ((it & 63) == 0) ct.ThrowIfCancellationRequested();
            double lambda = Vectors.Dot(u, g);
            for (int j = 0; j < k; j++) r[j] = g[j] - lambda * u[j];
            double rn = Math.Sqrt(Vectors.Dot(r, r));
            residual = rn / Math.Max(1e-300, Math.Sqrt(Vectors.Dot(g, g)) + Math.Abs(lambda));
            if (rn < tolerance * Math.Max(1, Math.Abs(lambda))) return new KktCandidate(u, n, residual, it, true, startSeed);
            if (eta == 0) eta = 1 / (Math.Sqrt(Vectors.Dot(g, g)) + 1);
            bool accepted = false;
            for (int bt = 0; bt < 60; bt++)
            {
                for (int j = 0; j < k; j++) trial[j] = u[j] + eta * r[j];
                Normalise(trial);
                double nt = model.Ncf(trial);
                if (nt >= n + 1e-4 * eta * rn * rn)
                {
                    Array.Copy(trial, u, k);
                    n = model.NcfAndGradient(u, g);
                    eta *= 1.6;
                    accepted = true;
                    break;
                }
                eta *= 0.5;
            }
            if (!accepted) break; // no ascent direction at this resolution (a kink or a critical point)
        }
        return new KktCandidate(u, n, residual, it, residual < 1e-6, startSeed);
    }

    /// <summary>A Gaussian direction from <paramref name="seed"/> (Box–Muller), unit norm.</summary>
    public static double[] RandomDirection(int count, int seed)
    {
        var rng = new Random(seed);
        var v = new double[count];
        for (int j = 0; j < count; j++)
        {
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            v[j] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        Normalise(v);
        return v;
    }

    public static void Normalise(Span<double> v)
    {
        double s = Math.Sqrt(Vectors.Dot(v, v));
        if (s > 0) for (int j = 0; j < v.Length; j++) v[j] /= s;
    }
}
