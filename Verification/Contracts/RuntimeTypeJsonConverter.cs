using System.Text.Json;
using System.Text.Json.Serialization;

namespace Checker.Verification.Contracts;

/// <summary>
/// Writes a value declared as the abstract <typeparamref name="TBase"/> as its concrete type, so a <see cref="ClaimWitness"/>
/// or <see cref="ClaimEvidence"/> property writes all the fields of the claim's record, whatever the declared type of
/// the property or variable holding it. Write-only: reports that are read back (`checker merge`) keep these objects as
/// JSON and never rebuild the records.
/// </summary>
public sealed class RuntimeTypeJsonConverter<TBase> : JsonConverter<TBase> where TBase : class
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(TBase);

    public override TBase Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException($"{typeof(TBase).Name} is written, not read: read it as JSON");

    public override void Write(Utf8JsonWriter writer, TBase value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, value.GetType(), options);
}
