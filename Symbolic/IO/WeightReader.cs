using System.Text.Json;
using Checker.Symbolic.Model;
using Checker.Symbolic.Numbers;

namespace Checker.Symbolic.IO;

/// <summary>Weight files (docs/cli.md#weight-files): <c>{"layers": [W_1, …, W_L]}</c>, each a list of k_l rows of k_{l−1} exact numbers.</summary>
public static class WeightReader
{
    public static WeightPoint Read(string path, Network network) =>
        Parse(InstanceReader.ReadText(path, "weight"), path, network);

    public static WeightPoint Parse(string text, string file, Network network)
    {
        var root = InstanceReader.ParseRoot(text, file);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("layers", out var layersEl))
            throw new InputException(file, "layers", $"a list of {network.Depth} weight matrices (field is missing)");
        InstanceReader.RejectUnknownFields(root, file, "", ["layers", "name"]);
        if (layersEl.ValueKind != JsonValueKind.Array) throw new InputException(file, "layers", $"a list of {network.Depth} weight matrices");
        if (layersEl.GetArrayLength() != network.Depth)
            throw new InputException(file, "layers", $"{network.Depth} matrices (one per layer of widths [{string.Join(", ", network.Widths)}]), got {layersEl.GetArrayLength()}");
        var flat = new Rational[network.WeightCount];
        int l = 1;
        foreach (var layer in layersEl.EnumerateArray())
        {
            var (rows, cols) = network.Shape(l);
            string field = $"layers[{l - 1}]";
            if (layer.ValueKind != JsonValueKind.Array || layer.GetArrayLength() != rows)
                throw new InputException(file, field, $"{rows} row{(rows == 1 ? "" : "s")} of {cols} number{(cols == 1 ? "" : "s")} (W_{l} is {rows}×{cols})");
            var m = InstanceReader.ParseMatrix(layer, file, field, cols, rows);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++) flat[network.Index(l, i, j)] = m[i][j];
            l++;
        }
        return new WeightPoint(network, flat);
    }
}
