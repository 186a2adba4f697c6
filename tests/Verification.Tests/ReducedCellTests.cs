using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Reduced;

namespace Checker.Verification.Tests;

/// <summary>
/// Issue 15: the cell and kink logic of the reduced problem that every enumeration trusts — the sign pattern of a
/// direction (a sample exactly on its hyperplane is a kink, '0'), the slopes c₊, c₋ of φ_s and the Clarke interval at
/// a kink, the value and the gradient, and the slope consistency test that accepts or rejects a solver's model.
/// Values are worked by hand on small data, so a sign, a boundary or a swapped slope changes them.
/// </summary>
public class ReducedCellTests
{
    private static Rational Q(long p, long q = 1) => new(p, q);

    // x₁ = (1, 0), x₂ = (0, 2), x₃ = (1, −1), x₄ = 0; y = (1, −2, 3, 1); leaky σ with α = 1/10, L = 2.
    private static Instance Data(Activation act, int depth) =>
        TestInstances.FromInts("cells", [[1, 0], [0, 2], [1, -1], [0, 0]], [1, -2, 3, 1], act, depth);

    [Fact]
    public void Patterns_mark_kinks_where_the_direction_is_orthogonal_to_a_sample()
    {
        var p = ReducedProblem.Create(Data(TestInstances.Leaky(1, 10), 2), [1, 1]);
        Assert.Equal("++00", p.PatternOf([Q(1), Q(1)]));
        Assert.Equal("+++0", p.PatternOf([Q(1), Q(1, 2)]));
        Assert.Equal("-+-0", p.PatternOf([Q(-1), Q(1, 2)]));
        Assert.Equal("0-+0", p.PatternOf([Q(0), Q(-1)]));
        Assert.Equal("0000", p.PatternOf([Q(0), Q(0)]));
        Assert.True(p.IsZeroInput(3));
        Assert.False(p.IsZeroInput(0));
        Assert.False(p.IsZeroInput(2));
    }

    [Fact]
    public void Slopes_and_the_Clarke_interval_of_phi()
    {
        var leaky = Data(TestInstances.Leaky(1, 10), 2);
        var p = ReducedProblem.Create(leaky, [1, 1]);   // φ(t) = σ(σ(t)) … with s₂ = +1: φ = s₂σ(s₁t) = σ(t)
        Assert.Equal(Q(1), p.SlopePos);
        Assert.Equal(Q(1, 10), p.SlopeNeg);
        Assert.Equal(Q(1, 10), p.Low);
        Assert.Equal(Q(1), p.High);
        Assert.Equal(Q(1), p.SlopeFor(1));
        Assert.Equal(Q(1, 10), p.SlopeFor(-1));
        Assert.Equal(Q(3), p.Phi(Q(3)));
        Assert.Equal(Q(-3, 10), p.Phi(Q(-3)));
        Assert.Equal(Rational.Zero, p.Phi(Rational.Zero));
        var q = ReducedProblem.Create(leaky, [-1, -1]); // φ(t) = −σ(−t): t > 0 → t/10, t < 0 → t
        Assert.Equal(Q(1, 10), q.SlopePos);
        Assert.Equal(Q(1), q.SlopeNeg);
        Assert.Equal(Q(1, 10), q.Low);
        Assert.Equal(Q(1), q.High);
        Assert.Equal("reduced problem s = (-1,-1): c₊ = 1/10, c₋ = 1", q.ToString());
        Assert.Equal("+1,-1", ReducedProblem.Create(leaky, [1, -1]).SignsText);
        // Depth 3 composes: φ(t) = σ(−σ(t)) for s = (+1, −1, +1): t > 0 → σ(−t) = −t/10, t < 0 → σ(−t/10) = −t/10.
        var deep = ReducedProblem.Create(Data(TestInstances.Leaky(1, 10), 3), [1, -1, 1]);
        Assert.Equal(Q(-1, 10), deep.SlopePos);
        Assert.Equal(Q(-1, 10), deep.SlopeNeg);
        Assert.Equal(Q(3, 10), ReducedProblem.Phi(TestInstances.Leaky(1, 10), [1, 1, 1], Q(3, 10)));
        Assert.Equal(Q(-3, 1000), ReducedProblem.Phi(TestInstances.Leaky(1, 10), [1, 1, 1], Q(-3, 10)));
    }

