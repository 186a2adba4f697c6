using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Evaluation;

/// <summary>
/// The gradients N has at a point with kinks (p = 1, a₊ ≠ a₋, some hidden pre-activation exactly 0), docs/theory.md#ad-comparison-mode:
/// σ'(0) may be any slope in [min(a₋,a₊), max(a₋,a₊)], chosen independently per kink (layer, neuron, sample).
/// Back-propagation is multilinear in these slopes (each kink's slope multiplies its sensitivity once), so every
/// gradient entry, as a function of the choices, attains its minimum and maximum at a vertex of the box of choices.
/// Enumerating the 2^K vertices therefore gives the exact range of each entry; the reported intervals are that range
/// per entry (the set of gradients itself is the multilinear image of the box, not the product of the intervals).
/// </summary>
public sealed record ClarkeGradients(
    ExactEvaluation Low,
    ExactEvaluation High,
    Rational[]? EntryMin,
    Rational[]? EntryMax,
    int Vertices)
{
    /// <summary>Most vertices (2^K) enumerated for the per-entry ranges.</summary>
    public const int MaxVertices = 4096;

    public IReadOnlyList<Kink> Kinks => Low.Kinks;

    /// <summary>Whether the gradient does not depend on the Clarke choice at all (K = 0, or every range is a point).</summary>
    public bool Unique => EntryMin is not null && EntryMax is not null && EntryMin.AsSpan().SequenceEqual(EntryMax);

    public static ClarkeGradients At(Instance instance, WeightPoint w)
    {
        var low = ExactEvaluator.Evaluate(instance, w, k => k.Low);
        var high = ExactEvaluator.Evaluate(instance, w, k => k.High);
        int kinks = low.Kinks.Count;
        if (kinks == 0) return new ClarkeGradients(low, low, low.Gradient, low.Gradient, 1);
        if (kinks > 12) return new ClarkeGradients(low, high, null, null, 0);
        int vertices = 1 << kinks;
        var min = (Rational[])low.Gradient.Clone();
        var max = (Rational[])low.Gradient.Clone();
        for (int v = 1; v < vertices; v++)
        {
            int k = 0;
            int vertex = v;
            var e = ExactEvaluator.Evaluate(instance, w, kink => ((vertex >> k++) & 1) == 0 ? kink.Low : kink.High);
            for (int j = 0; j < min.Length; j++)
            {
                if (e.Gradient[j] < min[j]) min[j] = e.Gradient[j];
                if (e.Gradient[j] > max[j]) max[j] = e.Gradient[j];
            }
        }
        return new ClarkeGradients(low, high, min, max, vertices);
    }
}
