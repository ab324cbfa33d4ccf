using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire.Text;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// Kubernetes <c>metav1.Time</c> in JSON: RFC 3339 in UTC with whole seconds, and <c>null</c> for the zero time
/// (<see cref="DateTimeOffset"/>'s default).
/// </summary>
internal sealed class MetaV1TimeConverter : JsonConverter<DateTimeOffset>
{
    public override bool HandleNull => true;

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return default;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected an RFC 3339 time, got {reader.TokenType}");
        }

        Span<byte> scratch = stackalloc byte[64];
        return Rfc3339.TryParse(WireJsonText.Utf8Of(in reader, scratch), out var time)
            ? time
            : throw new WireJsonException(RejectReason.InvalidField, $"'{reader.GetString()}' is not an RFC 3339 time");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        if (value == default)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStringValue(Rfc3339.Format(value.ToUniversalTime()));
    }
}
