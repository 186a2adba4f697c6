using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.FullNetwork;

/// <summary>A double as an <see cref="IKktScalar{T}"/>: only for the Newton polish that finds a centre; never in a proof.</summary>
public readonly record struct Real(double Value) : IKktScalar<Real>
{
    public static Real Zero => new(0);
    public static Real FromRational(Rational q) => new(q.ToDouble());
    public static Real operator +(Real a, Real b) => new(a.Value + b.Value);
    public static Real operator -(Real a, Real b) => new(a.Value - b.Value);
    public static Real operator *(Real a, Real b) => new(a.Value * b.Value);

    public static Real Sigma(Real z, Activation act, int derivative)
    {
        int p = act.Power;
        if (derivative > p) return Zero;
        double falling = 1;
        for (int i = 0; i < derivative; i++) falling *= p - i;
        double a = z.Value >= 0 ? act.Pos.ToDouble() : act.Neg.ToDouble();
        return new(a * falling * Math.Pow(z.Value, p - derivative));
    }
}
