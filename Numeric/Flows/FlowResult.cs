namespace Checker.Numeric.Flows;

/// <summary>How a flow run ended.</summary>
public enum FlowOutcome
{
    /// <summary>NCF flow: finite-time blow-up located (τ* in <see cref="FlowResult.BlowupTime"/>).</summary>
    BlowUp,
    /// <summary>The norm fell below the collapse fraction.</summary>
    Collapse,
    /// <summary>A rest point: sphere flow converged / NCF direction at rest with N = 0 / training gradient vanished.</summary>
    Stationary,
    /// <summary>Stopped at escape (--until escape).</summary>
    Escape,
    /// <summary>Reached the time bound.</summary>
    TimeReached,
    /// <summary>Step budget exhausted before any of the above.</summary>
    StepLimit,
    /// <summary>The integrator failed (step size underflow, or a Filippov sliding motion that could not be continued).</summary>
    Failed,
    /// <summary>Cancelled or out of time: never a verdict.</summary>
    Timeout,
}

/// <summary>An event in the flow's own clock (t, τ or σ). <see cref="Detail"/> names e.g. the neuron and sample of a pattern change.</summary>
public sealed record FlowEvent(string Name, double Time, string? Detail = null);

/// <summary>
/// The metrics at one point of a trajectory (issue 3, item 3). <see cref="Norm"/>, <see cref="Ncf"/> and
/// <see cref="Loss"/> are at the actual weights (w for training, u for NCF, θ on the sphere).
/// <see cref="LayerShares"/> is ‖W_l‖²/‖w‖², to compare with the KKT law p^{L−l}/Λ (docs/theory.md#c3-layer-norm-law);
/// <see cref="SingularRatios"/> σ₂/σ₁ per layer (NaN for a layer with a single row or column);
/// <see cref="ConservationDrift"/> max_l |Δ(‖W_l‖²/p^{L−l} − ‖W_L‖²)| relative to the current ‖w‖² (docs/theory.md#conservation-law).
/// </summary>
public sealed record FlowSample(
    double Time,
    double Norm,
    double Ncf,
    double Loss,
    double Cosine,
    double[] LayerShares,
    double[] SingularRatios,
    double ConservationDrift)
{
    /// <summary>The weights at this point (w, u or θ), so that cosines to another reference can be taken afterwards
    /// (two flows compared against one reference).</summary>
    public double[] Weights { get; init; } = [];
}

/// <summary>Progress of a run: the flow's time and the norm so far, steps taken.</summary>
public sealed record FlowProgress(double Time, double Norm, long Steps);

public sealed record FlowResult
{
    public required FlowKind Kind { get; init; }
    public required double Delta { get; init; }
    public required double Degree { get; init; }
    /// <summary>"t", "τ" or "σ".</summary>
    public required string TimeName { get; init; }
    public required FlowOutcome Outcome { get; init; }
    public string? Reason { get; init; }
    public required IReadOnlyList<FlowEvent> Events { get; init; }
    public int DroppedEvents { get; init; }
    public double? BlowupTime { get; init; }
    /// <summary>Escape time in the flow's clock (t for training).</summary>
    public double? EscapeTime { get; init; }
    /// <summary>Training only: the escape time in rescaled time τ = δ^{Λ−2}·t (docs/theory.md#time-rescaling), to compare with the NCF flow's.</summary>
    public double? EscapeTimeRescaled { get; init; }
    public required double FinalTime { get; init; }
    /// <summary>The final weights (w, u or θ).</summary>
    public required double[] FinalState { get; init; }
    public required double[] FinalDirection { get; init; }
    public required IReadOnlyList<FlowSample> Samples { get; init; }
    public FlowSample Final => Samples[^1];
    public required long Steps { get; init; }
    public required long Evaluations { get; init; }
    public required double RelativeTolerance { get; init; }
    /// <summary>Tangential gradient ‖P_θ∇N(θ)‖ at the final direction (NCF and sphere flows), ‖∇ℒ(w)‖ for training.</summary>
    public double FinalGradientResidual { get; init; }
    /// <summary>Nets with kinks (p = 1, a₊ ≠ a₋): how many times the Filippov solution began sliding along a kink.</summary>
    public int SlidingSegments { get; init; }
    /// <summary>Flow time (in <see cref="TimeName"/>'s clock) spent sliding.</summary>
    public double SlidingTime { get; init; }
    /// <summary>The kinks ("layer l, neuron j, sample i") the run is sliding on at its end; empty if none.</summary>
    public IReadOnlyList<string> SlidingAtEnd { get; init; } = [];
    /// <summary>The largest conservation drift over the recorded trajectory.</summary>
    public double MaxConservationDrift => Samples.Count == 0 ? 0 : Samples.Max(s => s.ConservationDrift);
}
