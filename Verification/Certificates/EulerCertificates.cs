using System.Text;
using Checker.Symbolic.Evaluation;
using Checker.Symbolic.Expressions;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Symbolic.Smt;
using Checker.Verification.Euler;
using Checker.Verification.Solvers;

namespace Checker.Verification.Certificates;

/// <summary>
/// `.smt2` certificates for the Euler-based proofs of C1, C2 and C3 (docs/theory.md#claims), for a stock solver to re-run
/// (`z3 FILE` prints <c>unsat</c>). The C# proof (<see cref="EulerPieceIdentities"/>) expands each pattern piece
/// y_i·H_s(x_i) to canonical polynomials; these files restate the same identities from the network's expression DAG
/// (forward pass and reverse-mode gradient, printed by <see cref="SmtPrinter"/> with the pattern fixed, shared terms as
/// <c>define-fun</c>), not from our expansion, so the solver checks them independently.
/// <para>
/// Grouping: one file per sample and block of at most <see cref="PiecesPerFile"/> sign patterns of that sample's hidden
/// neurons; the file asserts the disjunction of the pieces' violations, so <c>unsat</c> proves every piece in it. A file
/// count is therefore n·⌈2^h / 32⌉ at most (n samples, h hidden neurons; samples with y_i = 0 contribute nothing).
/// </para>
/// </summary>
public static class EulerCertificates
{
    public const int PiecesPerFile = 32;

    /// <summary>Which identity the piece files state.</summary>
    public enum Identity
    {
        /// <summary>C1: uᵀ∇P = ΛP for each piece P.</summary>
        Whole,
        /// <summary>C3: ⟨W_l, ∇_(W_l)P⟩ = p^(L−l)P for every layer l.</summary>
        PerLayer,
        /// <summary>C1: both of the above.</summary>
        Both,
    }

    /// <summary>One certificate file's worth of pattern pieces: the query (script without check-sat) and its header.</summary>
    public sealed record PieceGroup(string FileName, string Comment, SmtQuery Query, int Sample, int FirstPattern, int Pieces);

    /// <summary>Writes the piece files for <paramref name="instance"/> into <paramref name="directory"/>; returns their paths.
    /// Stops (throwing) when <paramref name="ct"/> is cancelled.</summary>
    public static IReadOnlyList<string> WritePieces(Instance instance, string directory, string claim, Identity identity, CancellationToken ct)
    {
        var written = new List<string>();
        foreach (var g in PieceGroups(instance, claim, identity))
        {
            ct.ThrowIfCancellationRequested();
            written.Add(Write(directory, g));
        }
        return written;
    }

    /// <summary>Writes one group as a self-contained `.smt2` file (header, script, check-sat).</summary>
    public static string Write(string directory, PieceGroup g) => CertificateFile.Write(directory, g.FileName, g.Query, g.Comment);

    /// <summary>Number of piece groups (files) <see cref="PieceGroups"/> yields.</summary>
    public static int GroupCount(Instance instance)
    {
        int perSample = (int)EulerPieceIdentities.PiecesPerSample(instance.Network);
        return instance.Labels.Count(y => !y.IsZero) * ((perSample + PiecesPerFile - 1) / PiecesPerFile);
    }

