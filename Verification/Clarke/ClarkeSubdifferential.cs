using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.Clarke;

/// <summary>
/// The exact Clarke subdifferential of N at a rational point (docs/theory.md §2), as <see cref="ClarkeEngine"/> found it:
/// every kink (hidden pre-activation 0 on a non-zero input), the essential ones (whose side can change the gradient), and
/// for every sign pattern P of the essential kinks its gradient g_P and whether P is adjacent, with the evidence.
/// ∂N(u) = conv{g_P : P adjacent}; the independent-slope (AD) set is conv{g_P : every P}.
/// </summary>
public sealed record ClarkeSubdifferential(
    Instance Instance,
    WeightPoint Point,
    ExactEvaluation Evaluation,
    IReadOnlyList<Kink> Kinks,
    IReadOnlyList<Kink> Essential,
    IReadOnlyList<PatternVerdict> Patterns,
    string? CapReason)
{
    /// <summary>False when the essential kinks exceed the cap (no patterns were examined).</summary>
    public bool WithinCap => CapReason is null;

    public IEnumerable<PatternVerdict> Adjacent => Patterns.Where(p => p.Status == Adjacency.Adjacent);

    /// <summary>Every pattern's adjacency is decided (proved or refuted).</summary>
    public bool AdjacencyDecided => WithinCap && Patterns.All(p => p.Status != Adjacency.Inconclusive);

    /// <summary>N is differentiable at the point as far as KKT is concerned: every adjacent pattern has the same gradient
    /// (no essential kink, or all adjacent g_P equal). Null when adjacency is not fully decided.</summary>
    public bool? Differentiable
    {
        get
        {
            if (Essential.Count == 0) return true;
            if (!AdjacencyDecided) return null;
            var adj = Adjacent.ToList();
            return adj.All(p => p.Gradient.AsSpan().SequenceEqual(adj[0].Gradient));
        }
    }

    /// <summary>"layer l, neuron j, sample i" (1-based neuron and sample) of an essential kink.</summary>
    public static string Describe(Kink k) => $"z[{k.Layer},{k.Neuron + 1}](x_{k.Sample + 1})";
}
