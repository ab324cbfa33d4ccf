using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire.Text;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// Go <c>net.IPNet</c> (and Cilium's <c>cidr.CIDR</c>) in JSON: <c>{"IP":"10.244.0.0","Mask":"////AA=="}</c>,
/// the mask as base64 bytes (4 for IPv4, 16 for IPv6). Only contiguous masks are accepted.
/// </summary>
internal sealed class GoIpNetConverter : JsonConverter<IpPrefix>
{
    public override IpPrefix Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"expected a network object, got {reader.TokenType}");
        }

        IPAddress? ip = null;
        byte[]? mask = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isIp = reader.ValueTextEquals("IP"u8);
            var isMask = !isIp && reader.ValueTextEquals("Mask"u8);
            if (!isIp && !isMask)
            {
                throw new WireJsonException(RejectReason.UnknownField, $"unknown network field '{WireJsonText.Describe(reader)}'");
            }

            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"expected a string, got {reader.TokenType}");
            }

            if (isIp)
            {
                ip = WireJsonText.ParseIpOrEmpty(ref reader);
            }
            else
            {
                mask = reader.GetBytesFromBase64();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("unterminated network object");
        }

        if (ip is null || mask is null)
        {
            throw new WireJsonException(RejectReason.InvalidField, "a network needs both IP and Mask");
        }

        return IpPrefix.TryFromMask(ip, mask, out var prefix)
            ? prefix
            : throw new WireJsonException(RejectReason.InvalidField, $"'{Convert.ToBase64String(mask)}' is not a valid mask for {GoIp.Format(ip)}");
    }

    public override void Write(Utf8JsonWriter writer, IpPrefix value, JsonSerializerOptions options)
    {
        if (value.Address is null)
        {
            writer.WriteNullValue();
            return;
        }

        Span<char> text = stackalloc char[64];
        Span<byte> mask = stackalloc byte[16];
        writer.WriteStartObject();
        writer.WriteString("IP"u8, text[..GoIp.FormatInto(value.Address, text)]);
        writer.WriteBase64String("Mask"u8, mask[..value.WriteMask(mask)]);
        writer.WriteEndObject();
    }
}
