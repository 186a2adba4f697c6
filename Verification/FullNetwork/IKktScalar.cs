using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>
/// The arithmetic that <see cref="NcfBackprop"/> and <see cref="KktSystem"/> are generic over, so ONE implementation of
/// the gradient of N serves the double Newton polish (<see cref="Real"/>), the rigorous enclosures (<see cref="Interval"/>)
/// and, through forward-mode tangents (<see cref="Dual{T}"/>), the Jacobian of the KKT system in both.
/// </summary>
public interface IKktScalar<T> where T : IKktScalar<T>
{
    static abstract T Zero { get; }
    static abstract T FromRational(Rational q);
    static abstract T operator +(T a, T b);
    static abstract T operator -(T a, T b);
    static abstract T operator *(T a, T b);
    /// <summary>The <paramref name="derivative"/>-th derivative of σ at z (docs/theory.md#activations), an enclosure for intervals.</summary>
    static abstract T Sigma(T z, Activation act, int derivative);
}
