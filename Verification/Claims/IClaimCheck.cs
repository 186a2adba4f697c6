using Checker.Symbolic.Model;
using Checker.Verification.Contracts;

namespace Checker.Verification.Claims;

/// <summary>
/// The checking half of one entry of <see cref="ClaimRegistry"/>: decides the claim on an instance whose hypotheses
/// already hold (the runner asks <see cref="ClaimDefinition.Applies"/> first). The result carries
/// <see cref="CheckContext.ClaimId"/>; time comes from <see cref="CheckContext.Budget"/>; exceptions and overruns are the
/// runner's business (<see cref="ClaimRunner"/>), so a checker only says what it found.
/// </summary>
public interface IClaimCheck
{
    ClaimResult Check(Instance instance, CheckContext context);
}
