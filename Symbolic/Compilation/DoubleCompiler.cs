using System.Linq.Expressions;
using Checker.Symbolic.Expressions;
using E = System.Linq.Expressions.Expression;

namespace Checker.Symbolic.Compilation;

/// <summary>
/// Compiles a <see cref="SampleTemplate"/> to straight-line <c>double</c> code with System.Linq.Expressions (JIT-compiled
/// through DynamicMethod). A DAG node used more than once becomes a local computed once; single-use nodes are inlined.
/// Numeric only (docs/theory.md#one-expression-three-back-ends): at z = 0 a piecewise node takes its z ≥ 0 branch, so with p = 1 the kink slope
/// σ'(0) is a₊ — a convention, not a Clarke element the exact layer would choose.
/// </summary>
public static class DoubleCompiler
{
    public static ForwardKernel CompileForward(SampleTemplate t)
    {
        var w = E.Parameter(typeof(double[]), "w");
        var x = E.Parameter(typeof(double[]), "x");
        var em = new Emitter(t.Graph, [t.Output], Bind(t, w, x, null));
        var h = em.Emit(t.Output.Id);
        return E.Lambda<ForwardKernel>(em.Block(h), w, x).Compile();
    }

    public static GradientKernel CompileGradient(SampleTemplate t)
    {
        var w = E.Parameter(typeof(double[]), "w");
        var x = E.Parameter(typeof(double[]), "x");
        var alpha = E.Parameter(typeof(double), "alpha");
        var beta = E.Parameter(typeof(double), "beta");
        var grad = E.Parameter(typeof(double[]), "grad");
        var seed = E.Variable(typeof(double), "seed");
        var h = E.Variable(typeof(double), "h");
        var roots = new List<Expr> { t.Output };
        roots.AddRange(t.Gradient.Where(d => !d.IsZero));
        var em = new Emitter(t.Graph, roots, Bind(t, w, x, seed));
        em.Locals.Add(seed); em.Locals.Add(h);
        // Forward first (everything H needs), then the seed, then the backward sweep that reads it.
        em.Body.Add(E.Assign(h, em.Emit(t.Output.Id)));
        em.Body.Add(E.Assign(seed, E.Add(E.Multiply(alpha, h), beta)));
        for (int j = 0; j < t.Gradient.Length; j++)
        {
            if (t.Gradient[j].IsZero) continue;
            var cell = E.ArrayAccess(grad, E.Constant(j));
            em.Body.Add(E.AddAssign(cell, em.Emit(t.Gradient[j].Id)));
        }
        return E.Lambda<GradientKernel>(em.Block(h), w, x, alpha, beta, grad).Compile();
    }

    public static PreActivationKernel CompilePreActivations(SampleTemplate t)
    {
        var w = E.Parameter(typeof(double[]), "w");
        var x = E.Parameter(typeof(double[]), "x");
        var z = E.Parameter(typeof(double[]), "z");
        var em = new Emitter(t.Graph, t.PreActivations, Bind(t, w, x, null));
        for (int k = 0; k < t.PreActivations.Length; k++)
            em.Body.Add(E.Assign(E.ArrayAccess(z, E.Constant(k)), em.Emit(t.PreActivations[k].Id)));
        return E.Lambda<PreActivationKernel>(em.Block(E.Empty()), w, x, z).Compile();
    }

    private static Func<int, E> Bind(SampleTemplate t, ParameterExpression w, ParameterExpression x, ParameterExpression? seed)
    {
        int k = t.Weights.Length, d = t.Inputs.Length;
        return v => v < k ? E.ArrayIndex(w, E.Constant(v))
            : v < k + d ? E.ArrayIndex(x, E.Constant(v - k))
            : seed ?? throw new InvalidOperationException("the seed is not bound in this kernel");
    }

    /// <summary>Emits nodes on demand in dependency order; multi-use nodes become locals.</summary>
    private sealed class Emitter
    {
        private readonly ExpressionGraph _g;
        private readonly int[] _uses;
        private readonly Func<int, E> _variable;
        private readonly Dictionary<int, E> _done = [];
        public List<ParameterExpression> Locals { get; } = [];
        public List<E> Body { get; } = [];

        public Emitter(ExpressionGraph g, IReadOnlyList<Expr> roots, Func<int, E> variable)
        {
            _g = g;
            _variable = variable;
            var nodes = g.Reachable(roots);
            _uses = g.UseCounts(roots, nodes);
            foreach (var id in nodes)
            {
                var n = g[id];
                if (n.Kind is NodeKind.Power or NodeKind.Piecewise) _uses[n.Arg] += 2; // read several times below
            }
        }

        public BlockExpression Block(E result)
        {
            var body = new List<E>(Body) { result };
            return E.Block(result.Type, Locals, body);
        }

        public E Emit(int id)
        {
            if (_done.TryGetValue(id, out var done)) return done;
            var n = _g[id];
            E e;
            switch (n.Kind)
            {
                case NodeKind.Constant: return E.Constant(n.Value.ToDouble());
                case NodeKind.Variable: e = _variable(n.Index); break;
                case NodeKind.Sum:
                    {
                        e = null!;
                        for (int k = 0; k < n._args.Length; k++)
                        {
                            var t = Emit(n._args[k]);
                            var c = n._coefs[k];
                            if (c == Numbers.Rational.MinusOne && e is not null) { e = E.Subtract(e, t); continue; }
                            if (c != Numbers.Rational.One) t = E.Multiply(E.Constant(c.ToDouble()), t);
                            e = e is null ? t : E.Add(e, t);
                        }
                        if (!n.Value.IsZero) e = E.Add(e, E.Constant(n.Value.ToDouble()));
                        break;
                    }
                case NodeKind.Product:
                    e = Emit(n._args[0]);
                    for (int k = 1; k < n._args.Length; k++) e = E.Multiply(e, Emit(n._args[k]));
                    break;
                case NodeKind.Power:
                    e = Power(Emit(n.Arg), n.Index);
                    break;
                case NodeKind.Piecewise:
                    {
                        var f = n.Function!;
                        var z = Emit(n.Arg);
                        E Branch(Numbers.Rational c) => c.IsZero ? E.Constant(0.0)
                            : f.Power == 0 ? E.Constant(c.ToDouble())
                            : c == Numbers.Rational.One ? Power(z, f.Power) : E.Multiply(E.Constant(c.ToDouble()), Power(z, f.Power));
                        e = E.Condition(E.GreaterThanOrEqual(z, E.Constant(0.0)), Branch(f.Pos), Branch(f.Neg));
                        break;
                    }
                default: throw new InvalidOperationException();
            }
            if (_uses[id] >= 2 && n.Kind != NodeKind.Variable)
            {
                var local = E.Variable(typeof(double), "t" + id);
                Locals.Add(local);
                Body.Add(E.Assign(local, e));
                e = local;
            }
            _done[id] = e;
            return e;
        }

        private static E Power(E b, int p)
        {
            E r = b;
            for (int k = 1; k < p; k++) r = E.Multiply(r, b);
            return p == 0 ? E.Constant(1.0) : r;
        }
    }
}
