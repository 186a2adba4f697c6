namespace Checker.Numeric.Flows;

/// <summary>Settings of one flow run. Defaults are the ones the CLI and the claims use.</summary>
public sealed record FlowOptions
{
    /// <summary>Training flow scale: it starts at δ·w₀ (docs/theory.md#training-flow).</summary>
    public double Delta { get; init; } = 1e-3;
    /// <summary>Escape: the norm first reaches this factor times its start (docs/cli.md#flow --escape-factor).</summary>
    public double EscapeFactor { get; init; } = 2;
    /// <summary>Collapse: the norm falls below this fraction of its start (terminal).</summary>
    public double CollapseFactor { get; init; } = 1e-3;
    public FlowStop Until { get; init; } = FlowStop.Natural;
    /// <summary>Relative tolerance of the integrator (see <see cref="Integration.ErrorNorm"/> and the flow systems for its meaning).</summary>
    public double RelativeTolerance { get; init; } = 1e-12;
    /// <summary>A direction is at rest when its tangential gradient is below this fraction of the gradient's norm at the start.</summary>
    public double StationaryTolerance { get; init; } = 1e-9;
    /// <summary>Training: at rest when ‖∇ℒ(w)‖ falls below this fraction of its largest value along the run (after the
    /// escape). Looser than the sphere flow's, since training often converges only algebraically (degenerate minima).</summary>
    public double TrainingStationaryTolerance { get; init; } = 1e-6;
    /// <summary>The NCF blow-up is declared when the (rigorous, see <see cref="PolarNcfSystem"/>) bound on the remaining
    /// time τ* − τ is below this fraction of τ.</summary>
    public double BlowupTolerance { get; init; } = 1e-14;
    /// <summary>Record activation-pattern changes (pre-activations crossing 0); default: when σ has a kink (p = 1, a₊ ≠ a₋).</summary>
    public bool? DetectPatternChanges { get; init; }
    public long MaxSteps { get; init; } = 2_000_000;
    /// <summary>At most this many pattern-change events are kept (they are counted beyond).</summary>
    public int MaxRecordedEvents { get; init; } = 2000;
    /// <summary>Reference direction for the cosine metric (e.g. a KKT point); null: the run's own final direction.</summary>
    public double[]? Reference { get; init; }
    /// <summary>Trajectory metrics are computed on at most this many recorded points (evenly thinned, events kept).</summary>
    public int MaxSamples { get; init; } = 400;
}
