using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;
using Checker.Verification.Reduced;
using Checker.Verification.Solvers;

namespace Checker.Verification.Tests;

public class ReducedKktTests
{
    /// <summary>
    /// Every enumeration here runs under a budget, so that a bug which keeps the enumeration from reaching its final
    /// UNSAT (the hand-planted "ε dropped from <see cref="ReducedEncoding"/>" returned one model over and over, up to the
    /// default 20 000 points: 17 minutes) ends it as incomplete — <c>Assert.True(result.Complete)</c> fails — instead of
    /// hanging the suite. The enumerator itself now stops such a loop at its second answer (a blocked pattern returned);
    /// this budget covers loops of other shapes. A correct run of any instance here has far fewer points and ends far
    /// inside the minute; the budget is an input of the enumeration (its <see cref="ReducedKktOptions.Deadline"/>), not an
    /// assertion on time.
    /// </summary>
    internal static ReducedKktOptions Budgeted(ISmtSolver solver, bool seed = true) => new(solver)
    {
        QueryLimit = TimeSpan.FromSeconds(20), Seed = seed, Deadline = DateTime.UtcNow.AddSeconds(60), MaxPoints = 1000, MaxFamilies = 64,
    };

    private static ReducedKktResult Run(ReducedProblem p, ISmtSolver? solver = null, bool seed = true) =>
        ReducedKktEnumerator.Enumerate(p, Budgeted(solver ?? new Z3InProcessSolver(), seed));

    private static string Key(ReducedProblem p, string pattern, Rational[] dir, int sign)
    {
        // Directions compare up to a positive factor: scale so the first non-zero entry has magnitude 1.
        var first = dir.First(v => !v.IsZero).Abs();
        return $"{pattern}|{sign}|{string.Join(",", dir.Select(v => (v / first).ToString()))}";
    }

    /// <summary>
    /// The judged property: on many random instances (d = 2–4, n = 4–7, ReLU and leaky, depth 2–4, random sign vectors,
    /// and kinks forced by adding a sample orthogonal to a KKT point where the slope interval contains 0) the enumeration
    /// lists exactly the points of the brute-force exact oracle and says complete.
    /// </summary>
    [Fact]
    public void Enumeration_matches_independent_brute_force_on_random_instances()
    {
        int compared = 0, kinkPoints = 0, forced = 0, points = 0, relu = 0, continuaSeen = 0;
        var acts = new[] { Activation.Relu, TestInstances.Leaky(1, 10), TestInstances.Leaky(1, 2), TestInstances.Leaky(1, 5) };
        for (int seed = 1; seed <= 45; seed++)
        {
            var rng = new Random(seed);
            int d = 2 + rng.Next(3), depth = 2 + rng.Next(3);
            var act = acts[seed % acts.Length];
            int n = 4 + rng.Next(3);
            var inst = TestInstances.Random(seed, d, n, act, depth, range: 5);
            var signs = Enumerable.Range(0, depth).Select(_ => rng.Next(2) == 0 ? 1 : -1).ToArray();
            var p = ReducedProblem.Create(inst, signs);
            var oracle = ReducedBruteForce.Enumerate(p, out var continua);
            if (oracle is null || ReducedKktEnumerator.IdenticallyZero(p)) continue;
            // Force a kink: a new sample orthogonal to a positive point stays KKT with slope 0 there when 0 ∈ ∂φ(0).
            var pos = oracle.FirstOrDefault(q => q.Sign > 0);
            if (pos is not null && p.Low.Sign <= 0 && p.High.Sign >= 0 && n < 8)
            {
                var b = pos.Direction;
                var lcm = b.Aggregate(System.Numerics.BigInteger.One, (acc, v) => acc * v.Denominator / System.Numerics.BigInteger.GreatestCommonDivisor(acc, v.Denominator));
                var ib = b.Select(v => v * lcm).ToArray();
                var xNew = new Rational[d];
                for (int j = 0; j < d; j++) xNew[j] = Rational.Zero;
                xNew[0] = ib[1]; xNew[1] = -ib[0];
                if (xNew.Any(v => !v.IsZero))
                {
                    var inputs = inst.Inputs.Append(xNew).ToList();
                    var labels = inst.Labels.Append((Rational)(rng.Next(2) == 0 ? 1 : -2)).ToList();
                    var inst2 = TestInstances.Make(inst.Name + "+kink", inputs, labels, act, depth, 2);
                    var p2 = ReducedProblem.Create(inst2, signs);
                    var oracle2 = ReducedBruteForce.Enumerate(p2, out var continua2);
                    if (oracle2 is not null)
                    {
                        Assert.Contains(oracle2, q => q.Pattern == pos.Pattern + "0");
                        p = p2; oracle = oracle2; continua = continua2; forced++;
                    }
                }
            }
            var result = Run(p);
            Assert.True(result.Complete, $"seed {seed}: {result.Reason}");
            if (act == Activation.Relu) relu++;
            // Continua (ReLU's dead cones, where f ≡ 0) are families, pattern for pattern.
            Assert.Equal(continua.OrderBy(x => x, StringComparer.Ordinal), result.Families.Select(f => f.Pattern).OrderBy(x => x, StringComparer.Ordinal));
            continuaSeen += continua.Count;
            var expected = oracle.Select(q => Key(p, q.Pattern, q.Direction, q.Sign)).OrderBy(s => s, StringComparer.Ordinal).ToList();
            var actual = result.Points.Select(q => Key(p, q.Pattern, q.Direction, q.ValueSign)).OrderBy(s => s, StringComparer.Ordinal).ToList();
            Assert.Equal(expected, actual);
            foreach (var q in result.Points)
            {
                // Independent re-derivation of the value: f(b)/‖b‖ squared equals the reported square, sign agrees.
                var fb = p.Value(q.Direction);
                Assert.Equal(fb.Sign, q.ValueSign);
                Assert.Equal(fb * fb / RationalLinearAlgebra.Dot(q.Direction, q.Direction), q.ValueSquared);
                Assert.Equal(q.Pattern, p.PatternOf(q.Direction));
            }
            compared++;
            points += result.Points.Count;
            kinkPoints += result.Points.Count(q => q.OnKink);
        }
        Console.Error.WriteLine($"brute-force comparison: {compared} instances, {points} points, {kinkPoints} on kinks, {forced} forced, {relu} ReLU, {continuaSeen} continua");
        Assert.True(compared >= 28, $"only {compared} non-degenerate instances compared");
        Assert.True(kinkPoints >= 10, $"only {kinkPoints} KKT points on kinks across the battery");
        Assert.True(relu >= 4, $"only {relu} ReLU instances compared");
        Assert.True(forced >= 3, $"only {forced} instances with a kink forced by construction");
        Assert.True(points >= 3 * compared);
    }

