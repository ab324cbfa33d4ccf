using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>A <see cref="NumericIdentity"/> is a plain JSON number (Go <c>uint32</c>).</summary>
internal sealed class NumericIdentityConverter : JsonConverter<NumericIdentity>
{
    public override NumericIdentity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out var value)
            ? new NumericIdentity(value)
            : throw new JsonException("an identity must be an unsigned 32-bit number");

    public override void Write(Utf8JsonWriter writer, NumericIdentity value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.Value);
}
