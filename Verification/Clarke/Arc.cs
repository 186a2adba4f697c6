using Checker.Symbolic.Numbers;

namespace Checker.Verification.Clarke;

/// <summary>
/// An arc u + Σ_{k=1..K} ε^k v_k in weight space (flat order): <see cref="Directions"/>[k−1] = v_k. Along it every
/// pre-activation is a polynomial in ε; the arc proves a sign pattern adjacent when the essential kinks' polynomials have
/// that pattern's signs for all small ε &gt; 0 (checked on their lowest non-zero coefficients).
/// </summary>
public sealed record Arc(IReadOnlyList<Rational[]> Directions)
{
    public int Order => Directions.Count;

    /// <summary>Weight j of the arc as a polynomial in ε.</summary>
    public EpsilonPolynomial Weight(Rational[] u, int j)
    {
        var c = new Rational[Directions.Count + 1];
        c[0] = u[j];
        for (int k = 0; k < Directions.Count; k++) c[k + 1] = Directions[k][j];
        return new EpsilonPolynomial(c);
    }

    /// <summary>"v_k" entries that are non-zero, as (order, flat index, value) for reports.</summary>
    public IEnumerable<(int Order, int Index, Rational Value)> Terms()
    {
        for (int k = 0; k < Directions.Count; k++)
            for (int j = 0; j < Directions[k].Length; j++)
                if (!Directions[k][j].IsZero) yield return (k + 1, j, Directions[k][j]);
    }
}

/// <summary>One sign pattern of the essential kinks: its gradient g_P, whether it is adjacent, and the evidence (the arc,
/// or the reason it is not adjacent / undecided).</summary>
public sealed record PatternVerdict(string Signs, Rational[] Gradient, Adjacency Status, Arc? Arc, string Reason);
