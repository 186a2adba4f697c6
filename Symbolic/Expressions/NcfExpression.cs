using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Polynomials;

namespace Checker.Symbolic.Expressions;

/// <summary>
/// The NCF N(w) = Σ_i y_i H(x_i; w) of an <see cref="Instance"/> (docs/theory.md#neural-correlation-function) as one expression DAG, with ∇N obtained
/// by reverse-mode differentiation on the DAG (backpropagation structure, all layers at once). One expression, three
/// back ends (docs/theory.md#one-expression-three-back-ends): exact evaluation, per-pattern polynomials / SMT-LIB2 text, compiled doubles.
/// <example><code>
/// var ncf = NcfExpression.Build(instance);                 // graph variables 0..k−1 are the weights, flat order
/// ExactEvaluation e = ncf.Evaluate(point);                 // exact H(x_i), N, ∇N, pattern, kinks (Clarke choices)
/// ExpansionResult p = ncf.Expand(e.Pattern);               // p[0] = N, p[1 + j] = ∂N/∂w_j as canonical polynomials
/// string smt = SmtPrinter.Print(ncf.Graph, [ncf.Ncf, ..ncf.Gradient],
///     new SmtPrintOptions { Sign = ncf.SignIn(e.Pattern) }).ToScript();   // or Sign = null for ite on the sign
/// string tex = ExpressionPrinter.Latex(ncf.Graph, [ncf.Ncf]);
/// </code></example>
/// Weight w_j is graph variable j, named <c>w{l}_{r}_{c}</c> (layer 1..L, row, column). Every σ and σ' node carries
/// its pattern site (<see cref="Site"/>: the flat index of <see cref="ActivationPattern"/>), so a pattern fixes
/// their branches. Thread-safe after <see cref="Build"/> (evaluate, expand, print, from many threads) as long as no one
/// adds nodes to <see cref="Graph"/> meanwhile: building new nodes (<see cref="ExpressionGraph.Substitute"/>, operators on
/// <see cref="Expr"/>) is single-threaded, so do it on an expression of your own (not the shared one from
/// <see cref="Evaluation.ExactEvaluator.ExpressionFor"/>) or before going parallel.
/// </summary>
public sealed class NcfExpression
{
    public Instance Instance { get; }
    public Network Network => Instance.Network;
    public ExpressionGraph Graph { get; }
    /// <summary>The weight variables, in flat order.</summary>
    public IReadOnlyList<Expr> Weights { get; }
    /// <summary>H(x_i; w) for each sample.</summary>
    public IReadOnlyList<Expr> Outputs { get; }
    public Expr Ncf { get; }
    /// <summary>∂N/∂w_j in flat order.</summary>
    public IReadOnlyList<Expr> Gradient { get; }
    /// <summary>The pre-activation z_{l,j}(x_i) at each pattern site (hidden layers only).</summary>
    public IReadOnlyList<Expr> PreActivations { get; }
    /// <summary>The ring of polynomials in the weights (same names) in which expansions are returned.</summary>
    public PolynomialRing Ring { get; }

    private readonly int[] _siteLayerOffsets;
    private readonly Lazy<(int[] Forward, int[] All)> _schedule;

    private NcfExpression(Instance instance, ExpressionGraph graph, Expr[] weights, Expr[] outputs, Expr ncf, Expr[] gradient,
        Expr[] preActivations, int[] siteLayerOffsets)
    {
        Instance = instance;
        Graph = graph;
        Weights = weights;
        Outputs = outputs;
        Ncf = ncf;
        Gradient = gradient;
        PreActivations = preActivations;
        _siteLayerOffsets = siteLayerOffsets;
        Ring = new PolynomialRing(graph.VariableNames.Take(weights.Length).ToArray(), graph.VariableLatexNames.Take(weights.Length).ToArray());
        _schedule = new Lazy<(int[], int[])>(() =>
            (graph.Reachable(preActivations), graph.Reachable([.. outputs, ncf, .. gradient, .. preActivations])));
    }

    /// <summary>Name of weight (l, r, c) as a graph / ring / SMT variable.</summary>
    public static string WeightName(int layer, int row, int column) => $"w{layer}_{row}_{column}";
    public static string WeightLatexName(int layer, int row, int column) => $"W^{{({layer})}}_{{{row},{column}}}";

