namespace Checker.Numeric.Integration;

/// <summary>Right-hand side of dy/dt = f(t, y): writes f(t, y) into <paramref name="dydt"/>.</summary>
public delegate void OdeFunction(double t, ReadOnlySpan<double> y, Span<double> dydt);

/// <summary>
/// How the local error estimate is measured against the tolerances.
/// <see cref="Componentwise"/> is scipy's rule: err_i / (atol_i + rtol·max(|y_i|, |y_new,i|)), RMS over i.
/// <see cref="StateNorm"/> measures the whole error vector against the state's Euclidean norm:
/// ‖err‖₂ / (atol + rtol·max(‖y‖₂, ‖y_new‖₂)). The second is scale invariant (multiplying the state by c multiplies
/// the error and the threshold alike), which is what a flow started at δ·w₀ needs: with δ = 1e-6 every component is
/// ~1e-6 and a fixed absolute tolerance would either do nothing or everything, while "relative to ‖y‖" keeps meaning
/// "rtol digits of the trajectory" at every scale (issue 3, item 1).
/// </summary>
public enum ErrorNorm
{
    Componentwise,
    StateNorm,
}

/// <summary>Outcome of one <see cref="DormandPrince54.Step"/>.</summary>
public enum StepStatus
{
    /// <summary>A step was accepted; the solver may continue.</summary>
    Running,
    /// <summary>The solver reached its bound <see cref="DormandPrince54.TBound"/>.</summary>
    Finished,
    /// <summary>The step size fell below the floating-point resolution of t, or the state became non-finite.</summary>
    Failed,
}
