using Checker.Symbolic.Numbers;
using Checker.Verification.Clarke;

namespace Checker.Verification.Tests;

public class ClarkeEngineTests
{
    public static TheoryData<string> Cases() => new(ClarkeCases.Names);

    [Theory]
    [MemberData(nameof(Cases))]
    public void KinkCasesGetTheExpectedClarkeAndAdAnswers(string name)
    {
        var (instance, point, clarke, ad) = ClarkeCases.Get(name);
        var r = ClarkeKkt.Decide(instance, point);
        Assert.Equal(clarke, r.ClarkeStationary);
        Assert.Equal(ad, r.AdStationary);
        Assert.NotEmpty(r.Subdifferential.Essential);
        if (clarke)
        {
            // The certificate: convex weights on adjacent patterns whose combination is the target exactly.
            Assert.NotEmpty(r.ConvexWeights);
            Assert.Equal(Rational.One, r.ConvexWeights.Aggregate(Rational.Zero, (s, w) => s + w.Weight));
            var sum = new Rational[point.Flat.Length];
            for (int j = 0; j < sum.Length; j++) sum[j] = Rational.Zero;
            foreach (var (pattern, w) in r.ConvexWeights)
            {
                var p = r.Subdifferential.Patterns.Single(q => q.Signs == pattern);
                Assert.Equal(Adjacency.Adjacent, p.Status);
                Assert.NotNull(p.Arc);
                for (int j = 0; j < sum.Length; j++) sum[j] += w * p.Gradient[j];
            }
            Assert.Equal(r.Target, sum);
        }
    }
}
