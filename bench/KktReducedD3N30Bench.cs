namespace Checker.Bench;

/// <summary>Reduced KKT enumeration, d = 3, n = 30 (issue 4 bench sizes); see <see cref="KktReducedBenchBase"/>.</summary>
public sealed class KktReducedD3N30Bench : KktReducedBenchBase
{
    protected override int D => 3;
    protected override int N => 30;
    protected override double GoalSeconds => 2;
}
