using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;

namespace Checker.Verification.Claims;

/// <summary>
/// The numeric flow claims (C7, C9, C10) share their frame: hypotheses from the catalogue, the --timeout enforced as a
/// cancellation of every flow they run, and one compiled evaluator of the instance. Subclasses check the claim proper.
/// </summary>
public abstract class FlowClaimCheck : IClaimCheck
{
    public abstract string Id { get; }

    public bool Applies(Instance instance, out string reason) => ClaimCatalogue.AppliesTo(Id, instance, out reason);

    public ClaimResult Check(Instance instance, CheckOptions options, IProgress<CheckProgress>? progress, CancellationToken cancellationToken)
    {
        if (!Applies(instance, out var why)) return ClaimResult.NotApplicable(Id, why);
        if (instance.FirstEntryOutsideDoubleRange() is { } field)
            return new ClaimResult(Id, Verdict.Inconclusive, $"{field} does not fit in a double, so the numeric flows cannot run on this data (nothing was checked)");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        return Check(instance, NcfModel.Compile(instance), options, progress, cts.Token);
    }

    /// <summary>The claim on an instance whose hypotheses hold; <paramref name="ct"/> is cancelled at the time limit.</summary>
    protected abstract ClaimResult Check(Instance instance, NcfModel model, CheckOptions options, IProgress<CheckProgress>? progress, CancellationToken ct);
}
