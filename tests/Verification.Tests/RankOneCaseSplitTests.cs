using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Claims;
using Checker.Verification.Claims.Witnesses;
using Checker.Verification.Contracts;
using Checker.Verification.RankOne;

namespace Checker.Verification.Tests;

/// <summary>The structural pieces of the rank-one case split (docs/theory.md#rank-one-case-split) and the rationalisation of
/// algebraic witnesses (docs/theory.md#rational-witnesses).</summary>
public class RankOneCaseSplitTests
{
    public static TheoryData<int, int, int> FaceCases => new() { { 2, 4, 1 }, { 2, 5, 2 }, { 3, 4, 3 } };

    [Theory]
    [MemberData(nameof(FaceCases))]
    public void Faces_are_exactly_the_sign_vectors_of_nonzero_directions(int d, int n, int seed)
    {
        // Planted degeneracies: an antiparallel pair, a duplicate and a zero input, so the arrangement has coupled signs.
        var rng = new Random(seed);
        var x = new List<Rational[]>();
        for (int i = 0; i < n; i++) x.Add(Enumerable.Range(0, d).Select(_ => (Rational)rng.Next(-3, 4)).ToArray());
        x.Add(x[0].Select(v => -2 * v).ToArray());
        x.Add(x[1].ToArray());
        x.Add(new Rational[d]);
        var faces = RankOneCaseSplit.Faces(x, d).Select(f => string.Join(",", f)).ToHashSet();
        // Independent check: sign vectors of every integer direction in a box (every one is a face) ...
        var sampled = new HashSet<string>();
        int k = d == 2 ? 16 : 9;
        foreach (var b in Box(d, k))
        {
            if (b.All(v => v.IsZero)) continue;
            var s = string.Join(",", x.Select(xi => xi.Zip(b, (p, q) => p * q).Aggregate(Rational.Zero, (acc, v) => acc + v).Sign));
            sampled.Add(s);
            Assert.Contains(s, faces);
        }
        // ... and every open region (no zero on a non-zero input) is met by the samples.
        foreach (var f in faces.Where(f => f.Split(',').Select(int.Parse).Select((v, i) => v != 0 || x[i].All(c => c.IsZero)).All(ok => ok)))
            Assert.Contains(f, sampled);
        Assert.All(faces, f => Assert.Equal("0", f.Split(',')[^1]));
    }

    private static IEnumerable<Rational[]> Box(int d, int k)
    {
        if (d == 0) { yield return []; yield break; }
        foreach (var rest in Box(d - 1, k))
            for (int v = -k; v <= k; v++) yield return [.. rest, v];
    }

    [Fact]
    public void Rational_group_norms_are_found_on_the_conic_or_refused()
    {
        foreach (var (p, q, rho) in new[] { (2, 1, new Rational(2069, 98)), (3, 1, new Rational(3, 2)), (1, 2, new Rational(5, 4)), (1, 3, new Rational(17, 4)), (2, 2, new Rational(5, 2)) })
        {
            var r = RankOneRationaliser.Search(p, q, rho);
            Assert.NotNull(r);
            var (x, w) = r.Value;
            Assert.Equal(Rational.One, x[0]);
            Assert.All(x.Concat(w), v => Assert.True(v.Sign > 0));
            Assert.Equal(rho * x.Aggregate(Rational.Zero, (s, v) => s + v * v), w.Aggregate(Rational.Zero, (s, v) => s + v * v));
        }
        // One entry per group: ρ itself must be a rational square.
        Assert.Null(RankOneRationaliser.Search(1, 1, new Rational(3)));
        // No rational point exists at all: a sum of two rational squares has every prime ≡ 3 (mod 4) to an even power, so
        // 7/3 = w₀² + w₁² (p = 1) and 1/3·(x₀² + x₁²) = w₀² + w₁² (p = q = 2) have no rational solution; refused, not guessed.
        Assert.Null(RankOneRationaliser.Search(1, 2, new Rational(7, 3)));
        Assert.Null(RankOneRationaliser.Search(2, 2, new Rational(1, 3)));
        Assert.NotNull(RankOneRationaliser.Search(1, 1, new Rational(9, 4)));
    }

    [Fact]
    public void Quadratic_root_objects_give_their_square_and_sign()
    {
        var roots = Checker.Verification.Solvers.SmtModelParser.QuadraticRoots(
            "((a (root-obj (+ (* 98 (^ x 2)) (- 35173)) 1)) (b (root-obj (+ (^ x 2) (- 2)) 2)) (c (/ 1.0 8.0)) (d (root-obj (+ (^ x 3) (- 2)) 1)))");
        Assert.Equal((new Rational(35173, 98), -1), roots["a"]);
        Assert.Equal((new Rational(2), 1), roots["b"]);
        Assert.False(roots.ContainsKey("c"));
        Assert.False(roots.ContainsKey("d"));
    }
}
