namespace Checker.Verification.Reduced;

/// <summary>
/// A closed cone of directions b: those whose largest coordinate in absolute value is coordinate <see cref="Face"/>
/// with sign <see cref="Side"/>, scaled to u = b/|b_k| (so u_k = ±1), and whose other coordinates lie in the dyadic box
/// u_j ∈ [L_j / 2^{E_j}, U_j / 2^{E_j}]. The 2d faces of the cube ‖u‖∞ = 1 cover every direction, so boxes on them
/// cover the sphere without the origin (where every hyperplane x_iᵀb = 0 meets and no test could prune).
/// Entry <see cref="Face"/> of the arrays is unused. Bisection halves one coordinate exactly (no rounding).
/// </summary>
internal sealed class DirectionBox
{
    public required int Face { get; init; }
    public required int Side { get; init; }
    public required Int128[] L { get; init; }
    public required Int128[] U { get; init; }
    public required int[] E { get; init; }

    public static DirectionBox Root(int d, int face, int side)
    {
        var l = new Int128[d];
        var u = new Int128[d];
        for (int j = 0; j < d; j++) { if (j == face) continue; l[j] = -1; u[j] = 1; }
        return new DirectionBox { Face = face, Side = side, L = l, U = u, E = new int[d] };
    }

    private int _maxExponent = -1;
    public int MaxExponent
    {
        get
        {
            if (_maxExponent < 0)
            {
                int m = 0;
                for (int j = 0; j < E.Length; j++) if (j != Face && E[j] > m) m = E[j];
                _maxExponent = m;
            }
            return _maxExponent;
        }
    }
    public int MinExponent
    {
        get
        {
            int m = int.MaxValue;
            for (int j = 0; j < E.Length; j++) if (j != Face && E[j] < m) m = E[j];
            return m;
        }
    }

    /// <summary>The widest free coordinate (−1 when the face is a single point, d = 1).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int Widest()
    {
        int best = -1;
        for (int j = 0; j < L.Length; j++)
        {
            if (j == Face) continue;
            if (best < 0 || Compare(j, best) > 0) best = j;
        }
        return best;
    }

    /// <summary>Compares the widths (U_j − L_j)/2^{E_j} exactly.</summary>
    private int Compare(int a, int b)
    {
        int e = Math.Max(E[a], E[b]);
        return ((U[a] - L[a]) << (e - E[a])).CompareTo((U[b] - L[b]) << (e - E[b]));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public (DirectionBox Low, DirectionBox High) Split(int j)
    {
        var (l1, u1, e1) = ((Int128[])L.Clone(), (Int128[])U.Clone(), (int[])E.Clone());
        var (l2, u2, e2) = ((Int128[])L.Clone(), (Int128[])U.Clone(), (int[])E.Clone());
        var mid = L[j] + U[j];
        l1[j] = 2 * L[j]; u1[j] = mid; e1[j] = E[j] + 1;
        l2[j] = mid; u2[j] = 2 * U[j]; e2[j] = E[j] + 1;
        return (new DirectionBox { Face = Face, Side = Side, L = l1, U = u1, E = e1 },
                new DirectionBox { Face = Face, Side = Side, L = l2, U = u2, E = e2 });
    }

    /// <summary>Range of 2^M · x̂ᵀu over the box (M = the largest exponent), exactly; its signs are those of x̂ᵀb.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public (Int128 Min, Int128 Max) Range(long[] x)
    {
        int m = MaxExponent;
        Int128 lo = checked(((Int128)Side * x[Face]) << m), hi = lo;
        for (int j = 0; j < x.Length; j++)
        {
            if (j == Face || x[j] == 0) continue;
            Int128 a = checked(x[j] * (L[j] << (m - E[j]))), b = checked(x[j] * (U[j] << (m - E[j])));
            if (a <= b) { lo = checked(lo + a); hi = checked(hi + b); }
            else { lo = checked(lo + b); hi = checked(hi + a); }
        }
        return (lo, hi);
    }

    public override string ToString() =>
        $"face {(Side > 0 ? "+" : "-")}e{Face + 1}: " + string.Join(" × ", Enumerable.Range(0, L.Length).Where(j => j != Face).Select(j => $"[{L[j]}, {U[j]}]/2^{E[j]}"));
}
