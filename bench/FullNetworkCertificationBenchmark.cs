namespace Checker.Bench;

/// <summary>Full-network certification, leaky:1/10 (p = 1: exact rational points); see <see cref="FullNetworkCertificationBenchBase"/>.</summary>
public sealed class FullNetworkCertificationBenchmark : FullNetworkCertificationBenchBase
{
    protected override string Activation => "leaky:1/10";
    public override string Name => "full-network/kkt-certification";
}