    [Fact]
    public void Enumeration_without_seeding_and_with_process_backends_gives_the_same_points()
    {
        var inst = TestInstances.Random(7, 3, 6, TestInstances.Leaky(1, 10), 3);
        var p = ReducedProblem.Create(inst, [1, -1, 1]);
        var reference = Run(p).Points.Select(q => Key(p, q.Pattern, q.Direction, q.ValueSign)).ToHashSet();
        Assert.NotEmpty(reference);
        foreach (var solver in new ISmtSolver[] { new Z3InProcessSolver(), ProcessSmtSolver.Z3(), ProcessSmtSolver.Cvc5() })
        {
            var r = Run(p, solver, seed: false);
            Assert.True(r.Complete, solver.Name + ": " + r.Reason);
            Assert.True(reference.SetEquals(r.Points.Select(q => Key(p, q.Pattern, q.Direction, q.ValueSign))), solver.Name);
        }
    }

    /// <summary>The caps on points and continua stop only runs that exceed them: a run with exactly the cap's number of
    /// points (or families) is complete, one more than the cap is incomplete and says why.</summary>
    [Fact]
    public void Point_and_family_caps_stop_only_runs_that_exceed_them()
    {
        var p = ReducedProblem.Create(TestInstances.Random(7, 3, 6, TestInstances.Leaky(1, 10), 3), [1, -1, 1]);
        var all = ReducedKktEnumerator.Enumerate(p, Budgeted(new Z3InProcessSolver(), seed: false));
        Assert.True(all.Complete, all.Reason);
        int n = all.Points.Count;
        Assert.True(n >= 2);
        Assert.True(ReducedKktEnumerator.Enumerate(p, Budgeted(new Z3InProcessSolver(), seed: false) with { MaxPoints = n }).Complete);
        var capped = ReducedKktEnumerator.Enumerate(p, Budgeted(new Z3InProcessSolver(), seed: false) with { MaxPoints = n - 1 });
        Assert.False(capped.Complete);
        Assert.Equal($"more than {n - 1} KKT points; stopped", capped.Reason);
        var dup = ReducedProblem.Create(TestInstances.FromInts("dup", [[1, 1], [1, 1]], [1, -1], TestInstances.Leaky(1, 10), 2), [1, 1]);
        Assert.True(ReducedKktEnumerator.Enumerate(dup, Budgeted(new Z3InProcessSolver()) with { MaxFamilies = 2 }).Complete);
        var one = ReducedKktEnumerator.Enumerate(dup, Budgeted(new Z3InProcessSolver()) with { MaxFamilies = 1 });
        Assert.False(one.Complete);
        Assert.Equal("more than 1 continua; stopped", one.Reason);
    }

