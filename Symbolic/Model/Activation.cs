using System.Numerics;
using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Model;

/// <summary>
/// A piecewise monomial σ(z) = a₊ z^p (z ≥ 0), a₋ z^p (z &lt; 0): docs/theory.md#activations. Plain data; <see cref="Name"/> keeps the
/// preset it was read from so outputs can echo the user's words.
/// </summary>
public sealed record Activation(Rational Pos, Rational Neg, int Power, string Name)
{
    public const int MaxPower = 12;

    /// <summary>∇H is locally Lipschitz iff p ≥ 2 or a₊ = a₋ (docs/theory.md#homogeneity).</summary>
    public bool LocallyLipschitzGradient => Power >= 2 || Pos == Neg;

    /// <summary>p = 1 with a₊ ≠ a₋: σ has a kink at 0 where Clarke subdifferentials are needed.</summary>
    public bool HasKink => Power == 1 && Pos != Neg;

    /// <summary>σ'(z) = p a± z^{p−1}, as a piecewise monomial of power p−1 (the derivative node of the DAG).</summary>
    public (Rational Pos, Rational Neg, int Power) Derivative => (Pos * Power, Neg * Power, Power - 1);

    public Rational Apply(Rational z) => z.Sign >= 0 ? Pos * z.Pow(Power) : Neg * z.Pow(Power);

    /// <summary>σ'(z) away from a kink; at z = 0 with p = 1 the caller must use <see cref="ClarkeAtZero"/>.</summary>
    public Rational Slope(Rational z)
    {
        if (Power == 1) return z.Sign > 0 ? Pos : z.Sign < 0 ? Neg : (Pos == Neg ? Pos : throw new InvalidOperationException("σ'(0) is a Clarke interval"));
        return z.Sign >= 0 ? Pos * Power * z.Pow(Power - 1) : Neg * Power * z.Pow(Power - 1);
    }

    /// <summary>∂σ(0) for p = 1: the interval between a₋ and a₊.</summary>
    public (Rational Low, Rational High) ClarkeAtZero => Power == 1 ? (Rational.Min(Pos, Neg), Rational.Max(Pos, Neg)) : (Rational.Zero, Rational.Zero);

    public double ApplyDouble(double z) => z >= 0 ? PosD * Math.Pow(z, Power) : NegD * Math.Pow(z, Power);

    private double PosD => Pos.ToDouble();
    private double NegD => Neg.ToDouble();

    public static Activation Linear => new(1, 1, 1, "linear");
    public static Activation Relu => new(1, 0, 1, "relu");

    /// <summary>Parses a preset name of docs/theory.md#activations. Returns null and an expectation message when it is not one.</summary>
    public static Activation? TryParsePreset(string text, out string error)
    {
        error = "";
        var s = text.Trim();
        int colon = s.IndexOf(':');
        string head = (colon < 0 ? s : s[..colon]).ToLowerInvariant();
        string[] args = colon < 0 ? [] : s[(colon + 1)..].Split(',');
        switch (head)
        {
            case "linear" when args.Length == 0: return Linear;
            case "relu" when args.Length == 0: return Relu;
            case "leaky" when args.Length == 1:
                {
                    if (!ParseAlpha(args[0], out var a, out error)) return null;
                    return new Activation(1, a, 1, s);
                }
            case "polyrelu" when args.Length == 1:
                {
                    if (!ParsePower(args[0], out var p, out error)) return null;
                    return new Activation(1, 0, p, s);
                }
            case "polyleaky" when args.Length == 2:
                {
                    if (!ParsePower(args[0], out var p, out error) || !ParseAlpha(args[1], out var a, out error)) return null;
                    return new Activation(1, a.Pow(p), p, s);
                }
            case "signedpoly" when args.Length == 2:
                {
                    if (!ParsePower(args[0], out var p, out error) || !ParseAlpha(args[1], out var a, out error)) return null;
                    // σ(z) = −α|z|^p for z < 0, written as a₋ z^p: a₋ = −α·(−1)^p.
                    return new Activation(1, p % 2 == 0 ? -a : a, p, s);
                }
        }
        string? usage = head switch
        {
            "linear" or "relu" => $"{head} without parameters",
            "leaky" => "leaky:α with one parameter 0 ≤ α < 1",
            "polyrelu" => "polyrelu:p with one integer power p ≥ 1",
            "polyleaky" => "polyleaky:p,α with an integer power p ≥ 1 and 0 ≤ α < 1",
            "signedpoly" => "signedpoly:p,α with an integer power p ≥ 1 and 0 ≤ α < 1",
            _ => null,
        };
        if (usage is not null) { error = $"{usage}, got \"{text}\""; return null; }
        error = $"an activation preset (linear, relu, leaky:α, polyrelu:p, polyleaky:p,α, signedpoly:p,α) or {{\"pos\",\"neg\",\"power\"}}, got \"{text}\"";
        return null;
    }

    private static bool ParseAlpha(string text, out Rational alpha, out string error)
    {
        error = "";
        if (!Rational.TryParse(text, out alpha, out var e)) { error = "α as " + e; return false; }
        if (alpha.Sign < 0 || alpha >= 1) { error = $"α with 0 ≤ α < 1, got {text.Trim()}"; return false; }
        return true;
    }

    private static bool ParsePower(string text, out int power, out string error)
    {
        error = "";
        power = 0;
        if (!Rational.TryParse(text, out var r, out _) || !r.IsInteger || r < 1 || r > MaxPower)
        { error = $"an integer power p with 1 ≤ p ≤ {MaxPower}, got \"{text.Trim()}\""; return false; }
        power = (int)r.Numerator;
        return true;
    }

    public override string ToString() => Name;
}
