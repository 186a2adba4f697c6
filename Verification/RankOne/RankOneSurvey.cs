using Checker.Verification.Contracts;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;
using Checker.Verification.Exact;
using Checker.Verification.Reduced;
using Checker.Verification.Solvers;

namespace Checker.Verification.RankOne;

/// <summary>
/// Every reduced KKT point of every sign vector (complete enumerations), lifted to rank-one full-network points for several
/// rational unit factors a_l, each decided exactly by <see cref="RankOneLift.Decide"/>; plus seeded random directions b
/// that are not reduced KKT points, as probes of the converse. Shared by the C2 and C4 checks.
/// </summary>
public static class RankOneSurvey
{
    public sealed record Entry(int[] Signs, string Source, ReducedKktPoint? Point, Rational[] B, string Factors, RankOneLift.Decision Decision);

    public sealed record Result(IReadOnlyList<Entry> Entries, IReadOnlyList<ReducedKktResult> Enumerations, bool Complete, string Reason, IReadOnlyList<string> Certificates);

    public static Result Run(Instance instance, CheckOptions options, IProgress<CheckProgress>? progress, CancellationToken ct, int randomProbes = 8)
    {
        var solver = options.CreateSolver(out var cert);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(options.TimeoutSeconds);
        var entries = new List<Entry>();
        var enums = new List<ReducedKktResult>();
        var rng = new Random(options.Seed);
        foreach (var s in ReducedProblem.AllSignVectors(instance.Network.Depth))
        {
            var problem = ReducedProblem.Create(instance, s);
            var r = ReducedClarke.Filter(ReducedKktEnumerator.Enumerate(problem, new ReducedKktOptions(solver) { Deadline = deadline, QueryLimit = TimeSpan.FromSeconds(options.TimeoutSeconds), RandomSeed = options.Seed }, progress, ct));
            enums.Add(r);
            if (!r.Complete) return new Result(entries, enums, false, $"reduced enumeration for s = ({problem.SignsText}) incomplete: {r.Reason}", cert?.Written ?? []);
            foreach (var pt in r.Points)
                foreach (var (name, make) in RankOneLift.FactorChoices())
                {
                    var lift = RankOneLift.Build(instance, s, pt.Direction, name, make);
                    if (lift is null) continue;
                    entries.Add(new Entry(s, "reduced KKT point", pt, pt.Direction, name, RankOneLift.Decide(instance, s, lift, pt.Pattern, pt.Slopes)));
                }
            for (int k = 0; k < randomProbes; k++)
            {
                var b = Enumerable.Range(0, instance.Dimension).Select(_ => (Rational)rng.Next(-9, 10)).ToArray();
                if (b.All(v => v.IsZero) || r.Points.Any(p => RationalLinearAlgebra.SameRay(p.Direction, b))) continue;
                var pattern = problem.PatternOf(b);
                var slopes = pattern.Select(c => c == '+' ? problem.SlopePos : c == '-' ? problem.SlopeNeg : problem.Low).ToArray();
                var lift = RankOneLift.Build(instance, s, b, "e1", RankOneLift.FactorChoices().First().Make)!;
                entries.Add(new Entry(s, "random direction (not a reduced KKT point)", null, b, "e1", RankOneLift.Decide(instance, s, lift, pattern, slopes)));
            }
        }
        return new Result(entries, enums, true, "", cert?.Written ?? []);
    }

    public static string Vec(IEnumerable<Rational> v) => "(" + string.Join(", ", v) + ")";
}
