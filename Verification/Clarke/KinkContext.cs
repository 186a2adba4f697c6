using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.Clarke;

/// <summary>
/// What the adjacency and hull computations share about one point: the weights, the essential kinks (index k in a
/// pattern string), and g_P assembled from per-sample gradient tables (only the samples with kinks depend on P, and each
/// sample's gradient is evaluated once per sign choice of its own kinks, not once per global pattern).
/// </summary>
internal sealed class KinkContext
{
    public Instance Instance { get; }
    public Network Network => Instance.Network;
    public Rational[] U { get; }
    public IReadOnlyList<Kink> Essential { get; }
    /// <summary>Every kink on a non-zero input (essential or not).</summary>
    public IReadOnlyList<Kink> Kinks { get; }
    public ExactEvaluation Evaluation { get; }

    private readonly Dictionary<(int Layer, int Neuron, int Sample), int> _essentialIndex = new();
    private readonly Dictionary<int, SampleTable> _tables = new();
    private readonly Rational[] _rest;

    /// <summary>Gradient of y_i H(x_i) at each vertex of sample i's kink slopes (bit b set: the upper slope at kink b).</summary>
    private sealed record SampleTable(List<Kink> Kinks, Rational[][] Vertices);

    public const int MaxKinksPerSample = 12;

    /// <summary>Some sample has more than <see cref="MaxKinksPerSample"/> kinks: all of them count as essential and no
    /// gradient table is built (the engine then answers inconclusive).</summary>
    public bool TooManyKinksInOneSample { get; }

    public KinkContext(Instance instance, WeightPoint u)
    {
        Instance = instance;
        U = u.Flat;
        Evaluation = ExactEvaluator.Evaluate(instance, u);
        var net = instance.Network;
        Kinks = Evaluation.Kinks.Where(k => !instance.Inputs[k.Sample].All(x => x.IsZero)).ToList();
        var essential = new List<Kink>();
        _rest = (Rational[])Evaluation.Gradient.Clone();
        foreach (var group in Kinks.GroupBy(k => k.Sample))
        {
            int i = group.Key;
            // A neuron whose outgoing column is 0 passes nothing back whatever its slope (its sensitivity is 0): its kinks
            // are inessential without enumerating anything (the zero rows and columns of a rank-one lift).
            var kinks = group.Where(k => !Dormant(net, u, k.Layer, k.Neuron)).ToList();
            if (kinks.Count == 0) continue;
            if (kinks.Count > MaxKinksPerSample) { essential.AddRange(kinks); TooManyKinksInOneSample = true; continue; }
            var single = new Instance(instance.Name, [instance.Inputs[i]], [instance.Labels[i]], net);
            var vertices = new Rational[1 << kinks.Count][];
            for (int mask = 0; mask < vertices.Length; mask++)
            {
                int m = mask;
                vertices[mask] = ExactEvaluator.Evaluate(single, u, k =>
                {
                    int b = kinks.FindIndex(q => q.Layer == k.Layer && q.Neuron == k.Neuron);
                    return b < 0 || ((m >> b) & 1) == 0 ? k.Low : k.High;
                }).Gradient;
            }
            // Kink b is essential when its side changes the sample's gradient for some choice at the other kinks (the
            // gradient is multilinear in the slopes, so checking the vertices is exact).
            for (int b = 0; b < kinks.Count; b++)
            {
                bool matters = false;
                for (int mask = 0; mask < vertices.Length && !matters; mask++)
                    if (((mask >> b) & 1) == 0 && !vertices[mask].AsSpan().SequenceEqual(vertices[mask | (1 << b)])) matters = true;
                if (matters) essential.Add(kinks[b]);
            }
            _tables[i] = new SampleTable(kinks, vertices);
            for (int j = 0; j < _rest.Length; j++) _rest[j] -= vertices[0][j];
        }
        Essential = essential.OrderBy(k => k.Layer).ThenBy(k => k.Neuron).ThenBy(k => k.Sample).ToList();
        for (int k = 0; k < Essential.Count; k++) _essentialIndex[(Essential[k].Layer, Essential[k].Neuron, Essential[k].Sample)] = k;
    }

    /// <summary>Neuron j of hidden layer l has a zero outgoing column in W_{l+1}.</summary>
    private static bool Dormant(Network net, WeightPoint u, int layer, int neuron)
    {
        for (int q = 0; q < net.Widths[layer + 1]; q++) if (!u[layer + 1, q, neuron].IsZero) return false;
        return true;
    }

    /// <summary>Index of an essential kink in a pattern, or −1.</summary>
    public int IndexOf(int layer, int neuron, int sample) => _essentialIndex.TryGetValue((layer, neuron, sample), out var k) ? k : -1;

    /// <summary>The slope a₊ or a₋ of a side.</summary>
    public Rational Slope(int sign) => sign > 0 ? Network.Activation.Pos : Network.Activation.Neg;

    /// <summary>g_P: the gradient with the slope of P's side at every essential kink (inessential ones cannot matter).</summary>
    public Rational[] Gradient(string pattern)
    {
        if (pattern.Length != Essential.Count) throw new ArgumentException("pattern of another point");
        if (TooManyKinksInOneSample) throw new InvalidOperationException("a sample has too many kinks for gradient tables");
        var g = (Rational[])_rest.Clone();
        foreach (var (i, table) in _tables)
        {
            int mask = 0;
            for (int b = 0; b < table.Kinks.Count; b++)
            {
                int k = IndexOf(table.Kinks[b].Layer, table.Kinks[b].Neuron, i);
                if (k >= 0 && Side(pattern[k], table.Kinks[b]) == table.Kinks[b].High) mask |= 1 << b;
            }
            var v = table.Vertices[mask];
            for (int j = 0; j < g.Length; j++) g[j] += v[j];
        }
        return g;
    }

    private Rational Side(char c, Kink k) => c == '+' ? Network.Activation.Pos : Network.Activation.Neg;

    /// <summary>The samples that carry an essential kink.</summary>
    public IEnumerable<int> KinkedSamples => Essential.Select(k => k.Sample).Distinct();

    /// <summary>Every pre-activation z_{l,j}(x_i) along the arc as a polynomial in ε (index [l][j], l = 1..L−1); σ acts on
    /// a polynomial by the slope of its sign for small ε &gt; 0.</summary>
    public EpsilonPolynomial[][] Forward(int sample, Arc arc)
    {
        var net = Network;
        var a = Instance.Inputs[sample].Select(EpsilonPolynomial.Constant).ToArray();
        var z = new EpsilonPolynomial[net.Depth][];
        for (int l = 1; l < net.Depth; l++)
        {
            var (rows, cols) = net.Shape(l);
            z[l] = new EpsilonPolynomial[rows];
            var next = new EpsilonPolynomial[rows];
            for (int r = 0; r < rows; r++)
            {
                var s = EpsilonPolynomial.Zero;
                for (int c = 0; c < cols; c++)
                    if (!a[c].IsZero) s += arc.Weight(U, net.Index(l, r, c)) * a[c];
                z[l][r] = s;
                next[r] = Slope(s.LeadingSign) * s;
            }
            a = next;
        }
        return z;
    }

    /// <summary>σ applied to z_{l−1}(x_i) along the arc (the input of layer l); for l = 1 the sample itself.</summary>
    public EpsilonPolynomial[] LayerInput(int sample, int layer, EpsilonPolynomial[][] z) =>
        layer == 1 ? Instance.Inputs[sample].Select(EpsilonPolynomial.Constant).ToArray()
                   : z[layer - 1].Select(p => Slope(p.LeadingSign) * p).ToArray();
}
