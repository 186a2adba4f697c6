using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.RankOne;

/// <summary>
/// The two numbers of C6's value law that the queries and re-checks use: the exponent e_l of r_l = √|S_l| and the squared
/// constant C_{p,L}² (<see cref="PolynomialRankOneLaw"/>). A separate record only so tests can hand the same machinery an
/// altered law and watch it be refuted; the shipped check always uses <see cref="Derived"/>.
/// </summary>
/// <param name="SingleEntrySupports">Test seam for the necessity half: replace "equal non-zero entries" by the (false)
/// "at most one non-zero entry", which real KKT points with |S_l| ≥ 2 violate.</param>
internal sealed record PolynomialLawTerms(Func<Network, int, int> SupportExponent, Func<Network, Rational> ConstantSquared, bool SingleEntrySupports = false)
{
    public static readonly PolynomialLawTerms Derived = new(PolynomialRankOneLaw.SupportExponent, PolynomialRankOneLaw.ConstantSquared);
}
