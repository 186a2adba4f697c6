namespace Checker.Numeric.Integration;

/// <summary>How a driven integration ended.</summary>
public enum DriveStatus
{
    /// <summary>Reached the solver's TBound.</summary>
    Finished,
    /// <summary>A terminal event occurred (see <see cref="DriveResult.Terminal"/>).</summary>
    Event,
    /// <summary>The step callback asked to stop.</summary>
    Stopped,
    /// <summary>The step size underflowed or the state became non-finite.</summary>
    Failed,
    /// <summary>Step budget exhausted.</summary>
    StepLimit,
    /// <summary>Cancelled or out of wall-clock time (a timeout, never a verdict).</summary>
    Cancelled,
}

public sealed record DriveResult(DriveStatus Status, IReadOnlyList<EventOccurrence> Events, EventOccurrence? Terminal,
    double FinalTime, double[] FinalState, string? Reason);

/// <summary>
/// Runs a <see cref="DormandPrince54"/> solver with event location, in the manner of scipy's solve_ivp: after every
/// accepted step each event function is evaluated at the new state; a sign change is located on that step's dense
/// output by Brent's method to machine precision in t (no extra right-hand-side evaluations). A terminal event ends
/// the run at its root, with the state interpolated there.
/// </summary>
public static class OdeDriver
{
    /// <param name="onEvent">Called for every located event in time order; returning false stops the run at that event
    /// (<see cref="DriveStatus.Stopped"/>, state interpolated there).</param>
    /// <param name="onStep">Called after every accepted step with the dense output of that step, except the step in
    /// which a terminal event ends the run; returning false stops the run (<see cref="DriveStatus.Stopped"/>).</param>
    public static DriveResult Run(DormandPrince54 solver, IReadOnlyList<OdeEvent> events,
        Func<DenseOutput, bool>? onStep = null, long maxSteps = 1_000_000, CancellationToken cancellationToken = default,
        Func<EventOccurrence, bool>? onEvent = null)
    {
        var found = new List<EventOccurrence>();
        var gOld = events.Select(e => new double[e.Count]).ToArray();
        var gNew = events.Select(e => new double[e.Count]).ToArray();
        for (int k = 0; k < events.Count; k++) events[k].Function(solver.T, solver.Y, gOld[k]);
        long steps = 0;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
                return new DriveResult(DriveStatus.Cancelled, found, null, solver.T, solver.Y.ToArray(), "cancelled or out of time");
            if (steps++ >= maxSteps)
                return new DriveResult(DriveStatus.StepLimit, found, null, solver.T, solver.Y.ToArray(), $"step limit {maxSteps} reached");
            if (solver.T == solver.TBound)
                return new DriveResult(DriveStatus.Finished, found, null, solver.T, solver.Y.ToArray(), null);
            var status = solver.Step();
            if (status == StepStatus.Failed)
                return new DriveResult(DriveStatus.Failed, found, null, solver.T, solver.Y.ToArray(), solver.FailureReason);
            var dense = solver.DenseOutput();
            // Locate every crossing in this step, in time order.
            var inStep = new List<EventOccurrence>();
            var scratch = new double[solver.Dimension];
            for (int k = 0; k < events.Count; k++)
            {
                var ev = events[k];
                ev.Function(solver.T, solver.Y, gNew[k]);
                for (int j = 0; j < ev.Count; j++)
                {
                    double a = gOld[k][j], b = gNew[k][j];
                    if (!Crosses(a, b, ev.Direction)) continue;
                    var values = new double[ev.Count];
                    int jj = j;
                    double G(double s)
                    {
                        dense.Evaluate(s, scratch);
                        ev.Function(s, scratch, values);
                        return values[jj];
                    }
                    double root = RootFinder.Brent(G, dense.TOld, dense.T, a, b);
                    inStep.Add(new EventOccurrence(ev.Name, j, root, dense.Evaluate(root), ev.Terminal));
                }
                (gOld[k], gNew[k]) = (gNew[k], gOld[k]);
            }
            inStep.Sort((x, y) => solver.Direction * x.Time.CompareTo(y.Time));
            EventOccurrence? terminal = null;
            foreach (var o in inStep)
            {
                found.Add(o);
                if (onEvent is not null && !onEvent(o))
                    return new DriveResult(DriveStatus.Stopped, found, o, o.Time, o.State, $"stopped at event {o.Name}");
                if (o.Terminal) { terminal = o; break; }
            }
            // A step cut short by a terminal event is not reported: its end lies past the event, in a part of the
            // trajectory the run does not reach (for a piecewise flow, on the wrong side of a kink). The caller gets
            // the state at the event as the final state.
            if (terminal is not null)
                return new DriveResult(DriveStatus.Event, found, terminal, terminal.Time, terminal.State, null);
            bool keepGoing = onStep?.Invoke(dense) ?? true;
            if (!keepGoing)
                return new DriveResult(DriveStatus.Stopped, found, null, solver.T, solver.Y.ToArray(), null);
            if (status == StepStatus.Finished)
                return new DriveResult(DriveStatus.Finished, found, null, solver.T, solver.Y.ToArray(), null);
        }
    }

    /// <summary>A strict sign change, or arrival at exactly zero from a non-zero value; starting at zero is not a crossing.</summary>
    private static bool Crosses(double a, double b, int direction)
    {
        if (double.IsNaN(a) || double.IsNaN(b) || a == 0) return false;
        bool up = a < 0 && b >= 0, down = a > 0 && b <= 0;
        return direction switch { > 0 => up, < 0 => down, _ => up || down };
    }
}
