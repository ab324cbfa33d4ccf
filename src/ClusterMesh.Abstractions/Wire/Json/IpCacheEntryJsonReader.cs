using System.Text.Json;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using static ClusterMesh.Abstractions.Wire.Json.WireJsonReading;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// Reads an <see cref="IpCacheEntry"/> from UTF-8 by hand. Ipcache entries are most of what an agent mirrors
/// (250,000 of the 310,000 keys of Cilium's scale test), and the generated metadata path builds a record with
/// <c>required</c> and <c>init</c> members through a generic object converter at several times this cost.
/// </summary>
/// <remarks>
/// The rules are the generated ones (<see cref="WireJsonContext"/>), and a differential property test holds it to
/// them: case-sensitive names, an unknown field is an error, <c>IP</c> must be present, a repeated field keeps its
/// last value, JSON <c>null</c> clears a field, nothing may follow the object, invalid UTF-8 in a value is a
/// <see cref="JsonException"/> but in an unknown name still an unknown field. One deliberate difference:
/// <c>Metadata</c> is never <c>null</c> but Go's empty string, where the generated code leaves an absent or
/// <c>null</c> init-only member <c>null</c>. Namespaces and service accounts
/// repeat across thousands of entries, as do named-port names, so they come from <see cref="Utf8StringPool"/>; host
/// addresses (a few thousand nodes) and whole named-port lists (one per deployment) are shared too
/// (<see cref="IpCacheEntryPools"/>), since every decoded entry stays alive in the mirror and each object it holds
/// is one more for the GC to copy.
/// </remarks>
internal static class IpCacheEntryJsonReader
{
    /// <summary>The entry, or <c>null</c> when the value is JSON <c>null</c>.</summary>
    /// <exception cref="JsonException">The value is not a valid entry (a <see cref="WireJsonException"/> names the reason).</exception>
    public static IpCacheEntry? Read(ReadOnlySpan<byte> utf8, Utf8StringPool pool) =>
        Read(utf8, new IpCacheEntryPools(pool, HostAddresses: null, NamedPorts: null));

    /// <summary>The entry, or <c>null</c> when the value is JSON <c>null</c>, sharing what <paramref name="pools"/> pool.</summary>
    /// <exception cref="JsonException">The value is not a valid entry (a <see cref="WireJsonException"/> names the reason).</exception>
    public static IpCacheEntry? Read(ReadOnlySpan<byte> utf8, IpCacheEntryPools pools) => Read(utf8, pools, default);

    /// <summary><see cref="Read(ReadOnlySpan{byte}, IpCacheEntryPools)"/> taking <paramref name="known"/>'s address for an
    /// <c>IP</c> written exactly as its text (on the fast path; the general one parses it).</summary>
    /// <exception cref="JsonException">The value is not a valid entry (a <see cref="WireJsonException"/> names the reason).</exception>
    public static IpCacheEntry? Read(ReadOnlySpan<byte> utf8, IpCacheEntryPools pools, KnownAddress known) =>
        IpCacheEntryFastReader.TryRead(utf8, pools, known, out var entry) ? entry : ReadGeneral(utf8, pools);

    /// <summary><see cref="Read(ReadOnlySpan{byte}, IpCacheEntryPools)"/> without the fast path for the common shape
    /// (<see cref="IpCacheEntryFastReader"/>), which tests hold to this one.</summary>
    internal static IpCacheEntry? ReadGeneral(ReadOnlySpan<byte> utf8, IpCacheEntryPools pools) =>
        WireJsonReading.ReadDocument(utf8, pools, ReadEntry);

    private static IpCacheEntry ReadEntry(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, IpCacheEntryPools pools)
    {
        var pool = pools.Strings;
        System.Net.IPAddress? ip = null, hostIp = null;
        bool hasIp = false;
        byte[]? mask = null;
        NumericIdentity id = default;
        byte key = 0;
        string metadata = string.Empty;
        string? ns = null, pod = null, uid = null, account = null;
        IReadOnlyList<NamedPort>? ports = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("IP"u8))
            {
                ip = ReadAddress(ref reader);
                hasIp = true;
            }
            else if (reader.ValueTextEquals("HostIP"u8))
            {
                hostIp = ReadAddress(ref reader, pools.HostAddresses);
            }
            else if (reader.ValueTextEquals("ID"u8))
            {
                reader.Read();
                id = reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out var value)
                    ? new NumericIdentity(value)
                    : throw new JsonException("an identity must be an unsigned 32-bit number");
            }
            else if (reader.ValueTextEquals("Key"u8))
            {
                reader.Read();
                key = reader.TokenType == JsonTokenType.Number && reader.TryGetByte(out var index)
                    ? index
                    : throw new JsonException("Key must be a number 0..255");
            }
            else if (reader.ValueTextEquals("Mask"u8))
            {
                reader.Read();
                mask = reader.TokenType switch
                {
                    JsonTokenType.Null => null,
                    JsonTokenType.String when reader.TryGetBytesFromBase64(out var bytes) => bytes,
                    _ => throw new JsonException("Mask must be a base64 string"),
                };
            }
            else if (reader.ValueTextEquals("Metadata"u8))
            {
                metadata = ReadString(ref reader, pool: null) ?? string.Empty;
            }
            else if (reader.ValueTextEquals("K8sNamespace"u8))
            {
                ns = ReadString(ref reader, pool);
            }
            else if (reader.ValueTextEquals("K8sPodName"u8))
            {
                pod = ReadString(ref reader, pool: null);
            }
            else if (reader.ValueTextEquals("K8sPodUID"u8))
            {
                uid = ReadString(ref reader, pool: null);
            }
            else if (reader.ValueTextEquals("K8sServiceAccount"u8))
            {
                account = ReadString(ref reader, pool);
            }
            else if (reader.ValueTextEquals("NamedPorts"u8))
            {
                reader.Read();
                ports = pools.NamedPorts is { } lists
                    ? lists.Read(ref reader, utf8, pool)
                    : NamedPortListConverter.ReadList(ref reader, pool);
            }
            else
            {
                throw new WireJsonException(RejectReason.UnknownField, $"unknown ipcache field '{WireJsonText.Describe(reader)}'");
            }
        }

        Expect(reader, JsonTokenType.EndObject);
        return hasIp
            ? new IpCacheEntry
            {
                IP = ip!,
                Mask = mask,
                HostIP = hostIp,
                ID = id,
                Key = key,
                Metadata = metadata,
                K8sNamespace = ns,
                K8sPodName = pod,
                K8sPodUID = uid,
                K8sServiceAccount = account,
                NamedPorts = ports,
            }
            : throw new JsonException("the ipcache entry has no IP field");
    }
}
