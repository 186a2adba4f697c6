namespace Checker.Numeric.Integration;

/// <summary>
/// Brent's method (bisection, secant and inverse quadratic interpolation) on a bracketing interval, to machine
/// precision in the abscissa: the bracket shrinks until it is a few ulp of the root wide. Used to locate events on
/// the dense output, where each function value costs no right-hand-side evaluation.
/// </summary>
public static class RootFinder
{
    public static double Brent(Func<double, double> f, double a, double b, double fa, double fb, int maxIterations = 200)
    {
        if (fa == 0) return a;
        if (fb == 0) return b;
        if (Math.Sign(fa) == Math.Sign(fb)) throw new ArgumentException("the interval does not bracket a root");
        double c = a, fc = fa, d = b - a, e = d;
        for (int it = 0; it < maxIterations; it++)
        {
            if (Math.Sign(fb) == Math.Sign(fc)) { c = a; fc = fa; d = b - a; e = d; }
            if (Math.Abs(fc) < Math.Abs(fb)) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa; }
            double tol = 2 * double.Epsilon + 2 * 2.220446049250313e-16 * Math.Abs(b);
            double m = 0.5 * (c - b);
            if (Math.Abs(m) <= tol || fb == 0) return b;
            if (Math.Abs(e) >= tol && Math.Abs(fa) > Math.Abs(fb))
            {
                double s = fb / fa, p, q;
                if (a == c) { p = 2 * m * s; q = 1 - s; }
                else
                {
                    double qq = fa / fc, r = fb / fc;
                    p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
                    q = (qq - 1) * (r - 1) * (s - 1);
                }
                if (p > 0) q = -q; else p = -p;
                if (2 * p < Math.Min(3 * m * q - Math.Abs(tol * q), Math.Abs(e * q))) { e = d; d = p / q; }
                else { d = m; e = m; }
            }
            else { d = m; e = m; }
            a = b; fa = fb;
            b += Math.Abs(d) > tol ? d : (m > 0 ? tol : -tol);
            fb = f(b);
        }
        return b;
    }
}
