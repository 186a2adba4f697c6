namespace Checker.Bench;

/// <summary>Reduced KKT enumeration, d = 5, n = 30 (issue 4 bench sizes); see <see cref="KktReducedBenchBase"/>.</summary>
public sealed class KktReducedD5N30Bench : KktReducedBenchBase
{
    protected override int D => 5;
    protected override int N => 30;
    protected override double GoalSeconds => 2;
}
