namespace Checker.Bench;

/// <summary>Reduced KKT enumeration, d = 8, n = 60, on the planted-teacher family of
/// <see cref="KktReducedPlantedD5N30Bench"/> (the third size on the second family).</summary>
public sealed class KktReducedPlantedD8N60Bench : KktReducedBenchBase
{
    protected override int D => 8;
    protected override int N => 60;
    protected override double GoalSeconds => 60;
    protected override double SmtCapSeconds => 120;
    protected override string Family => "planted-";

    protected override Symbolic.Model.Instance MakeInstance(int seed) => KktReducedPlantedD5N30Bench.PlantedInstance(D, N, seed);
}
