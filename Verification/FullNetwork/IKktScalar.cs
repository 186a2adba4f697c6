using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>
/// The scalars of the KKT certification: the double Newton polish (<see cref="Real"/>), the rigorous enclosures
/// (<see cref="Interval"/>) and forward-mode tangents over either (<see cref="Dual{T}"/>, the Jacobian of the KKT system).
/// N and ∇N come from the one expression DAG evaluated in these scalars (<see cref="KktSystem"/>, through
/// Symbolic's DagEvaluator), so the chain rule is written once (docs/theory.md#one-expression-three-back-ends).
/// </summary>
public interface IKktScalar<T> : IScalar<T> where T : IKktScalar<T>
{
    static abstract T Zero { get; }
}

/// <summary>σ and its derivatives in any <see cref="IKktScalar{T}"/>.</summary>
public static class KktScalar
{
    /// <summary>The <paramref name="derivative"/>-th derivative of σ at z (docs/theory.md#activations): the piecewise
    /// monomial (p)_k·a± z^(p−k), zero beyond p; an enclosure for intervals.</summary>
    public static T Sigma<T>(T z, Activation act, int derivative) where T : IKktScalar<T>
    {
        int p = act.Power;
        if (derivative > p) return T.Zero;
        var falling = Rational.One;
        for (int i = 0; i < derivative; i++) falling *= p - i;
        return T.Piecewise(z, act.Pos * falling, act.Neg * falling, p - derivative);
    }
}