    /// <summary>The piece queries, one per sample with y_i ≠ 0 and block of ≤ <see cref="PiecesPerFile"/> sign patterns;
    /// each is unsat exactly when every piece in it satisfies the identities. Built lazily (printing is the cost).</summary>
    public static IEnumerable<PieceGroup> PieceGroups(Instance instance, string claim, Identity identity)
    {
        var net = instance.Network;
        int h = net.HiddenNeurons;
        int perSample = (int)EulerPieceIdentities.PiecesPerSample(net);
        for (int i = 0; i < instance.SampleCount; i++)
        {
            if (instance.Labels[i].IsZero) continue;
            var one = new Instance($"{instance.Name}[{i + 1}]", [instance.Inputs[i]], [instance.Labels[i]], net);
            var ncf = NcfExpression.Build(one);
            int files = (perSample + PiecesPerFile - 1) / PiecesPerFile;
            for (int f = 0; f < files; f++)
            {
                int from = f * PiecesPerFile, to = Math.Min(perSample, from + PiecesPerFile);
                string whole = "Euler's identity  sum_j w_j dP/dw_j = Lambda*P  (Lambda = " + net.Degree + ")";
                string layers = "the per-layer Euler identities  <W_l, dP/dW_l> = p^(L-l)*P  for l = 1.." + net.Depth;
                string what = identity switch { Identity.Whole => whole, Identity.PerLayer => layers, _ => whole + " and " + layers };
                var comment = new StringBuilder();
                comment.Append($"checker certificate for {claim} on instance \"{instance.Name}\", network {net}\n");
                comment.Append($"proves: {what}\n");
                comment.Append($"as a polynomial identity in the weights, for the pattern pieces P = y_i*H_s(x_i; w) of sample i = {i + 1} (y_i = {instance.Labels[i]}),\n");
                comment.Append($"sign patterns s = {from}..{to - 1} of the {h} hidden neurons (bit b of s set: neuron b in its negative branch a_-;\n");
                comment.Append($"{perSample} pattern(s) per sample in all). P and its gradient are the network's forward pass and reverse-mode\n");
                comment.Append("backpropagation with sigma fixed to the monomial a_(+/-) z^p on each neuron. The file asserts that some piece violates\n");
                comment.Append("the identity; unsat proves all of them. N = sum_i y_i*H(x_i) is a sum of one piece per sample in every joint pattern.\n");
                comment.Append("expected: unsat\n");
                comment.Append($"reproduce: z3 FILE   or   cvc5 FILE");
                // set-logic: z3 is markedly faster on these with QF_NRA declared (measured: 8 s vs 10 s on a Λ = 40 piece group).
                var script = new SmtScript().Logic("QF_NRA");
                // Every weight is declared up front: a weight multiplied by a zero input coordinate vanishes from the DAG
                // but still appears in the Euler sums.
                var weights = DeclareWeights(script, net);
                var violations = new List<Term>();
                for (int s = from; s < to; s++)
                {
                    var signs = new sbyte[h];
                    for (int b = 0; b < h; b++) signs[b] = (sbyte)(perSample == 1 || ((s >> b) & 1) == 0 ? 1 : -1);
                    var pattern = new ActivationPattern(net, 1, signs);
                    var text = SmtPrinter.Print(ncf.Graph, [ncf.Ncf, .. ncf.Gradient], new SmtPrintOptions { Sign = ncf.SignIn(pattern), Prefix = $"s{s}_", VariableTerm = j => weights[j] });
                    script.Comment($"piece s = {s}: pattern {pattern}");
                    script.Add(text.Definitions);
                    var piece = script.Define($"P_{s}", text.Roots[0]);
                    var layerSums = new List<Term>();
                    for (int l = 1; l <= net.Depth; l++)
                        layerSums.Add(script.Define($"E_{s}_{l}", Term.Sum(Layer(net, l).Select(j => Term.Mul(weights[j], text.Roots[1 + j])))));
                    if (identity != Identity.PerLayer)
                        violations.Add(Term.Not(Term.Eq(Term.Sum(layerSums), Term.Mul(net.Degree, piece))));
                    if (identity != Identity.Whole)
                        for (int l = 1; l <= net.Depth; l++)
                            violations.Add(Term.Not(Term.Eq(layerSums[l - 1], Term.Mul(net.LayerDegree(l), piece))));
                }
                script.Assert(Term.Or(violations));
                string file = $"{claim}-euler-sample{i + 1}" + (files > 1 ? $"-part{f + 1}" : "");
                yield return new PieceGroup(file + ".smt2", comment.ToString(), new SmtQuery(file, script, []), i, from, to - from);
            }
        }
    }

