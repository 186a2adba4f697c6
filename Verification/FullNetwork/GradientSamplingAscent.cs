using Checker.Numeric;
using Checker.Symbolic.Evaluation;

namespace Checker.Verification.FullNetwork;

/// <summary>
/// Nonsmooth ascent of N on the unit sphere by gradient sampling (Burke, Lewis and Overton 2005), for the p = 1 nets
/// whose KKT points sit on kinks (docs/theory.md#kkt-points, "points on kinks"; issue 12 item 1). The smooth
/// <see cref="SphereAscent"/> stalls next to a kink: its Armijo step fails because ∇N jumps across the kink set, and its
/// end point has a large KKT residual. Here every step goes along the minimum-norm element d of the convex hull of the
/// tangential gradients sampled in an ε-ball around u — an ε-Clarke steepest-ascent direction, which stays short on the
/// kink side that ascends and slides along the face — and ε shrinks (tenfold) whenever ‖d‖ falls below its tolerance.
/// The end point lies within about ε of a Clarke stationary point of N on the sphere; <see cref="KinkFaceSolver"/> then
/// lands it exactly on its face and the Clarke engine decides it (only a candidate generator: it certifies nothing).
/// </summary>
public static class GradientSamplingAscent
{
    /// <summary>Runs from <paramref name="start"/> (normalised) until the sampling radius falls below
    /// <paramref name="finalRadius"/>; <see cref="KktCandidate.Residual"/> is the last ‖d‖ relative to |N|+‖∇N‖, i.e. the
    /// ε-Clarke residual, not the smooth one.</summary>
    public static KktCandidate Run(NcfModel model, double[] start, int seed, double initialRadius = 1e-2, double finalRadius = 1e-9,
        int maxIterations = 3000, CancellationToken ct = default)
    {
        int k = model.WeightCount;
        int m = Math.Min(k + 1, 48);
        var rng = new Random(seed);
        var u = (double[])start.Clone();
        SphereAscent.Normalise(u);
        var g = new double[k];
        var trial = new double[k];
        var at = new double[k];
        var grads = new double[m + 1][];
        for (int j = 0; j <= m; j++) grads[j] = new double[k];
        double n = model.NcfAndGradient(u, g);
        double eps = initialRadius;
        double residual = double.PositiveInfinity;
        int it = 0;
        while (eps >= finalRadius && it < maxIterations)
        {
            if ((it & 15) == 0) ct.ThrowIfCancellationRequested();
            it++;
            model.NcfAndGradient(u, g);
            double scale = Math.Abs(Vectors.Dot(u, g)) + Math.Sqrt(Vectors.Dot(g, g));
            Tangent(u, g, grads[0]);
            for (int j = 1; j <= m; j++)
            {
                BallPoint(rng, u, eps, at);
                model.NcfAndGradient(at, grads[j]);
                Tangent(u, grads[j], grads[j]);
            }
            var d = MinNormPoint.Of(grads);
            double dn = Math.Sqrt(Vectors.Dot(d, d));
            residual = dn / Math.Max(scale, 1e-300);
            // Tolerance tied to the radius: a point ε from a kink face sees a hull whose shortest element is O(ε).
            if (dn <= eps * Math.Max(scale, 1e-300)) { eps *= 0.1; continue; }
            double t = 1 / Math.Max(dn, 1e-300);
            t = Math.Min(t, 1);
            bool accepted = false;
            for (int bt = 0; bt < 50; bt++)
            {
                for (int j = 0; j < k; j++) trial[j] = u[j] + t * d[j];
                SphereAscent.Normalise(trial);
                double nt = model.Ncf(trial);
                if (nt >= n + 1e-6 * t * dn * dn)
                {
                    Array.Copy(trial, u, k);
                    n = nt;
                    accepted = true;
                    break;
                }
                t *= 0.5;
            }
            if (!accepted) eps *= 0.1;
        }
        return new KktCandidate(u, n, residual, it, eps < finalRadius, seed);
    }

    /// <summary>The component of <paramref name="g"/> tangent to the sphere at <paramref name="u"/> (written into <paramref name="into"/>).</summary>
    private static void Tangent(double[] u, double[] g, double[] into)
    {
        double lambda = Vectors.Dot(u, g);
        for (int j = 0; j < u.Length; j++) into[j] = g[j] - lambda * u[j];
    }

    /// <summary>A uniform point of the ball of radius <paramref name="eps"/> around <paramref name="u"/>.</summary>
    private static void BallPoint(Random rng, double[] u, double eps, double[] into)
    {
        int k = u.Length;
        double s = 0;
        for (int j = 0; j < k; j++)
        {
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            into[j] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            s += into[j] * into[j];
        }
        double r = eps * Math.Pow(rng.NextDouble(), 1.0 / k) / Math.Sqrt(s);
        for (int j = 0; j < k; j++) into[j] = u[j] + r * into[j];
    }
}
