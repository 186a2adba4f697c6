using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.Model;

/// <summary>
/// A training set and a network (docs/theory.md#instances): samples x_i ∈ Q^d (stored as <c>Inputs[i][j]</c>, i.e. the columns of X),
/// labels y_i ∈ Q, all exact.
/// </summary>
public sealed class Instance
{
    public string Name { get; }
    public IReadOnlyList<Rational[]> Inputs { get; }
    public IReadOnlyList<Rational> Labels { get; }
    public Network Network { get; }

    public Instance(string name, IReadOnlyList<Rational[]> inputs, IReadOnlyList<Rational> labels, Network network)
    {
        if (inputs.Count != labels.Count) throw new ArgumentException("one label per sample");
        if (inputs.Count == 0) throw new ArgumentException("at least one sample");
        foreach (var x in inputs)
            if (x.Length != network.InputDimension) throw new ArgumentException("sample dimension must equal widths[0]");
        Name = name;
        Inputs = inputs.Select(x => (Rational[])x.Clone()).ToArray();
        Labels = labels.ToArray();
        Network = network;
    }

    public int SampleCount => Inputs.Count;
    public int Dimension => Network.InputDimension;

    /// <summary>X y = Σ_i y_i x_i; when it vanishes the depth-1 NCF is identically 0 (docs/theory.md#boundary-cases).</summary>
    public Rational[] CorrelationVector()
    {
        var v = new Rational[Dimension];
        for (int j = 0; j < Dimension; j++) v[j] = Rational.Zero;
        for (int i = 0; i < SampleCount; i++)
            for (int j = 0; j < Dimension; j++) v[j] += Labels[i] * Inputs[i][j];
        return v;
    }

    /// <summary>
    /// The first entry (as "inputs[i][j]" or "labels[i]", 1-based sample index) that a double cannot carry — it overflows
    /// to ±∞ or a non-zero value underflows to 0 — or null. Exact code takes any rational; the numeric flows convert the
    /// data to doubles once, and an entry like 1e400 would silently become ∞ there, so they refuse such data instead.
    /// </summary>
    public string? FirstEntryOutsideDoubleRange()
    {
        static bool Bad(Rational v) { double d = v.ToDouble(); return !double.IsFinite(d) || (d == 0 && !v.IsZero); }
        for (int i = 0; i < SampleCount; i++)
        {
            for (int j = 0; j < Dimension; j++)
                if (Bad(Inputs[i][j])) return $"inputs[{i + 1}][{j + 1}]";
            if (Bad(Labels[i])) return $"labels[{i + 1}]";
        }
        return null;
    }

    /// <summary>The same data with another network (used by searches and shrinking).</summary>
    public Instance WithNetwork(Network network) => new(Name, Inputs, Labels, network);
}
