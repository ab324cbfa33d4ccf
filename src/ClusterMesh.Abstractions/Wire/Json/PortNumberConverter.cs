using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>A port number (Go <c>uint16</c>): a JSON number from 0 to 65535, anything else an invalid field.</summary>
internal sealed class PortNumberConverter : JsonConverter<ushort>
{
    public override ushort Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"expected a port number, got {reader.TokenType}");
        }

        return reader.TryGetInt64(out var value) && value is >= 0 and <= ushort.MaxValue
            ? (ushort)value
            : throw new WireJsonException(RejectReason.InvalidField, $"port {System.Text.Encoding.UTF8.GetString(reader.ValueSpan)} is out of range 0..65535");
    }

    public override void Write(Utf8JsonWriter writer, ushort value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
