using System.Text;

namespace Checker.Symbolic.Model;

/// <summary>
/// The sign (+1, −1, 0) of every hidden pre-activation z_{l,j}(x_i), l = 1..L−1 (docs/theory.md#activation-patterns). Inside one pattern the
/// network, the NCF and its gradient are polynomials in w. Stored flat: layer-major, then neuron, then sample.
/// Plain immutable data with value equality, so patterns can key dictionaries and be blocked in searches.
/// </summary>
public sealed class ActivationPattern : IEquatable<ActivationPattern>
{
    private readonly sbyte[] _signs;
    private readonly int[] _layerOffsets; // index of (layer l, neuron 0, sample 0), l = 1..L−1
    public Network Network { get; }
    public int SampleCount { get; }

    public ActivationPattern(Network network, int sampleCount, sbyte[] signs)
    {
        Network = network;
        SampleCount = sampleCount;
        _layerOffsets = new int[Math.Max(network.Depth, 1)];
        int off = 0;
        for (int l = 1; l < network.Depth; l++) { _layerOffsets[l] = off; off += network.Widths[l] * sampleCount; }
        if (signs.Length != off) throw new ArgumentException($"expected {off} signs, got {signs.Length}");
        _signs = signs;
    }

    public int Count => _signs.Length;
    public int this[int layer, int neuron, int sample] => _signs[_layerOffsets[layer] + neuron * SampleCount + sample];
    public ReadOnlySpan<sbyte> Signs => _signs;

    /// <summary>Number of pre-activations exactly at 0 (kinks when p = 1).</summary>
    public int ZeroCount
    {
        get
        {
            int c = 0;
            foreach (var s in _signs) if (s == 0) c++;
            return c;
        }
    }

    /// <summary>"+-0…" per neuron (one character per sample), neurons separated by ' ', layers by " | ".</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (int l = 1; l < Network.Depth; l++)
        {
            if (l > 1) sb.Append(" | ");
            for (int j = 0; j < Network.Widths[l]; j++)
            {
                if (j > 0) sb.Append(' ');
                for (int i = 0; i < SampleCount; i++)
                    sb.Append(this[l, j, i] switch { > 0 => '+', < 0 => '-', _ => '0' });
            }
        }
        return sb.ToString();
    }

    public bool Equals(ActivationPattern? other) => other is not null && SampleCount == other.SampleCount && _signs.AsSpan().SequenceEqual(other._signs);
    public override bool Equals(object? obj) => Equals(obj as ActivationPattern);
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var s in _signs) h.Add(s);
        return h.ToHashCode();
    }
}