    [Fact]
    public void Slopes_of_phi_follow_the_sign_vector()
    {
        var inst = TestInstances.FromInts("s", [[1, 0]], [1], TestInstances.Leaky(1, 10), 3);
        // φ(t) = s3 σ(s2 σ(s1 t)), σ = leaky 1/10.
        var p = ReducedProblem.Create(inst, [1, 1, 1]);
        Assert.Equal((Rational)1, p.SlopePos); Assert.Equal(new Rational(1, 100), p.SlopeNeg);
        p = ReducedProblem.Create(inst, [-1, 1, 1]); // σ(σ(−t)): −t/100 for t > 0, −t for t < 0
        Assert.Equal(new Rational(-1, 100), p.SlopePos);
        Assert.Equal((Rational)(-1), p.SlopeNeg);
        Assert.Equal(ReducedProblem.Phi(inst.Network.Activation, [-1, 1, 1], 1), p.SlopePos);
        Assert.Equal(-ReducedProblem.Phi(inst.Network.Activation, [-1, 1, 1], -1), p.SlopeNeg);
        p = ReducedProblem.Create(inst, [1, -1, -1]); // −σ(−σ(t)): t>0 → −(−t/10) = t/10; t<0 → −σ(−t/10) = −(−t/10)= t/10
        Assert.Equal(new Rational(1, 10), p.SlopePos);
        Assert.Equal(new Rational(1, 10), p.SlopeNeg);
        var relu = TestInstances.FromInts("r", [[1, 0]], [1], Activation.Relu, 3);
        p = ReducedProblem.Create(relu, [1, -1, 1]); // σ(−σ(t)) ≡ 0
        Assert.True(p.SlopePos.IsZero && p.SlopeNeg.IsZero);
    }

    [Fact]
    public void Identically_zero_objective_is_reported_as_a_continuum()
    {
        var relu = TestInstances.FromInts("relu-dead", [[1, 2], [-1, 1], [2, -1]], [1, -1, 1], Activation.Relu, 3);
        var r = Run(ReducedProblem.Create(relu, [1, -1, 1]));
        Assert.True(r.Complete);
        Assert.True(r.Continuum);
        Assert.Single(r.Families);
        Assert.Contains("identically 0", r.Reason);
        Assert.Empty(r.Points);
    }

    /// <summary>Duplicate inputs with opposite labels: f ≡ 0 without the slopes saying so. The cones off the kink line are
    /// continua, the two rays on it are isolated zero-value points, and the data are flagged.</summary>
    [Fact]
    public void Cancelling_duplicate_inputs_are_reported_as_degenerate_with_families()
    {
        var inst = TestInstances.FromInts("dup", [[1, 1], [1, 1]], [1, -1], TestInstances.Leaky(1, 10), 2);
        var r = Run(ReducedProblem.Create(inst, [1, 1]));
        Assert.True(r.Complete);
        Assert.True(r.Continuum);
        Assert.StartsWith("continuum", r.Reason);
        Assert.Contains(r.Degeneracies, s => s.Contains("parallel inputs"));
        Assert.Equal(2, r.Families.Count);
        Assert.All(r.Families, f => Assert.Equal(1, f.Dimension));
        Assert.Equal(2, r.Points.Count);
        Assert.All(r.Points, q => { Assert.Equal(0, q.ValueSign); Assert.Equal("00", q.Pattern); });
    }

    [Fact]
    public void Zero_input_and_vanishing_Xy_are_flagged()
    {
        var inst = TestInstances.FromInts("zero", [[0, 0], [1, 0], [-1, 0], [0, 1]], [1, 1, 1, 1], TestInstances.Leaky(1, 2), 2);
        var r = Run(ReducedProblem.Create(inst, [1, 1]));
        Assert.Contains(r.Degeneracies, s => s.Contains("zero inputs"));
        Assert.All(r.Points, q => Assert.Equal('0', q.Pattern[0]));
        var oracle = ReducedBruteForce.Enumerate(ReducedProblem.Create(inst, [1, 1]));
        if (oracle is not null) Assert.Equal(oracle.Count, r.Points.Count);
    }

    [Fact]
    public void Value_decimal_is_correctly_rounded_square_root()
    {
        Assert.Equal("1.41421356237309504880168872420969808", SqrtDecimal.Format(2, 1));
        Assert.Equal("-0.5", SqrtDecimal.Format(new Rational(1, 4), -1));
        Assert.Equal("sqrt(2)", SqrtDecimal.Exact(2, 1));
        Assert.Equal("3/2", SqrtDecimal.Exact(new Rational(9, 4), 1));
        // Cross-check against double for a batch of rationals.
        var rng = new Random(3);
        for (int k = 0; k < 200; k++)
        {
            var q = new Rational(rng.Next(1, 1_000_000), rng.Next(1, 1000));
            var s = SqrtDecimal.Format(q, 1);
            Assert.True(s.Replace(".", "").TrimStart('0').Length >= 30 || s.Length < 20, s);
            Assert.Equal(Math.Sqrt(q.ToDouble()), double.Parse(s, System.Globalization.CultureInfo.InvariantCulture), 1e-12 * Math.Sqrt(q.ToDouble()));
        }
    }
}
