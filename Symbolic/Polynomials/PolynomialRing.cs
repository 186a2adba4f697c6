using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Polynomials;

/// <summary>
/// Q[x_0, …, x_{n−1}]: owns the variables (their count and names) and creates the <see cref="Polynomial"/> elements,
/// which are immutable plain data over <see cref="Rational"/> (SymPy's <c>ring()</c> design). Polynomials of
/// different rings never mix.
/// <example><code>
/// var ring = new PolynomialRing(["x", "y"]);
/// var (x, y) = (ring.Variable(0), ring.Variable(1));
/// var p = (x + y).Pow(2) - ring.Constant(new Rational(1, 2)) * x;   // x^2 + 2*x*y + y^2 - 1/2*x
/// var dp = p.Derivative(0);                                         // 2*x + 2*y - 1/2
/// Rational v = p.Evaluate([1, 3]);                                  // 31/2
/// </code></example>
/// </summary>
public sealed class PolynomialRing
{
    private readonly string[] _names;
    private readonly string[] _latexNames;

    public PolynomialRing(IReadOnlyList<string> names, IReadOnlyList<string>? latexNames = null)
    {
        if (latexNames is not null && latexNames.Count != names.Count) throw new ArgumentException("one LaTeX name per variable");
        if (names.Distinct().Count() != names.Count) throw new ArgumentException("variable names must be distinct");
        _names = names.ToArray();
        _latexNames = latexNames?.ToArray() ?? _names;
        Zero = new Polynomial(this, [], []);
        One = new Polynomial(this, [Monomial.One], [Rational.One]);
    }

    /// <summary>A ring with variables named x0, x1, ….</summary>
    public static PolynomialRing WithVariables(int count, string prefix = "x") =>
        new(Enumerable.Range(0, count).Select(i => prefix + i).ToArray());

    public int VariableCount => _names.Length;
    public IReadOnlyList<string> Names => _names;
    public IReadOnlyList<string> LatexNames => _latexNames;

    public Polynomial Zero { get; }
    public Polynomial One { get; }

    public Polynomial Constant(Rational c) => c.IsZero ? Zero : new Polynomial(this, [Monomial.One], [c]);

    public Polynomial Variable(int index)
    {
        if ((uint)index >= (uint)_names.Length) throw new ArgumentOutOfRangeException(nameof(index), $"ring has {_names.Length} variables");
        return new Polynomial(this, [Monomial.Variable(index)], [Rational.One]);
    }

    public Polynomial Variable(string name)
    {
        int i = Array.IndexOf(_names, name);
        if (i < 0) throw new ArgumentException($"no variable named {name}");
        return Variable(i);
    }

    public Polynomial Term(Rational coefficient, Monomial monomial)
    {
        if (monomial.VariableBound > _names.Length) throw new ArgumentException("monomial uses a variable outside this ring");
        return coefficient.IsZero ? Zero : new Polynomial(this, [monomial], [coefficient]);
    }

    /// <summary>Sums terms (duplicates allowed), normalising to canonical form.</summary>
    public Polynomial FromTerms(IEnumerable<(Monomial Monomial, Rational Coefficient)> terms)
    {
        var acc = new PolynomialBuilder(this);
        foreach (var (m, c) in terms)
        {
            if (m.VariableBound > _names.Length) throw new ArgumentException("monomial uses a variable outside this ring");
            acc.Add(m, c);
        }
        return acc.ToPolynomial();
    }
}
