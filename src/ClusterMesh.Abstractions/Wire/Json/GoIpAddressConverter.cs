using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire.Text;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// Go <c>net.IP</c> in JSON: a string, where an absent address is <c>""</c> (not <c>null</c>).
/// Reads <c>""</c> and <c>null</c> as <c>null</c>; writes <c>null</c> as <c>""</c>.
/// </summary>
internal sealed class GoIpAddressConverter : JsonConverter<IPAddress?>
{
    public override bool HandleNull => true;

    public override IPAddress? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected an IP address string, got {reader.TokenType}");
        }

        return WireJsonText.ParseIpOrEmpty(ref reader);
    }

    public override void Write(Utf8JsonWriter writer, IPAddress? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteStringValue(ReadOnlySpan<byte>.Empty);
            return;
        }

        Span<char> text = stackalloc char[64];
        writer.WriteStringValue(text[..GoIp.FormatInto(value, text)]);
    }
}

/// <summary>Helpers shared by the converters that read text values straight from UTF-8.</summary>
internal static class WireJsonText
{
    /// <summary>Parses the current string token as an address; <c>""</c> gives <c>null</c>.</summary>
    public static IPAddress? ParseIpOrEmpty(ref Utf8JsonReader reader)
    {
        Span<byte> scratch = stackalloc byte[64];
        var text = Utf8Of(in reader, scratch);
        if (text.IsEmpty)
        {
            return null;
        }

        return GoIp.TryParseUtf8(text, out var address)
            ? address
            : throw new WireJsonException(RejectReason.InvalidField, $"'{reader.GetString()}' is not an IP address");
    }

    /// <summary>The current token's text for a message: never throws, also on text that is not UTF-8 (which the
    /// serializer still reports by its own reason, an unknown field for instance).</summary>
    public static string Describe(in Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? "null";
        }
        catch (InvalidOperationException)
        {
            return System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);
        }
    }

    /// <summary>The unescaped UTF-8 of the current string token; copies only when it is escaped or split.</summary>
    public static ReadOnlySpan<byte> Utf8Of(in Utf8JsonReader reader, Span<byte> scratch)
    {
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > scratch.Length)
        {
            // Longer than any address or timestamp: let the caller's parser reject it.
            return System.Text.Encoding.UTF8.GetBytes(reader.GetString() ?? string.Empty);
        }

        return scratch[..reader.CopyString(scratch)];
    }
}