    /// <summary>
    /// C2's step from Euler to the multiplier (docs/theory.md#c2-kkt-multiplier): with ‖u‖² = 1, a (Clarke) gradient g = λu, and uᵀg = ΛN
    /// (the whole-network Euler identity, proved piece by piece), λ = ΛN. Stated over the network's own weights.
    /// </summary>
    public static string WriteMultiplierStep(Instance instance, string directory, string claim)
    {
        var net = instance.Network;
        string header = Header(instance, claim,
            $"at every KKT point of the NCF the multiplier is lambda = Lambda*N(u) (Lambda = {net.Degree}):",
            "hypotheses ||u||^2 = 1, g = lambda*u (g any Clarke element of dN(u)), and Euler u.g = Lambda*N,",
            "which the '-euler-' files of this claim prove for every pattern piece (every Clarke element is a convex",
            "combination of piece gradients at the point, and the identity is linear in g).");
        var script = new SmtScript().Logic("QF_NRA");
        // Weights u (named as in the network DAG), a gradient g, the multiplier lambda, the value N; ||u||^2 = 1, g = lambda*u.
        var u = new Term[net.WeightCount];
        var g = new Term[net.WeightCount];
        for (int j = 0; j < net.WeightCount; j++) { u[j] = script.Declare(Weight(net, j)); g[j] = script.Declare($"g{j}"); }
        var lambda = script.Declare("lambda");
        var n = script.Declare("N");
        script.Assert(Term.Eq(Term.Dot(u, u), Term.One));
        for (int j = 0; j < net.WeightCount; j++) script.Assert(Term.Eq(g[j], Term.Mul(lambda, u[j])));
        script.Assert(Term.Eq(Term.Dot(u, g), Term.Mul(net.Degree, n)));
        script.Assert(Term.Not(Term.Eq(lambda, Term.Mul(net.Degree, n))));
        return CertificateFile.Write(directory, $"{claim}-multiplier-step.smt2", new SmtQuery($"{claim}-multiplier-step", script, []), header);
    }