    [Fact]
    public void Value_and_gradient_by_hand()
    {
        var p = ReducedProblem.Create(Data(TestInstances.Leaky(1, 10), 2), [1, 1]);
        // b = (1, 1/2): x·b = (1, 1, 1/2, 0), all positive (or zero): f = 1·1 − 2·1 + 3·1/2 + 1·0 = 1/2.
        Assert.Equal(Q(1, 2), p.Value([Q(1), Q(1, 2)]));
        // b = (−1, 1/2): x·b = (−1, 1, −3/2, 0): f = 1·(−1/10) − 2·1 + 3·(−3/20) = −1/10 − 2 − 9/20 = −51/20.
        Assert.Equal(Q(-51, 20), p.Value([Q(-1), Q(1, 2)]));
        // g = Σ y_i σ_i x_i, zero slopes and zero labels skipped.
        Assert.Equal(new[] { Q(4), Q(-7) }, p.Gradient([Q(1), Q(1), Q(1), Q(1)]));     // (1,0) − 2(0,2) + 3(1,−1) = (4, −7)
        Assert.Equal(new[] { Q(1, 10), Q(-4) }, p.Gradient([Q(1, 10), Q(1), Q(0), Q(1)]));
        Assert.Equal(new[] { Q(0), Q(0) }, p.Gradient([Q(0), Q(0), Q(0), Q(5)]));       // x₄ = 0
    }

    [Fact]
    public void Slope_consistency_accepts_exactly_the_Clarke_choices()
    {
        var p = ReducedProblem.Create(Data(TestInstances.Leaky(1, 10), 2), [1, 1]);
        Assert.True(ReducedKktEnumerator.SlopesConsistent(p, "+-0", [Q(1), Q(1, 10), Q(1, 2)]));
        Assert.True(ReducedKktEnumerator.SlopesConsistent(p, "000", [Q(1, 10), Q(1), Q(1, 3)]));   // both ends of [c₋, c₊]
        Assert.False(ReducedKktEnumerator.SlopesConsistent(p, "+", [Q(1, 10)]));                   // swapped slopes
        Assert.False(ReducedKktEnumerator.SlopesConsistent(p, "-", [Q(1)]));
        Assert.False(ReducedKktEnumerator.SlopesConsistent(p, "0", [Q(11, 10)]));                  // above the interval
        Assert.False(ReducedKktEnumerator.SlopesConsistent(p, "0", [Q(9, 100)]));                  // below it
        Assert.False(ReducedKktEnumerator.SlopesConsistent(p, "+0", [Q(1), Q(2)]));                // the last one fails
        Assert.True(ReducedKktEnumerator.SlopesConsistent(p, "", []));
    }

    [Fact]
    public void Sign_vectors_and_creation_errors()
    {
        Assert.Equal(new[] { "1,1", "1,-1", "-1,1", "-1,-1" }, ReducedProblem.AllSignVectors(2).Select(s => string.Join(",", s)).ToArray());
        Assert.Equal(8, ReducedProblem.AllSignVectors(3).Distinct(new SeqEq()).Count());
        Assert.Equal(new[] { 1, 1, 1 }, ReducedProblem.AllSignVectors(3).First());
        Assert.Equal(new[] { -1, -1, -1 }, ReducedProblem.AllSignVectors(3).Last());
        var inst = Data(Activation.Relu, 2);
        Assert.Throws<ArgumentException>(() => ReducedProblem.Create(inst, [1]));
        Assert.Throws<ArgumentException>(() => ReducedProblem.Create(inst, [1, 1, 1]));
        Assert.Throws<ArgumentException>(() => ReducedProblem.Create(inst, [1, 0]));
        Assert.Throws<ArgumentException>(() => ReducedProblem.Create(inst, [2, 1]));
        var poly = Data(Activation.TryParsePreset("polyrelu:2", out _)!, 2);
        Assert.False(ReducedProblem.Applies(poly, out var why));
        Assert.Contains("p = 2", why);
        Assert.Throws<ArgumentException>(() => ReducedProblem.Create(poly, [1, 1]));
        Assert.True(ReducedProblem.Applies(inst, out why));
        Assert.Equal("", why);
    }

