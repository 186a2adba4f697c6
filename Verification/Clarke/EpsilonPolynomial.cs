using Checker.Symbolic.Numbers;

namespace Checker.Verification.Clarke;

/// <summary>
/// A polynomial c₀ + c₁ε + … in one variable ε with rational coefficients: a pre-activation along an arc
/// u + Σ_k ε^k v_k. For small ε &gt; 0 its sign is the sign of its lowest non-zero coefficient (<see cref="LeadingSign"/>),
/// which is how an arc proves adjacency exactly.
/// </summary>
public sealed class EpsilonPolynomial
{
    private readonly Rational[] _c; // trailing zeros trimmed

    public static readonly EpsilonPolynomial Zero = new([]);

    public EpsilonPolynomial(IReadOnlyList<Rational> coefficients)
    {
        int n = coefficients.Count;
        while (n > 0 && coefficients[n - 1].IsZero) n--;
        _c = new Rational[n];
        for (int k = 0; k < n; k++) _c[k] = coefficients[k];
    }

    public static EpsilonPolynomial Constant(Rational c) => new([c]);

    /// <summary>c·ε^k.</summary>
    public static EpsilonPolynomial Monomial(Rational c, int k)
    {
        var a = new Rational[k + 1];
        for (int i = 0; i < k; i++) a[i] = Rational.Zero;
        a[k] = c;
        return new EpsilonPolynomial(a);
    }

    public bool IsZero => _c.Length == 0;
    public int Degree => _c.Length - 1;
    public Rational this[int k] => k < _c.Length ? _c[k] : Rational.Zero;

    /// <summary>Index of the lowest non-zero coefficient; −1 for the zero polynomial.</summary>
    public int Order
    {
        get
        {
            for (int k = 0; k < _c.Length; k++) if (!_c[k].IsZero) return k;
            return -1;
        }
    }

    /// <summary>The sign for all small ε &gt; 0 (0 only for the zero polynomial).</summary>
    public int LeadingSign => Order < 0 ? 0 : _c[Order].Sign;

    public static EpsilonPolynomial operator +(EpsilonPolynomial a, EpsilonPolynomial b)
    {
        int n = Math.Max(a._c.Length, b._c.Length);
        var r = new Rational[n];
        for (int k = 0; k < n; k++) r[k] = a[k] + b[k];
        return new EpsilonPolynomial(r);
    }

    public static EpsilonPolynomial operator *(EpsilonPolynomial a, EpsilonPolynomial b)
    {
        if (a.IsZero || b.IsZero) return Zero;
        var r = new Rational[a._c.Length + b._c.Length - 1];
        for (int k = 0; k < r.Length; k++) r[k] = Rational.Zero;
        for (int i = 0; i < a._c.Length; i++)
        {
            if (a._c[i].IsZero) continue;
            for (int j = 0; j < b._c.Length; j++) r[i + j] += a._c[i] * b._c[j];
        }
        return new EpsilonPolynomial(r);
    }

    public static EpsilonPolynomial operator *(Rational s, EpsilonPolynomial a) =>
        s.IsZero ? Zero : new EpsilonPolynomial(a._c.Select(c => s * c).ToArray());

    public override string ToString()
    {
        if (IsZero) return "0";
        var parts = new List<string>();
        for (int k = 0; k < _c.Length; k++)
        {
            if (_c[k].IsZero) continue;
            parts.Add(k switch { 0 => _c[k].ToString(), 1 => $"{_c[k]}·ε", _ => $"{_c[k]}·ε^{k}" });
        }
        return string.Join(" + ", parts);
    }
}
