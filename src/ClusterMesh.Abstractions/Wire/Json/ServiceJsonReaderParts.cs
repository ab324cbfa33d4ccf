using System.Text.Json;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using static ClusterMesh.Abstractions.Wire.Json.WireJsonReading;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// The token-level steps of <see cref="ClusterServiceJsonReader"/> and the parts of a service off its hot path
/// (string maps, zones), each doing what the generated metadata's converter for that type does: the same tokens accepted, the same failures (a <see cref="JsonException"/>, or a
/// <see cref="WireJsonException"/> where the generated path reports a reason of its own).
/// </summary>
internal static class ServiceJsonReaderParts
{
    /// <summary>The attribute converter of <see cref="PortConfiguration.Port"/>, called as the generated code calls it.</summary>
    private static readonly PortNumberConverter PortNumber = new();

    /// <summary>Reads the next token: <c>true</c> at the start of an object, <c>false</c> for JSON <c>null</c>.</summary>
    public static bool StartObjectOrNull(ref Utf8JsonReader reader, string what)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.StartObject => true,
            JsonTokenType.Null => false,
            _ => throw new JsonException($"expected {what} object, got {reader.TokenType}"),
        };
    }

    /// <summary>Reads the next token: <c>true</c> at the start of an array, <c>false</c> for JSON <c>null</c>.</summary>
    public static bool StartArrayOrNull(ref Utf8JsonReader reader, string what)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.StartArray => true,
            JsonTokenType.Null => false,
            _ => throw new JsonException($"expected {what} array, got {reader.TokenType}"),
        };
    }

    /// <summary>Moves to the next member of the current object: <c>true</c> on its name, <c>false</c> at the object's end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader)
    {
        if (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            return true;
        }

        Expect(reader, JsonTokenType.EndObject);
        return false;
    }

    /// <summary>The current property name as a dictionary key (unescaped), shared through <paramref name="pool"/> when given.</summary>
    public static string Key(ref Utf8JsonReader reader, Utf8StringPool? pool) =>
        pool is null ? reader.GetString()! : pool.Get(ref reader);

    /// <summary>A <c>bool</c> member: <c>true</c> or <c>false</c> only (not <c>null</c>, not a string).</summary>
    public static bool ReadBoolean(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw new JsonException($"expected true or false, got {reader.TokenType}"),
        };
    }

    /// <summary>A port number through <see cref="PortNumberConverter"/> itself, so its range rule and reasons stay the one definition.</summary>
    public static ushort ReadPortNumber(ref Utf8JsonReader reader)
    {
        reader.Read();
        return PortNumber.Read(ref reader, typeof(ushort), JsonSerializerOptions.Default);
    }

    /// <summary>A member name the type does not have: <see cref="RejectReason.UnknownField"/>, as
    /// <c>JsonUnmappedMemberHandling.Disallow</c> reports it, even for a name that is not valid UTF-8.</summary>
    public static WireJsonException UnknownField(in Utf8JsonReader reader, string type) =>
        new(RejectReason.UnknownField, $"unknown {type} field '{WireJsonText.Describe(reader)}'");

    /// <summary>A <c>required</c> member was absent from its object.</summary>
    public static JsonException Missing(string type, string field) => new($"the {type} has no '{field}' field");

    /// <summary>Address → zone; zone names shared.</summary>
    public static Dictionary<string, BackendZone>? ReadZones(ref Utf8JsonReader reader, Utf8StringPool pool)
    {
        if (!StartObjectOrNull(ref reader, "an address → zone"))
        {
            return null;
        }

        var zones = new Dictionary<string, BackendZone>();
        while (NextProperty(ref reader))
        {
            var address = Key(ref reader, pool: null);
            zones[address] = ReadZone(ref reader, pool)!;
        }

        return zones;
    }

    private static BackendZone? ReadZone(ref Utf8JsonReader reader, Utf8StringPool pool)
    {
        if (!StartObjectOrNull(ref reader, "a zone"))
        {
            return null;
        }

        // The initializer's value when absent or null; the generated code leaves it null (see the reader's remarks).
        string zone = string.Empty;
        List<ZoneHint>? hints = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("zone"u8))
            {
                zone = ReadString(ref reader, pool) ?? string.Empty;
            }
            else if (reader.ValueTextEquals("forZones"u8))
            {
                hints = ReadHints(ref reader, pool);
            }
            else
            {
                throw UnknownField(reader, "zone");
            }
        }

        return new BackendZone { Zone = zone, ForZones = hints };
    }

    private static List<ZoneHint>? ReadHints(ref Utf8JsonReader reader, Utf8StringPool pool)
    {
        if (!StartArrayOrNull(ref reader, "a zone hint"))
        {
            return null;
        }

        var hints = new List<ZoneHint>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            hints.Add(ReadHint(ref reader, pool)!);
        }

        Expect(reader, JsonTokenType.EndArray);
        return hints;
    }

    /// <summary>One hint, the reader on its first token.</summary>
    private static ZoneHint? ReadHint(ref Utf8JsonReader reader, Utf8StringPool pool)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(reader, JsonTokenType.StartObject);
        string? name = null;
        bool hasName = false;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
            {
                name = ReadString(ref reader, pool);
                hasName = true;
            }
            else
            {
                throw UnknownField(reader, "zone hint");
            }
        }

        return hasName ? new ZoneHint { Name = name! } : throw Missing("zone hint", "name");
    }
}
