using Checker.Symbolic.Expressions;
using Checker.Symbolic.Model;

namespace Checker.Symbolic.Compilation;

/// <summary>
/// The network for one generic sample as a DAG: variables are the weights (0..k−1, flat order), the input x
/// (k..k+d−1) and a seed s; roots are H(x; w), the gradient of s·H(x; w) in w (reverse mode on the DAG, i.e.
/// backprop with δ_L = s), and the hidden pre-activations. Compiled once and looped over samples, the generated code
/// does not grow with n. With s = y_i this is sample i's share of ∇N; with s = H − y_i its share of ∇ℒ.
/// </summary>
public sealed class SampleTemplate
{
    public Network Network { get; }
    public ExpressionGraph Graph { get; }
    public Expr[] Weights { get; }
    public Expr[] Inputs { get; }
    public Expr Seed { get; }
    public Expr Output { get; }
    public Expr[] Gradient { get; }
    /// <summary>Hidden pre-activations z_{l,j}, layer-major (the single-sample ActivationPattern layout).</summary>
    public Expr[] PreActivations { get; }

    public SampleTemplate(Network network)
    {
        Network = network;
        Graph = new ExpressionGraph();
        Weights = NcfExpression.AddWeights(Graph, network);
        Inputs = Enumerable.Range(0, network.InputDimension).Select(c => Graph.AddVariable($"x_{c}", $"x_{{{c}}}")).ToArray();
        Seed = Graph.AddVariable("seed", "s");
        var offsets = NcfExpression.SiteOffsets(network, 1);
        PreActivations = new Expr[network.HiddenNeurons];
        Output = NcfExpression.Forward(Graph, network, Weights, Inputs, (l, j) => offsets[l] + j, PreActivations);
        Gradient = Graph.Gradient(Graph.Multiply(Seed, Output), Weights);
    }
}