    public static NcfExpression Build(Instance instance)
    {
        var net = instance.Network;
        var g = new ExpressionGraph();
        var weights = AddWeights(g, net);
        int n = instance.SampleCount;
        var offsets = SiteOffsets(net, n);
        var pre = new Expr[net.HiddenNeurons * n];
        var outputs = new Expr[n];
        for (int i = 0; i < n; i++)
        {
            var x = instance.Inputs[i].Select(g.Constant).ToArray();
            outputs[i] = Forward(g, net, weights, x, (l, j) => offsets[l] + j * n + i, pre);
        }
        var ncf = g.Linear(Enumerable.Range(0, n).Select(i => (instance.Labels[i], outputs[i])));
        var gradient = g.Gradient(ncf, weights);
        return new NcfExpression(instance, g, weights, outputs, ncf, gradient, pre, offsets);
    }

    internal static Expr[] AddWeights(ExpressionGraph g, Network net)
    {
        var w = new Expr[net.WeightCount];
        for (int l = 1; l <= net.Depth; l++)
        {
            var (rows, cols) = net.Shape(l);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    w[net.Index(l, r, c)] = g.AddVariable(WeightName(l, r, c), WeightLatexName(l, r, c));
        }
        return w;
    }

    internal static int[] SiteOffsets(Network net, int samples)
    {
        var offsets = new int[Math.Max(net.Depth, 1)];
        int off = 0;
        for (int l = 1; l < net.Depth; l++) { offsets[l] = off; off += net.Widths[l] * samples; }
        return offsets;
    }

    /// <summary>H(x; w) = W_L σ(… σ(W_1 x)) as nodes; records each hidden pre-activation at its site.</summary>
    internal static Expr Forward(ExpressionGraph g, Network net, Expr[] w, Expr[] x, Func<int, int, int> site, Expr[] pre)
    {
        var sigma = PiecewiseMonomial.Of(net.Activation);
        var a = x;
        for (int l = 1; l <= net.Depth; l++)
        {
            var (rows, cols) = net.Shape(l);
            var next = new Expr[rows];
            for (int r = 0; r < rows; r++)
            {
                var terms = new List<(Rational, Expr)>(cols);
                for (int c = 0; c < cols; c++) terms.Add((Rational.One, g.Multiply(w[net.Index(l, r, c)], a[c])));
                var z = g.Linear(terms);
                if (l == net.Depth) { next[r] = z; continue; }
                int s = site(l, r);
                pre[s] = z;
                next[r] = g.Piecewise(z, sigma, 0, s);
            }
            a = next;
        }
        return a[0];
    }

    /// <summary>Pattern site of neuron j of hidden layer l at sample i (ActivationPattern's flat layout).</summary>
    public int Site(int layer, int neuron, int sample) => _siteLayerOffsets[layer] + neuron * Instance.SampleCount + sample;

    /// <summary>(layer, neuron, sample) of a site.</summary>
    public (int Layer, int Neuron, int Sample) SiteOf(int site)
    {
        int n = Instance.SampleCount;
        for (int l = Network.Depth - 1; l >= 1; l--)
            if (site >= _siteLayerOffsets[l]) { int k = site - _siteLayerOffsets[l]; return (l, k / n, k % n); }
        throw new ArgumentOutOfRangeException(nameof(site));
    }

    /// <summary>A sign function for printers/expanders: the pattern's sign at a piecewise node's site.</summary>
    public Func<Node, int> SignIn(ActivationPattern pattern)
    {
        if (pattern.SampleCount != Instance.SampleCount || pattern.Count != PreActivations.Count) throw new ArgumentException("pattern of another instance");
        return node => node.Index >= 0 ? pattern.Signs[node.Index] : throw new ArgumentException("piecewise node without a site");
    }

