namespace Checker.Bench;

/// <summary>Full-network certification, polyrelu:2 (p = 2: algebraic points, Krawczyk boxes in 256-bit dyadic interval
/// arithmetic); see <see cref="FullNetworkCertificationBenchBase"/>.</summary>
public sealed class FullNetworkPolynomialCertificationBenchmark : FullNetworkCertificationBenchBase
{
    protected override string Activation => "polyrelu:2";
    public override string Name => "full-network/kkt-certification-p2";
}
