using Checker.Verification.Contracts;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;

namespace Checker.Verification.Claims;

/// <summary>
/// The numeric flow claims (C7, C9, C10) share their frame: data that fits in doubles (checked
/// once, with the reason), the budget's token cancelling every flow they run, and one compiled evaluator of the instance. Subclasses check the claim proper.
/// </summary>
public abstract class FlowClaimCheck : IClaimCheck
{
    public ClaimResult Check(Instance instance, CheckContext context)
    {
        if (instance.FirstEntryOutsideDoubleRange() is { } field)
            return new ClaimResult(context.ClaimId, Verdict.Inconclusive, $"{field} does not fit in a double, so the numeric flows cannot run on this data (nothing was checked)");
        return Check(instance, NcfModel.Compile(instance), context);
    }

    /// <summary>The claim on an instance whose hypotheses hold; the context's token is cancelled at the time limit.</summary>
    protected abstract ClaimResult Check(Instance instance, NcfModel model, CheckContext context);
}
