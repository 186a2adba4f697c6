using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Verification.Search;

/// <summary>
/// Greedy shrinking of a counterexample (issue 5): fewer samples, lower dimension, narrower or fewer hidden layers,
/// smaller integers, labels ±1 — each step kept only if the instance is still a counterexample (decided by the
/// caller's predicate, i.e. the full exact check again). Candidates are tried smallest-first; stops when none helps.
/// </summary>
public static class InstanceShrinker
{
    public static IEnumerable<(string Step, Instance Smaller)> Candidates(Instance x)
    {
        var net = x.Network;
        int n = x.SampleCount, d = x.Dimension;
        for (int i = 0; i < n && n > 1; i++)
            yield return ($"drop sample {i + 1}", new Instance(x.Name, x.Inputs.Where((_, k) => k != i).ToArray(), x.Labels.Where((_, k) => k != i).ToArray(), net));
        for (int j = 0; j < d && d > 1; j++)
        {
            var inputs = x.Inputs.Select(r => r.Where((_, k) => k != j).ToArray()).ToArray();
            if (inputs.Any(r => r.All(v => v.IsZero))) continue;
            var widths = net.Widths.ToArray(); widths[0] = d - 1;
            yield return ($"drop coordinate {j + 1}", new Instance(x.Name, inputs, x.Labels, new Network(widths, net.Activation)));
        }
        if (net.Depth > 2)
            for (int l = 1; l < net.Depth; l++)
                yield return ($"drop hidden layer {l}", x.WithNetwork(new Network(net.Widths.Where((_, k) => k != l).ToArray(), net.Activation)));
        for (int l = 1; l < net.Depth; l++)
            if (net.Widths[l] > 1)
            {
                var widths = net.Widths.ToArray(); widths[l]--;
                yield return ($"narrow layer {l} to {widths[l]}", x.WithNetwork(new Network(widths, net.Activation)));
            }
        for (int i = 0; i < n; i++)
            if (x.Labels[i].Abs() != Rational.One)
            {
                var labels = x.Labels.ToArray(); labels[i] = labels[i].Sign;
                yield return ($"label {i + 1} to {labels[i]}", new Instance(x.Name, x.Inputs, labels, net));
            }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
            {
                var v = x.Inputs[i][j];
                if (v.IsZero) continue;
                foreach (var smaller in new[] { Rational.Zero, new Rational(v.Sign), Half(v) }.Distinct())
                {
                    if (smaller.Abs() >= v.Abs()) continue;
                    var inputs = x.Inputs.Select(r => (Rational[])r.Clone()).ToArray();
                    inputs[i][j] = smaller;
                    if (inputs[i].All(q => q.IsZero)) continue;
                    yield return ($"x_{i + 1}[{j + 1}] {v} → {smaller}", new Instance(x.Name, inputs, x.Labels, net));
                }
            }
    }

    private static Rational Half(Rational v) => new(System.Numerics.BigInteger.Divide(v.Numerator, 2 * v.Denominator));

    /// <summary>Shrinks while <paramref name="stillCounterexample"/> holds, at most <paramref name="maxChecks"/> checks.</summary>
    public static (Instance Result, List<string> Steps, int Checks) Shrink(Instance start, Func<Instance, bool> stillCounterexample, int maxChecks, CancellationToken ct)
    {
        var current = start;
        var steps = new List<string>();
        int checks = 0;
        bool progress = true;
        while (progress && checks < maxChecks)
        {
            progress = false;
            foreach (var (step, smaller) in Candidates(current))
            {
                ct.ThrowIfCancellationRequested();
                if (checks >= maxChecks) break;
                checks++;
                if (!stillCounterexample(smaller)) continue;
                current = smaller;
                steps.Add(step);
                progress = true;
                break;
            }
        }
        return (current, steps, checks);
    }
}
