namespace Checker.Numeric.Flows;

/// <summary>The three flows of docs/theory.md#flows (the sphere flow is the NCF flow's direction, the Riemannian ascent of N on ‖u‖ = 1).</summary>
public enum FlowKind
{
    /// <summary>dw/dt = −∇ℒ(w), w(0) = δ·w₀; times reported in t.</summary>
    Training,
    /// <summary>du/dτ = ∇N(u), u(0) = w₀; times reported in τ.</summary>
    Ncf,
    /// <summary>dθ/dσ = ∇N(θ) − ΛN(θ)θ on the unit sphere; rest points are the KKT points; times in σ.</summary>
    Sphere,
}

/// <summary>When a run stops (besides terminal events that always stop it: blow-up, collapse, a stationary point).</summary>
public enum FlowStopKind
{
    /// <summary>Training: the loss gradient vanishes (to the stationary tolerance). NCF: blow-up, collapse, or a
    /// stationary point with N = 0. Sphere: the tangential gradient vanishes.</summary>
    Natural,
    /// <summary>The first time the norm reaches escape-factor times its start.</summary>
    Escape,
    /// <summary>A time bound in the flow's own clock (t, τ or σ).</summary>
    Time,
}

/// <summary>The stopping rule of a run: a kind and, for <see cref="FlowStopKind.Time"/>, the bound.</summary>
public sealed record FlowStop(FlowStopKind Kind, double Time = double.PositiveInfinity)
{
    public static FlowStop Natural { get; } = new(FlowStopKind.Natural);
    public static FlowStop Escape { get; } = new(FlowStopKind.Escape);
    public static FlowStop At(double time) => new(FlowStopKind.Time, time);
}
