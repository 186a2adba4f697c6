namespace Checker.Bench;

/// <summary>Reduced KKT enumeration, d = 8, n = 60 (issue 4 bench sizes); see <see cref="KktReducedBenchBase"/>.</summary>
public sealed class KktReducedD8N60Bench : KktReducedBenchBase
{
    protected override int D => 8;
    protected override int N => 60;
    protected override double GoalSeconds => 60;
    protected override double SmtCapSeconds => 120;
}
