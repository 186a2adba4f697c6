using Checker.Symbolic.Model;

namespace Checker.Verification.Claims;

/// <summary>Options shared by every claim check (docs/cli.md#common-options: --seed, --timeout, --solver, --certificates).</summary>
public sealed record CheckOptions
{
    public int Seed { get; init; } = 1;
    /// <summary>Wall-clock budget for the whole check, in seconds.</summary>
    public double TimeoutSeconds { get; init; } = 60;
    /// <summary>Solver backend name ("z3-inprocess", "z3", "cvc5", "portfolio").</summary>
    public string Solver { get; init; } = "z3-inprocess";
    /// <summary>Directory where every SMT query behind an exact verdict is written as .smt2, or null.</summary>
    public string? CertificateDirectory { get; init; }
    /// <summary>A unit start direction for flow-based checks (`--at WEIGHTS`, point-wise claims): the flows start there
    /// instead of at seeded random directions. Null: seeded starts.</summary>
    public double[]? Start { get; init; }
}

/// <summary>Progress of a long check: a phase name, work done and total (total ≤ 0 when unknown).</summary>
public sealed record CheckProgress(string Phase, long Done, long Total);

/// <summary>
/// One claim of docs/theory.md#claims as a checker. Implementations are discovered by reflection (every non-abstract class in
/// this assembly implementing the interface with a public parameterless constructor), so adding a claim touches
/// no registry file.
/// </summary>
public interface IClaimCheck
{
    string Id { get; }

    /// <summary>Whether the claim's hypotheses hold on the instance; when not, <paramref name="reason"/> says why.</summary>
    bool Applies(Instance instance, out string reason);

    ClaimResult Check(Instance instance, CheckOptions options, IProgress<CheckProgress>? progress, CancellationToken cancellationToken);
}

public static class ClaimChecks
{
    private static readonly Lazy<IReadOnlyDictionary<string, IClaimCheck>> All = new(() =>
        typeof(IClaimCheck).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IClaimCheck).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IClaimCheck)Activator.CreateInstance(t)!)
            .ToDictionary(c => c.Id, StringComparer.OrdinalIgnoreCase));

    public static IReadOnlyDictionary<string, IClaimCheck> Registered => All.Value;

    public static IClaimCheck? Find(string id) => All.Value.TryGetValue(id, out var c) ? c : null;
}
