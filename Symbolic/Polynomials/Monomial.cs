namespace Checker.Symbolic.Polynomials;

/// <summary>
/// A power product x_{v₁}^{e₁}⋯x_{v_k}^{e_k}, stored sparsely: variable indices strictly increasing, exponents ≥ 1.
/// Immutable plain data with value equality (hash computed once), so monomials key dictionaries cheaply.
/// The canonical term order is graded lexicographic (<see cref="CompareTo"/>): higher total degree first, then the
/// larger exponent of the first variable where two monomials differ. It is a monomial order (compatible with
/// multiplication), which lets <see cref="Polynomial"/> multiply by a monomial without re-sorting.
/// </summary>
public sealed class Monomial : IEquatable<Monomial>, IComparable<Monomial>
{
    private readonly int[] _vars;
    private readonly int[] _exps;
    private readonly int _hash;

    public static readonly Monomial One = new([], [], 0);

    /// <summary>Total degree Σ e_k.</summary>
    public int Degree { get; }

    private Monomial(int[] vars, int[] exps, int degree)
    {
        _vars = vars;
        _exps = exps;
        Degree = degree;
        var h = new HashCode();
        for (int k = 0; k < vars.Length; k++) { h.Add(vars[k]); h.Add(exps[k]); }
        _hash = h.ToHashCode();
    }

    public static Monomial Variable(int index, int exponent = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        return exponent == 0 ? One : new Monomial([index], [exponent], exponent);
    }

    /// <summary>From a dense exponent vector (entry v is the exponent of variable v).</summary>
    public static Monomial FromExponents(ReadOnlySpan<int> dense)
    {
        int count = 0, degree = 0;
        foreach (var e in dense) { if (e < 0) throw new ArgumentException("negative exponent"); if (e > 0) count++; }
        var vars = new int[count];
        var exps = new int[count];
        for (int v = 0, k = 0; v < dense.Length; v++)
            if (dense[v] > 0) { vars[k] = v; exps[k] = dense[v]; degree += dense[v]; k++; }
        return new Monomial(vars, exps, degree);
    }

    /// <summary>Number of variables with a positive exponent.</summary>
    public int Count => _vars.Length;
    public ReadOnlySpan<int> Variables => _vars;
    public ReadOnlySpan<int> Exponents => _exps;
    public bool IsOne => _vars.Length == 0;

    public int ExponentOf(int variable)
    {
        int k = Array.BinarySearch(_vars, variable);
        return k >= 0 ? _exps[k] : 0;
    }

    /// <summary>Largest variable index + 1 (0 for the constant monomial).</summary>
    public int VariableBound => _vars.Length == 0 ? 0 : _vars[^1] + 1;

    public Monomial Multiply(Monomial other)
    {
        if (other._vars.Length == 0) return this;
        if (_vars.Length == 0) return other;
        // Merge of two sorted sparse vectors.
        var a = _vars; var b = other._vars;
        int i = 0, j = 0, k = 0;
        var vars = new int[a.Length + b.Length];
        var exps = new int[a.Length + b.Length];
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { vars[k] = a[i]; exps[k++] = _exps[i++] + other._exps[j++]; }
            else if (a[i] < b[j]) { vars[k] = a[i]; exps[k++] = _exps[i++]; }
            else { vars[k] = b[j]; exps[k++] = other._exps[j++]; }
        }
        while (i < a.Length) { vars[k] = a[i]; exps[k++] = _exps[i++]; }
        while (j < b.Length) { vars[k] = b[j]; exps[k++] = other._exps[j++]; }
        if (k < vars.Length) { Array.Resize(ref vars, k); Array.Resize(ref exps, k); }
        return new Monomial(vars, exps, Degree + other.Degree);
    }

    public Monomial Pow(int exponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        if (exponent == 0) return One;
        if (exponent == 1) return this;
        var exps = new int[_exps.Length];
        for (int k = 0; k < exps.Length; k++) exps[k] = checked(_exps[k] * exponent);
        return new Monomial(_vars, exps, checked(Degree * exponent));
    }

    /// <summary>∂/∂x_v of this monomial is <c>factor · result</c>; factor 0 when v does not occur.</summary>
    public (int Factor, Monomial Result) Differentiate(int variable)
    {
        int k = Array.BinarySearch(_vars, variable);
        if (k < 0) return (0, One);
        int e = _exps[k];
        if (e == 1)
        {
            var vars = new int[_vars.Length - 1];
            var exps = new int[_vars.Length - 1];
            Array.Copy(_vars, 0, vars, 0, k); Array.Copy(_vars, k + 1, vars, k, _vars.Length - k - 1);
            Array.Copy(_exps, 0, exps, 0, k); Array.Copy(_exps, k + 1, exps, k, _exps.Length - k - 1);
            return (1, new Monomial(vars, exps, Degree - 1));
        }
        var e2 = (int[])_exps.Clone();
        e2[k] = e - 1;
        return (e, new Monomial(_vars, e2, Degree - 1));
    }

    /// <summary>Splits off variable v: this = x_v^e · rest.</summary>
    public (int Exponent, Monomial Remainder) Split(int variable)
    {
        int k = Array.BinarySearch(_vars, variable);
        if (k < 0) return (0, this);
        int e = _exps[k];
        var vars = new int[_vars.Length - 1];
        var exps = new int[_vars.Length - 1];
        Array.Copy(_vars, 0, vars, 0, k); Array.Copy(_vars, k + 1, vars, k, _vars.Length - k - 1);
        Array.Copy(_exps, 0, exps, 0, k); Array.Copy(_exps, k + 1, exps, k, _exps.Length - k - 1);
        return (e, new Monomial(vars, exps, Degree - e));
    }

    /// <summary>Degree in the variables selected by <paramref name="inSet"/>.</summary>
    public int DegreeIn(Func<int, bool> inSet)
    {
        int d = 0;
        for (int k = 0; k < _vars.Length; k++) if (inSet(_vars[k])) d += _exps[k];
        return d;
    }

    public bool Equals(Monomial? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other._hash != _hash || other.Degree != Degree) return false;
        return _vars.AsSpan().SequenceEqual(other._vars) && _exps.AsSpan().SequenceEqual(other._exps);
    }

    public override bool Equals(object? obj) => Equals(obj as Monomial);
    public override int GetHashCode() => _hash;

    /// <summary>Graded lexicographic: positive when this monomial comes before <paramref name="other"/> in canonical
    /// (descending) order, i.e. is the larger one.</summary>
    public int CompareTo(Monomial? other)
    {
        if (other is null) return 1;
        if (Degree != other.Degree) return Degree.CompareTo(other.Degree);
        int n = Math.Min(_vars.Length, other._vars.Length);
        for (int k = 0; k < n; k++)
        {
            // The first variable where the dense exponent vectors differ decides; a smaller index present in only
            // one monomial is such a place (the other has exponent 0 there).
            if (_vars[k] != other._vars[k]) return _vars[k] < other._vars[k] ? 1 : -1;
            if (_exps[k] != other._exps[k]) return _exps[k].CompareTo(other._exps[k]);
        }
        return _vars.Length.CompareTo(other._vars.Length);
    }

    /// <summary>Descending canonical order, for sorting term lists leading term first.</summary>
    public static readonly IComparer<Monomial> Descending = Comparer<Monomial>.Create((a, b) => b.CompareTo(a));
}