    /// <summary>
    /// C3's algebraic step (docs/theory.md#c3-layer-norm-law) in two files, because z3 does not decide the one-file form (all weights, g = λu,
    /// per-layer Euler, N ≠ 0) within a minute once there are ~20 weights. (a) <c>-norm-law-step1</c>: with g = λu,
    /// ⟨W_l, g_l⟩ = λ‖W_l‖² for every layer, a ring identity over the network's weights. (b) <c>-norm-law-step2</c>: over the
    /// per-layer aggregates n_l = ‖W_l‖², e_l = ⟨W_l, g_l⟩: Σ n_l = 1 (‖u‖ = 1), e_l = λ n_l (a), e_l = p^(L−l)N (per-layer
    /// Euler, the '-euler-' files) and N ≠ 0 imply n_l = p^(L−l)/Λ.
    /// </summary>
    public static IReadOnlyList<string> WriteNormLawStep(Instance instance, string directory, string claim)
    {
        var net = instance.Network;
        string header1 = Header(instance, claim,
            "(step 1 of the norm law) at a KKT point g = lambda*u, so <W_l, g_l> = lambda*||W_l||^2 for every layer l,",
            "a ring identity in the weights (g any Clarke element with g = lambda*u). Step 2 uses it.");
        var script = new SmtScript().Logic("QF_NRA");
        var u = DeclareWeights(script, net);
        var lambda = script.Declare("lambda");
        var g = Enumerable.Range(0, net.WeightCount).Select(j => script.Define($"g{j}", Term.Mul(lambda, u[j]))).ToArray();
        var bad = new List<Term>();
        for (int l = 1; l <= net.Depth; l++)
        {
            var idx = Layer(net, l).ToList();
            bad.Add(Term.Not(Term.Eq(Term.Dot(idx.Select(j => u[j]), idx.Select(j => g[j])), Term.Mul(lambda, Term.Dot(idx.Select(j => u[j]), idx.Select(j => u[j]))))));
        }
        script.Assert(Term.Or(bad));
        string path1 = CertificateFile.Write(directory, $"{claim}-norm-law-step1.smt2", new SmtQuery($"{claim}-norm-law-step1", script, []), header1);

        string header2 = Header(instance, claim,
            $"(step 2 of the norm law) at every KKT point with N(u) /= 0, ||W_l||^2 = p^(L-l)/Lambda for every layer (Lambda = {net.Degree}).",
            "Over the per-layer aggregates n_l = ||W_l||^2 and e_l = <W_l, g_l> (g = lambda*u a Clarke element of dN(u)):",
            "sum_l n_l = 1 (||u|| = 1); e_l = lambda*n_l (step 1); e_l = p^(L-l)*N (per-layer Euler, which the '-euler-' files of",
            "this claim prove for every pattern piece; every Clarke element is a convex combination of piece gradients at the",
            "point and the identities are linear in g); N /= 0.");
        script = new SmtScript().Logic("QF_NRA");
        lambda = script.Declare("lambda");
        var n = script.Declare("N");
        bad.Clear();
        var norms = new List<Term>();
        for (int l = 1; l <= net.Depth; l++)
        {
            var nl = script.Declare($"n{l}");
            var el = script.Declare($"e{l}");
            script.Assert(Term.Ge(nl, Term.Zero));
            script.Assert(Term.Eq(el, Term.Mul(lambda, nl)));
            script.Assert(Term.Eq(el, Term.Mul(net.LayerDegree(l), n)));
            bad.Add(Term.Not(Term.Eq(nl, new Rational(net.LayerDegree(l)) / new Rational(net.Degree))));
            norms.Add(nl);
        }
        script.Assert(Term.Eq(Term.Sum(norms), Term.One));
        script.Assert(Term.Not(Term.Eq(n, Term.Zero)));
        script.Assert(Term.Or(bad));
        string path2 = CertificateFile.Write(directory, $"{claim}-norm-law-step2.smt2", new SmtQuery($"{claim}-norm-law-step2", script, []), header2);
        return [path1, path2];
    }

    /// <summary>
    /// A counterexample certificate: the weights fixed to the witness (rationals), σ' at zero pre-activations fixed to the
    /// reported Clarke choices, and the violated identity asserted. <c>sat</c> reproduces the violation.
    /// </summary>
    public static string WriteViolationWitness(Instance instance, string directory, string claim, Rational[] w, ActivationPattern pattern,
        IReadOnlyList<Kink> kinks, IReadOnlyList<Rational> slopes, string violated)
    {
        var net = instance.Network;
        var ncf = NcfExpression.Build(instance);
        var clarkeAtSite = new Dictionary<int, Rational>();
        for (int k = 0; k < kinks.Count; k++) clarkeAtSite[ncf.Site(kinks[k].Layer, kinks[k].Neuron, kinks[k].Sample)] = slopes[k];
        var script = new SmtScript().Logic("QF_NRA");
        var weights = DeclareWeights(script, net);
        var text = SmtPrinter.Print(ncf.Graph, [ncf.Ncf, .. ncf.Gradient], new SmtPrintOptions
        {
            Sign = ncf.SignIn(pattern),
            ClarkeTerm = node => clarkeAtSite.TryGetValue(node.Index, out var c) ? c : net.Activation.Pos,
            VariableTerm = j => weights[j],
        });
        script.Add(text.Declarations).Add(text.Definitions);
        for (int j = 0; j < net.WeightCount; j++) script.Assert(Term.Eq(weights[j], w[j]));
        var layerSums = new List<Term>();
        var bad = new List<Term>();
        var value = text.Roots[0];
        for (int l = 1; l <= net.Depth; l++)
        {
            var s = Term.Sum(Layer(net, l).Select(j => Term.Mul(weights[j], text.Roots[1 + j])));
            layerSums.Add(s);
            bad.Add(Term.Not(Term.Eq(s, Term.Mul(net.LayerDegree(l), value))));
        }
        bad.Add(Term.Not(Term.Eq(Term.Sum(layerSums), Term.Mul(net.Degree, value))));
        script.Assert(Term.Or(bad));
        string header = $"checker certificate for {claim} on instance \"{instance.Name}\", network {net}: a COUNTEREXAMPLE\n" +
            $"the NCF and its (Clarke) gradient at the rational witness below, in activation pattern {pattern},\n" +
            $"violate {violated}; sat (with these exact values) reproduces it.\nexpected: sat";
        return CertificateFile.Write(directory, $"{claim}-counterexample.smt2", new SmtQuery($"{claim}-counterexample", script, []), header);
    }

