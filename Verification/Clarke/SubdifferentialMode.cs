namespace Checker.Verification.Clarke;

/// <summary>Which set of generalised gradients a KKT test uses at kinks (docs/theory.md §2).</summary>
public enum SubdifferentialMode
{
    /// <summary>Clarke's: the convex hull of g_P over the sign patterns P adjacent to the point.</summary>
    Clarke,
    /// <summary>The independent-slope set of automatic differentiation (σ'(0) ∈ [a₋, a₊] chosen independently at every
    /// kink), convexified: the hull of g_P over every P. It contains Clarke's and can be strictly larger; a comparison mode.</summary>
    Ad,
}

/// <summary>Whether a sign pattern of the essential kinks is adjacent to the point.</summary>
public enum Adjacency
{
    /// <summary>Proved by an exact arc.</summary>
    Adjacent,
    /// <summary>Refuted by an exact argument (arrangement LP, a sign tie, or an unsat neighbourhood query).</summary>
    NotAdjacent,
    /// <summary>Neither proved nor refuted.</summary>
    Inconclusive,
}
