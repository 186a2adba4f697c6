using System.Text;
using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Polynomials;

/// <summary>
/// An element of a <see cref="PolynomialRing"/>: a finite sum of terms c·m, stored as parallel arrays in canonical
/// (descending graded-lex) order with non-zero coefficients and distinct monomials. Immutable plain data: equal
/// polynomials have equal arrays, so they compare, hash and print equally.
/// </summary>
public sealed class Polynomial : IEquatable<Polynomial>
{
    private readonly Monomial[] _monos;
    private readonly Rational[] _coefs;

    public PolynomialRing Ring { get; }

    internal Polynomial(PolynomialRing ring, Monomial[] monos, Rational[] coefs)
    {
        Ring = ring;
        _monos = monos;
        _coefs = coefs;
    }

    public ReadOnlySpan<Monomial> Monomials => _monos;
    public ReadOnlySpan<Rational> Coefficients => _coefs;
    public int TermCount => _monos.Length;
    public bool IsZero => _monos.Length == 0;
    public bool IsConstant => _monos.Length == 0 || (_monos.Length == 1 && _monos[0].IsOne);

    public IEnumerable<(Monomial Monomial, Rational Coefficient)> Terms
    {
        get { for (int k = 0; k < _monos.Length; k++) yield return (_monos[k], _coefs[k]); }
    }

    /// <summary>Coefficient of <paramref name="m"/> (0 when absent).</summary>
    public Rational Coefficient(Monomial m)
    {
        int k = Array.BinarySearch(_monos, m, Monomial.Descending);
        return k >= 0 ? _coefs[k] : Rational.Zero;
    }

    /// <summary>Constant term.</summary>
    public Rational ConstantTerm => _monos.Length > 0 && _monos[^1].IsOne ? _coefs[^1] : Rational.Zero;

    /// <summary>Total degree; −1 for the zero polynomial.</summary>
    public int TotalDegree => _monos.Length == 0 ? -1 : _monos[0].Degree; // graded order: leading term has top degree

    /// <summary>True when every term has the same total degree (the zero polynomial is homogeneous of every degree;
    /// <paramref name="degree"/> is then −1).</summary>
    public bool IsHomogeneous(out int degree)
    {
        degree = TotalDegree;
        foreach (var m in _monos) if (m.Degree != degree) return false;
        return true;
    }

    /// <summary>True when every term has degree <paramref name="degree"/> in the variables selected by
    /// <paramref name="inSet"/> (e.g. the weights of one layer: docs/theory.md#homogeneity, H has degree p^{L−l} in W_l).</summary>
    public bool IsHomogeneousIn(Func<int, bool> inSet, int degree)
    {
        foreach (var m in _monos) if (m.DegreeIn(inSet) != degree) return false;
        return true;
    }

    private void Same(Polynomial other)
    {
        if (!ReferenceEquals(Ring, other.Ring)) throw new ArgumentException("polynomials of different rings");
    }

    public static Polynomial operator +(Polynomial a, Polynomial b) => Merge(a, b, negateB: false);
    public static Polynomial operator -(Polynomial a, Polynomial b) => Merge(a, b, negateB: true);

    public static Polynomial operator -(Polynomial a)
    {
        var cs = new Rational[a._coefs.Length];
        for (int k = 0; k < cs.Length; k++) cs[k] = -a._coefs[k];
        return new Polynomial(a.Ring, a._monos, cs);
    }

    // Linear merge of two sorted term lists.
    private static Polynomial Merge(Polynomial a, Polynomial b, bool negateB)
    {
        a.Same(b);
        if (b.IsZero) return a;
        if (a.IsZero) return negateB ? -b : b;
        var ms = new Monomial[a._monos.Length + b._monos.Length];
        var cs = new Rational[ms.Length];
        int i = 0, j = 0, k = 0;
        while (i < a._monos.Length && j < b._monos.Length)
        {
            int c = a._monos[i].CompareTo(b._monos[j]);
            if (c > 0) { ms[k] = a._monos[i]; cs[k++] = a._coefs[i++]; }
            else if (c < 0) { ms[k] = b._monos[j]; cs[k++] = negateB ? -b._coefs[j++] : b._coefs[j++]; }
            else
            {
                var s = negateB ? a._coefs[i] - b._coefs[j] : a._coefs[i] + b._coefs[j];
                if (!s.IsZero) { ms[k] = a._monos[i]; cs[k++] = s; }
                i++; j++;
            }
        }
        while (i < a._monos.Length) { ms[k] = a._monos[i]; cs[k++] = a._coefs[i++]; }
        while (j < b._monos.Length) { ms[k] = b._monos[j]; cs[k++] = negateB ? -b._coefs[j++] : b._coefs[j++]; }
        if (k < ms.Length) { Array.Resize(ref ms, k); Array.Resize(ref cs, k); }
        return new Polynomial(a.Ring, ms, cs);
    }

