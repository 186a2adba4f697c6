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
        // Joint rescalings first: y → y/c and X → X/c (c > 0) scale N without moving any KKT direction, so a
        // counterexample whose labels or entries share a factor keeps it; then every label to ±1 at once.
        var labelGcd = Gcd(x.Labels);
        if (labelGcd > Rational.One)
            yield return ($"labels ÷ {labelGcd}", new Instance(x.Name, x.Inputs, x.Labels.Select(v => v / labelGcd).ToArray(), net));
        var inputGcd = Gcd(x.Inputs.SelectMany(r => r).ToArray());
        if (inputGcd > Rational.One)
            yield return ($"inputs ÷ {inputGcd}", new Instance(x.Name, x.Inputs.Select(r => r.Select(v => v / inputGcd).ToArray()).ToArray(), x.Labels, net));
        if (x.Labels.Count(v => v.Abs() != Rational.One && !v.IsZero) > 1)
            yield return ("every label to ±1", new Instance(x.Name, x.Inputs, x.Labels.Select(v => v.IsZero ? v : new Rational(v.Sign)).ToArray(), net));
        // Labels: ±1 first, then every smaller integer magnitude of the same sign, so the smallest that keeps the
        // counterexample is found (greedy repeats cover the rest).
        for (int i = 0; i < n; i++)
            foreach (var smaller in Smaller(x.Labels[i], allowZero: false))
            {
                var labels = x.Labels.ToArray(); labels[i] = smaller;
                yield return ($"label {i + 1} {x.Labels[i]} → {smaller}", new Instance(x.Name, x.Inputs, labels, net));
            }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
            {
                var v = x.Inputs[i][j];
                if (v.IsZero) continue;
                foreach (var smaller in Smaller(v, allowZero: true))
                {
                    var inputs = x.Inputs.Select(r => (Rational[])r.Clone()).ToArray();
                    inputs[i][j] = smaller;
                    if (inputs[i].All(q => q.IsZero)) continue;
                    yield return ($"x_{i + 1}[{j + 1}] {v} → {smaller}", new Instance(x.Name, inputs, x.Labels, net));
                }
            }
    }

    private static Rational Half(Rational v) => new(System.Numerics.BigInteger.Divide(v.Numerator, 2 * v.Denominator));

    /// <summary>The gcd of integer entries (1 when any entry is not an integer or all are 0).</summary>
    private static Rational Gcd(IReadOnlyList<Rational> values)
    {
        var g = System.Numerics.BigInteger.Zero;
        foreach (var v in values)
        {
            if (!v.Denominator.IsOne) return Rational.One;
            g = System.Numerics.BigInteger.GreatestCommonDivisor(g, v.Numerator);
        }
        return g.IsZero ? Rational.One : new Rational(g);
    }

    /// <summary>Values of smaller magnitude to try instead of <paramref name="v"/>, smallest first: 0 (inputs only), then
    /// the same sign with integer magnitudes 1, 2, … below |v| (at most 8 of them, then half of v), so an integer
    /// entry ends at the smallest magnitude that keeps the counterexample.</summary>
    public static IEnumerable<Rational> Smaller(Rational v, bool allowZero)
    {
        if (v.IsZero) yield break;
        var seen = new HashSet<Rational>();
        if (allowZero && seen.Add(Rational.Zero)) yield return Rational.Zero;
        for (int m = 1; m <= 8 && new Rational(m) < v.Abs(); m++)
            if (seen.Add(v.Sign * new Rational(m))) yield return v.Sign * new Rational(m);
        var half = Half(v);
        if (half.Abs() < v.Abs() && !half.IsZero && seen.Add(half)) yield return half;
    }

    /// <summary>One line saying what a shrink changed: samples, dimension, widths, labels and the largest input
    /// magnitude, before → after.</summary>
    public static string Summary(Instance before, Instance after)
    {
        var parts = new List<string>();
        if (before.SampleCount != after.SampleCount) parts.Add($"samples {before.SampleCount} → {after.SampleCount}");
        if (!before.Network.Widths.SequenceEqual(after.Network.Widths))
            parts.Add($"widths [{string.Join(",", before.Network.Widths)}] → [{string.Join(",", after.Network.Widths)}]");
        string Labels(Instance x) => "(" + string.Join(",", x.Labels) + ")";
        if (Labels(before) != Labels(after)) parts.Add($"labels {Labels(before)} → {Labels(after)}");
        Rational MaxAbs(Instance x) => x.Inputs.SelectMany(r => r).Select(v => v.Abs()).DefaultIfEmpty(Rational.Zero).Max();
        if (MaxAbs(before) != MaxAbs(after) || Inputs(before) != Inputs(after))
            parts.Add($"inputs {Inputs(before)} → {Inputs(after)} (largest |entry| {MaxAbs(before)} → {MaxAbs(after)})");
        return parts.Count == 0 ? "nothing could be removed" : string.Join("; ", parts);
    }

    private static string Inputs(Instance x) => string.Join(" ", x.Inputs.Select(r => "(" + string.Join(",", r) + ")"));

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
