using System.Globalization;
using System.Text;
using Checker.Numeric.Flows;

namespace Checker.Cli.Rendering;

/// <summary>The trajectory metrics as CSV: one row per recorded point, full double precision (round-trip "R").</summary>
public static class FlowCsv
{
    public static void Save(FlowResult result, string path)
    {
        var sb = new StringBuilder();
        int layers = result.Samples.Count == 0 ? 0 : result.Samples[0].LayerShares.Length;
        sb.Append(result.TimeName == "t" ? "t" : result.TimeName == "τ" ? "tau" : "sigma").Append(",norm,ncf,loss,cosine,conservation_drift");
        for (int l = 1; l <= layers; l++) sb.Append($",share_W{l}");
        for (int l = 1; l <= layers; l++) sb.Append($",sigma2_over_sigma1_W{l}");
        sb.Append('\n');
        foreach (var s in result.Samples)
        {
            sb.Append(F(s.Time)).Append(',').Append(F(s.Norm)).Append(',').Append(F(s.Ncf)).Append(',').Append(F(s.Loss))
              .Append(',').Append(F(s.Cosine)).Append(',').Append(F(s.ConservationDrift));
            foreach (var v in s.LayerShares) sb.Append(',').Append(F(v));
            foreach (var v in s.SingularRatios) sb.Append(',').Append(F(v));
            sb.Append('\n');
        }
        File.WriteAllText(path, sb.ToString());
    }

    private static string F(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
}