    public static Polynomial operator *(Polynomial a, Polynomial b)
    {
        a.Same(b);
        if (a.IsZero || b.IsZero) return a.Ring.Zero;
        if (a._monos.Length == 1) return b.MultiplyTerm(a._coefs[0], a._monos[0]);
        if (b._monos.Length == 1) return a.MultiplyTerm(b._coefs[0], b._monos[0]);
        var acc = new PolynomialBuilder(a.Ring, a._monos.Length * b._monos.Length);
        for (int i = 0; i < a._monos.Length; i++)
            acc.AddProduct(b, a._monos[i], a._coefs[i]);
        return acc.ToPolynomial();
    }

    public static Polynomial operator *(Rational c, Polynomial a) => a.MultiplyTerm(c, Monomial.One);
    public static Polynomial operator *(Polynomial a, Rational c) => a.MultiplyTerm(c, Monomial.One);

    /// <summary>c·m·this; the term order is multiplicative, so no re-sorting is needed.</summary>
    public Polynomial MultiplyTerm(Rational c, Monomial m)
    {
        if (c.IsZero || IsZero) return Ring.Zero;
        if (m.VariableBound > Ring.VariableCount) throw new ArgumentException("monomial uses a variable outside this ring");
        var ms = new Monomial[_monos.Length];
        var cs = new Rational[_monos.Length];
        bool unit = c == Rational.One;
        for (int k = 0; k < ms.Length; k++)
        {
            ms[k] = m.IsOne ? _monos[k] : _monos[k].Multiply(m);
            cs[k] = unit ? _coefs[k] : _coefs[k] * c;
        }
        return new Polynomial(Ring, ms, cs);
    }

    /// <summary>this^e by repeated squaring, e ≥ 0.</summary>
    public Polynomial Pow(int exponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        if (_monos.Length == 1) return new Polynomial(Ring, [_monos[0].Pow(exponent)], [_coefs[0].Pow(exponent)]);
        var result = Ring.One;
        var b = this;
        for (int e = exponent; e > 0; e >>= 1)
        {
            if ((e & 1) != 0) result *= b;
            if (e > 1) b *= b;
        }
        return result;
    }

    /// <summary>∂/∂x_v.</summary>
    public Polynomial Derivative(int variable)
    {
        var acc = new PolynomialBuilder(Ring, _monos.Length);
        for (int k = 0; k < _monos.Length; k++)
        {
            var (f, m) = _monos[k].Differentiate(variable);
            if (f != 0) acc.Add(m, _coefs[k] * f);
        }
        return acc.ToPolynomial();
    }

    /// <summary>Replaces x_v by <paramref name="value"/> (a polynomial of the same ring).</summary>
    public Polynomial Substitute(int variable, Polynomial value)
    {
        Same(value);
        var powers = new Dictionary<int, Polynomial>();
        var acc = new PolynomialBuilder(Ring);
        for (int k = 0; k < _monos.Length; k++)
        {
            var (e, rest) = _monos[k].Split(variable);
            if (e == 0) { acc.Add(rest, _coefs[k]); continue; }
            if (!powers.TryGetValue(e, out var pw)) powers[e] = pw = value.Pow(e);
            acc.AddProduct(pw, rest, _coefs[k]);
        }
        return acc.ToPolynomial();
    }

