using Checker.Symbolic.Model;
using Checker.Verification.Claims;

namespace Checker.Verification.Search;

/// <summary>
/// Shapes on which a claim cannot have a counterexample, so `search` redraws instead of spending a trial there
/// (docs/cli.md#search). K1 (every positive KKT point is rank-one in every layer) needs a weight matrix with at least
/// two rows and two columns: on a net whose every layer has a single row or column, every point is rank-one.
/// </summary>
public static class SearchShapes
{
    public static Func<Network, bool>? CanRefute(string claimId) => claimId.ToUpperInvariant() switch
    {
        "K1" => Hypotheses.HasRankTwoLayer,
        _ => null,
    };
}