    /// <summary>
    /// The degeneracies reported with every reduced result, named by sample (1-based) and each only where it holds: a zero
    /// input is parallel to every input but is reported as zero only, antiparallel inputs are parallel, Xy = 0 and zero
    /// labels are told apart from "some" and "all", and f ≡ 0 needs equal slopes and Xy = 0, all labels 0, or all inputs 0.
    /// </summary>
    [Fact]
    public void Degeneracies_name_each_degenerate_sample_and_only_those()
    {
        var leaky = TestInstances.Leaky(1, 10);
        // x₁ = 0, x₂ ∥ x₃ (x₃ = 2x₂), x₄ alone; y₂ = 0; Xy = 2·(1, 0)·1 − (0, 1) = (2, −1) ≠ 0; slopes 1 and 1/10 differ.
        var p = ReducedProblem.Create(TestInstances.FromInts("deg", [[0, 0], [1, 0], [2, 0], [0, 1]], [1, 0, 1, -1], leaky, 2), [1, 1]);
        Assert.Equal(new[] { "zero inputs: samples 1 (their sign is always 0)", "parallel inputs: samples 2 and 3", "some labels are 0" },
            ReducedKktEnumerator.Degeneracies(p));
        Assert.False(ReducedKktEnumerator.IdenticallyZero(p));
        // Antiparallel pairs (1, 3) and (2, 4), Xy = 0, no zero input or label; slopes differ, so f is not ≡ 0.
        var cross = TestInstances.FromInts("cross", [[1, 0], [0, 1], [-1, 0], [0, -1]], [1, 1, 1, 1], leaky, 2);
        Assert.Equal(new[] { "parallel inputs: samples 1 and 3", "parallel inputs: samples 2 and 4", "Xy = 0" },
            ReducedKktEnumerator.Degeneracies(ReducedProblem.Create(cross, [1, 1])));
        // s = (+1, −1, −1) at depth 3 makes φ linear (c₊ = c₋ = 1/10): with Xy = 0, f ≡ 0 ...
        var linear = ReducedProblem.Create(TestInstances.FromInts("cross3", [[1, 0], [0, 1], [-1, 0], [0, -1]], [1, 1, 1, 1], leaky, 3), [1, -1, -1]);
        Assert.Equal(linear.SlopePos, linear.SlopeNeg);
        Assert.True(ReducedKktEnumerator.IdenticallyZero(linear));
        Assert.Equal("f ≡ 0 for this sign vector", ReducedKktEnumerator.Degeneracies(linear)[^1]);
        // ... but not when only one component of Xy vanishes: Xy = (0, 2).
        var half = ReducedProblem.Create(TestInstances.FromInts("half", [[1, 0], [0, 1], [-1, 0], [0, 1]], [1, 1, 1, 1], leaky, 3), [1, -1, -1]);
        Assert.False(ReducedKktEnumerator.IdenticallyZero(half));
        Assert.DoesNotContain("Xy = 0", ReducedKktEnumerator.Degeneracies(half));
        // All labels 0, or all inputs 0, is f ≡ 0 whatever the slopes; one zero label or one zero input is not.
        Assert.True(ReducedKktEnumerator.IdenticallyZero(ReducedProblem.Create(TestInstances.FromInts("y0", [[1, 0], [0, 1]], [0, 0], leaky, 2), [1, 1])));
        Assert.True(ReducedKktEnumerator.IdenticallyZero(ReducedProblem.Create(TestInstances.FromInts("x0", [[0, 0], [0, 0]], [1, 2], leaky, 2), [1, 1])));
        Assert.False(ReducedKktEnumerator.IdenticallyZero(ReducedProblem.Create(TestInstances.FromInts("x0y0", [[0, 0], [0, 1]], [0, 1], leaky, 2), [1, 1])));
    }

    private sealed class SeqEq : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? a, int[]? b) => a!.SequenceEqual(b!);
        public int GetHashCode(int[] a) => string.Join(",", a).GetHashCode();
    }
}