    /// <summary>
    /// A C3 counterexample certificate: the rational point v (weights fixed), the rational squared layer scales c_l² that
    /// make it a KKT point after normalisation (established by the exact KKT check that produced it), and the asserted
    /// inequality ‖c_l W_l(v)‖² / Σ_k ‖c_k W_k(v)‖² ≠ p^(L−l)/Λ. <c>sat</c> reproduces the violated share.
    /// </summary>
    public static string WriteNormShareWitness(Instance instance, string directory, string claim, Rational[] v, Rational[] scaleSquared,
        int layer, string where)
    {
        var net = instance.Network;
        var script = new SmtScript().Logic("QF_NRA");
        var norms = new List<Term>();
        for (int l = 1; l <= net.Depth; l++)
        {
            var idx = Layer(net, l).ToList();
            var w = new List<Term>();
            foreach (int j in idx) { w.Add(script.Declare(Weight(net, j))); script.Assert(Term.Eq(w[^1], v[j])); }
            norms.Add(script.Define($"n{l}", Term.Mul(scaleSquared[l - 1], Term.Dot(w, w))));
        }
        var want = new Rational(net.LayerDegree(layer)) / new Rational(net.Degree);
        script.Assert(Term.Not(Term.Eq(norms[layer - 1], Term.Mul(want, Term.Sum(norms)))));
        string header = $"checker certificate for {claim} on instance \"{instance.Name}\", network {net}: a COUNTEREXAMPLE\n" +
            $"at {where}: the point v below scaled per layer by c_l (c_l^2 given) and normalised is a KKT point (exact check\n" +
            $"of the producing enumeration), and its layer-{layer} norm share differs from p^(L-l)/Lambda.\nexpected: sat";
        return CertificateFile.Write(directory, $"{claim}-counterexample.smt2", new SmtQuery($"{claim}-counterexample", script, []), header);
    }

    private static string Header(Instance instance, string claim, params string[] proves) =>
        $"checker certificate for {claim} on instance \"{instance.Name}\", network {instance.Network}\n" +
        "proves: " + string.Join("\n", proves) + "\n" +
        "The asserted negation of the conclusion is unsatisfiable over the reals.\nexpected: unsat";

    /// <summary>Declares every weight under its DAG name; the terms in flat order.</summary>
    private static Term[] DeclareWeights(SmtScript script, Network net) =>
        Enumerable.Range(0, net.WeightCount).Select(j => script.Declare(Weight(net, j))).ToArray();

    /// <summary>Flat indices of layer <paramref name="l"/>'s weights.</summary>
    private static IEnumerable<int> Layer(Network net, int l)
    {
        var (r, c) = net.Shape(l);
        return Enumerable.Range(net.Offset(l), r * c);
    }

    private static string Weight(Network net, int flat)
    {
        for (int l = net.Depth; l >= 1; l--)
            if (flat >= net.Offset(l))
            {
                int k = flat - net.Offset(l), cols = net.Widths[l - 1];
                return NcfExpression.WeightName(l, k / cols, k % cols);
            }
        throw new ArgumentOutOfRangeException(nameof(flat));
    }
}