    /// <summary>Replaces every variable v with <c>images[v]</c>, a polynomial of <paramref name="target"/> (a ring
    /// homomorphism into another ring; null entries map x_v to itself and require the same ring).</summary>
    public Polynomial Substitute(PolynomialRing target, IReadOnlyList<Polynomial?> images)
    {
        if (images.Count != Ring.VariableCount) throw new ArgumentException($"expected {Ring.VariableCount} images");
        var powers = new Dictionary<(int, int), Polynomial>();
        var result = new PolynomialBuilder(target);
        foreach (var (m, c) in Terms)
        {
            var term = target.Constant(c);
            var vars = m.Variables; var exps = m.Exponents;
            for (int k = 0; k < vars.Length; k++)
            {
                var key = (vars[k], exps[k]);
                if (!powers.TryGetValue(key, out var pw))
                {
                    var img = images[vars[k]] ?? (ReferenceEquals(target, Ring) ? Ring.Variable(vars[k]) : throw new ArgumentException($"no image for {Ring.Names[vars[k]]}"));
                    if (!ReferenceEquals(img.Ring, target)) throw new ArgumentException("images must belong to the target ring");
                    powers[key] = pw = img.Pow(exps[k]);
                }
                term *= pw;
            }
            result.Add(term, Rational.One);
        }
        return result.ToPolynomial();
    }

    /// <summary>Exact value at a point (one rational per ring variable).</summary>
    public Rational Evaluate(IReadOnlyList<Rational> point)
    {
        if (point.Count != Ring.VariableCount) throw new ArgumentException($"expected {Ring.VariableCount} values, got {point.Count}");
        var sum = Rational.Zero;
        for (int k = 0; k < _monos.Length; k++)
        {
            var t = _coefs[k];
            var vars = _monos[k].Variables; var exps = _monos[k].Exponents;
            for (int j = 0; j < vars.Length && !t.IsZero; j++) t *= exps[j] == 1 ? point[vars[j]] : point[vars[j]].Pow(exps[j]);
            sum += t;
        }
        return sum;
    }

    /// <summary>Double value (numeric code only).</summary>
    public double EvaluateDouble(ReadOnlySpan<double> point)
    {
        double sum = 0;
        for (int k = 0; k < _monos.Length; k++)
        {
            double t = _coefs[k].ToDouble();
            var vars = _monos[k].Variables; var exps = _monos[k].Exponents;
            for (int j = 0; j < vars.Length; j++) t *= Math.Pow(point[vars[j]], exps[j]);
            sum += t;
        }
        return sum;
    }

    public bool Equals(Polynomial? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || !ReferenceEquals(Ring, other.Ring) || other._monos.Length != _monos.Length) return false;
        for (int k = 0; k < _monos.Length; k++)
            if (!_monos[k].Equals(other._monos[k]) || _coefs[k] != other._coefs[k]) return false;
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as Polynomial);

    public override int GetHashCode()
    {
        var h = new HashCode();
        for (int k = 0; k < _monos.Length; k++) { h.Add(_monos[k]); h.Add(_coefs[k]); }
        return h.ToHashCode();
    }

    public static bool operator ==(Polynomial? a, Polynomial? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(Polynomial? a, Polynomial? b) => !(a == b);

    /// <summary>Plain text in canonical order, e.g. <c>2*x0^2*x1 - 1/3*x2 + 5</c>.</summary>
    public override string ToString() => Format(latex: false);

    /// <summary>LaTeX in canonical order, e.g. <c>2 x_{0}^{2} x_{1} - \frac{1}{3} x_{2} + 5</c> with the ring's LaTeX names.</summary>
    public string ToLatex() => Format(latex: true);

    private string Format(bool latex)
    {
        if (IsZero) return "0";
        var sb = new StringBuilder();
        var names = latex ? Ring.LatexNames : Ring.Names;
        for (int k = 0; k < _monos.Length; k++)
        {
            var c = _coefs[k];
            var m = _monos[k];
            if (k == 0) { if (c.Sign < 0) sb.Append('-'); }
            else sb.Append(c.Sign < 0 ? " - " : " + ");
            var abs = c.Abs();
            bool showCoef = m.IsOne || abs != Rational.One;
            if (showCoef)
            {
                if (latex && !abs.IsInteger) sb.Append(@"\frac{").Append(abs.Numerator).Append("}{").Append(abs.Denominator).Append('}');
                else sb.Append(abs.ToString());
            }
            var vars = m.Variables; var exps = m.Exponents;
            for (int j = 0; j < vars.Length; j++)
            {
                if (showCoef || j > 0) sb.Append(latex ? " " : "*");
                sb.Append(names[vars[j]]);
                if (exps[j] != 1) sb.Append(latex ? "^{" + exps[j] + "}" : "^" + exps[j]);
            }
        }
        return sb.ToString();
    }
}
