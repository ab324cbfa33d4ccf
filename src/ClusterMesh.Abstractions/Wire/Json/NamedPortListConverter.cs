using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// The named ports of an ipcache entry, read by hand: ipcache entries are the bulk of replication traffic, and
/// the generic collection path costs a nested serializer frame per entry (about three times the allocations).
/// Same rules as the generated code: unknown fields are an error, the name is required, ports are 0..65535.
/// </summary>
internal sealed class NamedPortListConverter : JsonConverter<IReadOnlyList<NamedPort>?>
{
    public override IReadOnlyList<NamedPort>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadList(ref reader, names: null);

    /// <summary>Reads the list at the current token (<c>null</c> or an array); port names come from
    /// <paramref name="names"/> when given (they repeat across pods: "http", "dns", "metrics").</summary>
    public static IReadOnlyList<NamedPort>? ReadList(ref Utf8JsonReader reader, Utf8StringPool? names)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(reader, JsonTokenType.StartArray);
        var ports = new List<NamedPort>(capacity: 2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            ports.Add(reader.TokenType == JsonTokenType.Null ? null! : ReadPort(ref reader, names));
        }

        return ports;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<NamedPort>? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartArray();
        foreach (var port in value)
        {
            if (port is null)
            {
                writer.WriteNullValue();
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("Name"u8, port.Name);
            writer.WriteNumber("Port"u8, port.Port);
            writer.WriteString("Protocol"u8, port.Protocol);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static NamedPort ReadPort(ref Utf8JsonReader reader, Utf8StringPool? names)
    {
        Expect(reader, JsonTokenType.StartObject);
        string? name = null;
        ushort port = 0;
        var protocol = "TCP";
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("Name"u8))
            {
                name = names is null ? ReadString(ref reader) : WireJsonReading.ReadString(ref reader, names);
            }
            else if (reader.ValueTextEquals("Port"u8))
            {
                reader.Read();
                Expect(reader, JsonTokenType.Number);
                port = reader.TryGetInt64(out var number) && number is >= 0 and <= ushort.MaxValue
                    ? (ushort)number
                    : throw new WireJsonException(RejectReason.InvalidField, "named port is out of range 0..65535");
            }
            else if (reader.ValueTextEquals("Protocol"u8))
            {
                protocol = ReadString(ref reader) ?? "TCP";
            }
            else
            {
                throw new WireJsonException(RejectReason.UnknownField, $"unknown named port field '{WireJsonText.Describe(reader)}'");
            }
        }

        Expect(reader, JsonTokenType.EndObject);
        return new NamedPort
        {
            Name = name ?? throw new WireJsonException(RejectReason.InvalidField, "named port without a name"),
            Port = port,
            Protocol = protocol,
        };
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(reader, JsonTokenType.String);

        // The common protocols are shared strings rather than one copy per entry.
        return reader.ValueTextEquals("TCP"u8) ? "TCP"
            : reader.ValueTextEquals("UDP"u8) ? "UDP"
            : reader.ValueTextEquals("SCTP"u8) ? "SCTP"
            : reader.GetString();
    }

    private static void Expect(in Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"expected {type}, got {reader.TokenType}");
        }
    }
}
