using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Polynomials;

/// <summary>
/// Mutable accumulator of terms (monomial → coefficient) used inside products and expansions, so that a sum of many
/// pieces costs one hash insertion per term and one sort at the end rather than a merge per piece.
/// </summary>
public sealed class PolynomialBuilder
{
    private readonly Dictionary<Monomial, Rational> _terms;

    public PolynomialRing Ring { get; }

    public PolynomialBuilder(PolynomialRing ring, int capacity = 0)
    {
        Ring = ring;
        _terms = new Dictionary<Monomial, Rational>(capacity);
    }

    public int Count => _terms.Count;

    public void Add(Monomial m, Rational c)
    {
        if (c.IsZero) return;
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_terms, m, out bool exists);
        slot = exists ? slot + c : c;
    }

    /// <summary>Adds <paramref name="scale"/> · <paramref name="p"/>.</summary>
    public void Add(Polynomial p, Rational scale)
    {
        if (p.Ring != Ring) throw new ArgumentException("polynomials of different rings");
        if (scale.IsZero) return;
        var ms = p.Monomials; var cs = p.Coefficients;
        bool one = scale == Rational.One;
        for (int k = 0; k < ms.Length; k++) Add(ms[k], one ? cs[k] : cs[k] * scale);
    }

    /// <summary>Adds <paramref name="scale"/> · <paramref name="monomial"/> · <paramref name="p"/>.</summary>
    public void AddProduct(Polynomial p, Monomial monomial, Rational scale)
    {
        if (scale.IsZero) return;
        var ms = p.Monomials; var cs = p.Coefficients;
        for (int k = 0; k < ms.Length; k++) Add(ms[k].Multiply(monomial), cs[k] * scale);
    }

    public Polynomial ToPolynomial()
    {
        int n = 0;
        foreach (var kv in _terms) if (!kv.Value.IsZero) n++;
        var ms = new Monomial[n];
        var cs = new Rational[n];
        int k = 0;
        foreach (var kv in _terms)
            if (!kv.Value.IsZero) { ms[k] = kv.Key; cs[k++] = kv.Value; }
        Array.Sort(ms, cs, Monomial.Descending);
        return new Polynomial(Ring, ms, cs);
    }
}
