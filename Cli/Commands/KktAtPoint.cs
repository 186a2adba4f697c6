using Checker.Cli.Rendering;
using Checker.Symbolic.IO;
using Checker.Symbolic.Model;
using Checker.Verification.Clarke;
using Checker.Verification.Solvers;

namespace Checker.Cli.Commands;

/// <summary>
/// `checker kkt INSTANCE --at WEIGHTS [--subdifferential clarke|ad]`: is the given rational point a KKT point up to a
/// positive rescaling of each layer, decided exactly (<see cref="ClarkeKkt"/>). Exit 0 when it is, 1 when it is not, 3 when
/// undecided (essential kinks past the cap, or adjacency undecided where it matters).
/// </summary>
public static class KktAtPoint
{
    public static int Run(Instance instance, KktSettings settings, ISmtSolver solver)
    {
        var mode = settings.Subdifferential == "ad" ? SubdifferentialMode.Ad : SubdifferentialMode.Clarke;
        var w = WeightReader.Read(settings.At!, instance.Network);
        if (w.Flat.All(x => x.IsZero)) throw new InputException(settings.At!, "layers", "a non-zero point (0 has no direction on the sphere)");
        var limit = settings.TimeLimit < TimeSpan.FromSeconds(10) ? settings.TimeLimit : TimeSpan.FromSeconds(10);
        var options = new ClarkeOptions { Solver = solver, SolverLimit = limit };
        var outcome = ProgressDisplay.Run("kkt --at", settings.TimeLimit, (progress, token) => ClarkeKkt.Decide(instance, w, mode, options, token));
        if (outcome.TimedOut || outcome.Result is null)
        {
            Console.Error.WriteLine($"checker: time limit of {settings.Timeout} s reached; undecided (use --timeout to allow more)");
            if (settings.Json) JsonOutput.Write(new { instance = instance.Name, kkt = (bool?)null, subdifferential = settings.Subdifferential, reason = "time limit reached" });
            return CheckerApp.ExitInconclusive;
        }
        var r = outcome.Result;
        if (settings.Json) JsonOutput.Write(ClarkeRendering.Json(instance, r));
        else ClarkeRendering.Write(Consoles.Stdout(), instance, r);
        return r.Kkt switch { true => CheckerApp.ExitHolds, false => CheckerApp.ExitCounterexample, null => CheckerApp.ExitInconclusive };
    }
}
