using System.Net;
using System.Text.Json;
using ClusterMesh.Abstractions.Model;
using static ClusterMesh.Abstractions.Wire.Json.WireJsonReading;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// The value readers <see cref="NodeJsonReader"/> is built from, each with the rules of the converter the generated
/// metadata uses for that member type. Each starts on the member's name token and ends on the value's last token.
/// </summary>
internal static class NodeJsonReaderParts
{
    private static readonly GoIpNetConverter Networks = new();

    /// <summary>A number 0..255, as the built-in converter reads it.</summary>
    public static byte ReadByte(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetByte(out var value)
            ? value
            : throw new JsonException($"expected a number 0..255, got {reader.TokenType}");
    }

    /// <summary>An unsigned 32-bit number or JSON <c>null</c>.</summary>
    public static uint? ReadNullableUInt32(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number when reader.TryGetUInt32(out var value) => value,
            _ => throw new JsonException($"expected an unsigned 32-bit integer, got {reader.TokenType}"),
        };
    }

    /// <summary>An <c>IpPrefix?</c>: JSON <c>null</c> gives <c>null</c>, anything else is <see cref="GoIpNetConverter"/>'s.</summary>
    public static IpPrefix? ReadPrefix(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null ? null : ReadPrefixHere(ref reader);
    }

    /// <summary>A list of prefixes; a <c>null</c> element is an error, as the struct's converter sees it.</summary>
    public static List<IpPrefix>? ReadPrefixList(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(reader, JsonTokenType.StartArray);
        var prefixes = new List<IpPrefix>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            prefixes.Add(ReadPrefixHere(ref reader));
        }

        return prefixes;
    }

    // The converter itself, not a copy of it: its options parameter is unused.
    private static IpPrefix ReadPrefixHere(ref Utf8JsonReader reader) =>
        Networks.Read(ref reader, typeof(IpPrefix), JsonSerializerOptions.Default);
}