    /// <summary>
    /// Exact H(x_i), N, ∇N and the activation pattern at <paramref name="w"/>. Each kink (p = 1, a₊ ≠ a₋, z = 0) is
    /// reported with its Clarke interval, and σ' there takes <paramref name="clarkeSlope"/>(kink) (default: the lower
    /// end), one choice per sample and neuron. Kinks are listed by sample, then layer, then neuron.
    /// </summary>
    public ExactEvaluation Evaluate(WeightPoint w, Func<Kink, Rational>? clarkeSlope = null)
    {
        if (w.Network.WeightCount != Network.WeightCount) throw new ArgumentException("weights of another network");
        var (forward, all) = _schedule.Value;
        var values = new Rational[Graph.NodeCount];
        var done = new bool[Graph.NodeCount];
        ExactDagEvaluator.Evaluate(Graph, forward, w.Flat, values, done);

        int n = Instance.SampleCount;
        var signs = new sbyte[PreActivations.Count];
        for (int s = 0; s < signs.Length; s++) signs[s] = (sbyte)values[PreActivations[s].Id].Sign;
        var kinks = new List<Kink>();
        var chosen = new List<Rational>();
        var choiceAt = new Dictionary<int, Rational>();
        var act = Network.Activation;
        if (act.HasKink)
        {
            var (lo, hi) = act.ClarkeAtZero;
            for (int i = 0; i < n; i++)
                for (int l = 1; l < Network.Depth; l++)
                    for (int j = 0; j < Network.Widths[l]; j++)
                    {
                        int s = Site(l, j, i);
                        if (signs[s] != 0) continue;
                        var k = new Kink(l, j, i, lo, hi);
                        var c = clarkeSlope?.Invoke(k) ?? lo;
                        if (c < lo || c > hi) throw new ArgumentException($"Clarke slope {c} outside [{lo}, {hi}]");
                        kinks.Add(k); chosen.Add(c); choiceAt[s] = c;
                    }
        }
        ExactDagEvaluator.Evaluate(Graph, all, w.Flat, values, done, node => choiceAt[node.Index]);
        return new ExactEvaluation(
            Outputs.Select(o => values[o.Id]).ToArray(),
            values[Ncf.Id],
            Gradient.Select(d => values[d.Id]).ToArray(),
            new ActivationPattern(Network, n, signs),
            kinks,
            chosen.ToArray());
    }

    /// <summary>
    /// N and ∇N at <paramref name="w"/> (flat weight order) in the arithmetic of <typeparamref name="T"/>, by the one
    /// evaluator of this DAG (<see cref="DagEvaluator"/>): what the KKT certification's doubles, intervals and tangents use.
    /// At a kink the scalar type decides (<see cref="IScalar{T}.Piecewise"/>); exact values at kinks with a Clarke choice
    /// come from <see cref="Evaluate"/>.
    /// </summary>
    public T[] NcfAndGradient<T>(IReadOnlyList<T> w, out T ncf) where T : IScalar<T>
    {
        if (w.Count != Network.WeightCount) throw new ArgumentException($"expected {Network.WeightCount} weights, got {w.Count}");
        var values = new T[Graph.NodeCount];
        DagEvaluator.Evaluate(Graph, _schedule.Value.All, w, values, new bool[Graph.NodeCount]);
        ncf = values[Ncf.Id];
        var g = new T[Gradient.Count];
        for (int k = 0; k < g.Length; k++) g[k] = values[Gradient[k].Id];
        return g;
    }

    /// <summary>
    /// N (index 0) and, when <paramref name="gradient"/>, every ∂N/∂w_j (index 1 + j) as canonical polynomials in
    /// <see cref="Ring"/> inside <paramref name="pattern"/>: σ(z) = a₊z^p where the pattern says + (or 0), a₋z^p
    /// where it says −. Inside the pattern's region these are N and ∇N exactly; <see cref="ExpansionResult.TooBig"/>
    /// says when the polynomials exceed <paramref name="maxTerms"/>.
    /// </summary>
    public ExpansionResult Expand(ActivationPattern pattern, bool gradient = true, long maxTerms = PolynomialExpander.DefaultMaxTerms,
        Func<Kink, Rational>? clarkeSlope = null)
    {
        IReadOnlyList<Expr> roots = gradient ? [Ncf, .. Gradient] : [Ncf];
        Func<Node, Rational>? jump = clarkeSlope is null ? null : node =>
        {
            var (l, j, i) = SiteOf(node.Index);
            var (lo, hi) = Network.Activation.ClarkeAtZero;
            return clarkeSlope(new Kink(l, j, i, lo, hi));
        };
        return PolynomialExpander.Expand(Graph, roots, Ring, SignIn(pattern), jump, maxTerms: maxTerms);
    }

    /// <summary>H(x_i) for every sample, expanded in <paramref name="pattern"/>.</summary>
    public ExpansionResult ExpandOutputs(ActivationPattern pattern, long maxTerms = PolynomialExpander.DefaultMaxTerms) =>
        PolynomialExpander.Expand(Graph, Outputs, Ring, SignIn(pattern), maxTerms: maxTerms);
}
