using System.Net;
using System.Text.Json;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using static ClusterMesh.Abstractions.Wire.Json.NodeJsonReaderParts;
using static ClusterMesh.Abstractions.Wire.Json.WireJsonReading;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// Reads a <see cref="Node"/> from UTF-8 by hand. Every agent mirrors every remote node, and the generated metadata
/// builds a record with <c>required</c> and <c>init</c> members through a generic converter that buffers all 19
/// members as boxed constructor arguments first: about twice the time and 2.4 times the allocations of reading
/// them straight into locals.
/// </summary>
/// <remarks>
/// The rules are the generated ones (<see cref="WireJsonContext"/>), and a differential property test holds it to
/// them: case-sensitive names, an unknown field is an error (in addresses and networks too), <c>Name</c>,
/// <c>Cluster</c> and each address's <c>Type</c> must be present (JSON <c>null</c> counts, and gives <c>null</c>), a
/// repeated field or map key keeps its last value, JSON <c>null</c> clears a reference member and is an error for
/// a number, lists are <see cref="List{T}"/> and maps <see cref="Dictionary{TKey,TValue}"/>, nothing may follow the
/// object, invalid UTF-8 in a value is a <see cref="JsonException"/> but in an unknown name still an unknown field. One deliberate difference: <c>Source</c>, <c>WireguardPubKey</c> and <c>BootID</c> are never <c>null</c>
/// but their initializers' values (<c>"custom-resource"</c>, <c>""</c>, <c>""</c>) when absent or <c>null</c>, where
/// the generated code leaves an absent or <c>null</c> init-only member <c>null</c>. The cluster name, sources,
/// address types, map keys and label values come from <see cref="Utf8StringPool"/>: they repeat across nodes.
/// </remarks>
internal static class NodeJsonReader
{
    private const string DefaultSource = "custom-resource";

    /// <summary>The node, or <c>null</c> when the value is JSON <c>null</c>.</summary>
    /// <exception cref="JsonException">The value is not a valid node (a <see cref="WireJsonException"/> names the reason).</exception>
    public static Node? Read(ReadOnlySpan<byte> utf8, Utf8StringPool pool) =>
        ReadDocument(utf8, pool, ReadNode);

    private static Node ReadNode(ref Utf8JsonReader reader, Utf8StringPool pool)
    {
        string? name = null, cluster = null, source = null, wireguard = null, boot = null;
        bool hasName = false, hasCluster = false;
        List<NodeAddress>? addresses = null;
        IpPrefix? v4Cidr = null, v6Cidr = null;
        List<IpPrefix>? v4More = null, v6More = null;
        IPAddress? v4Health = null, v6Health = null, v4Ingress = null, v6Ingress = null;
        int clusterId = 0;
        byte encryptionKey = 0;
        Dictionary<string, string>? labels = null, annotations = null;
        uint? nodeIdentity = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            switch (NodeJsonFields.Of(reader))
            {
                case NodeJsonField.Name:
                    name = ReadString(ref reader, pool: null);
                    hasName = true;
                    break;
                case NodeJsonField.Cluster:
                    cluster = ReadString(ref reader, pool);
                    hasCluster = true;
                    break;
                case NodeJsonField.IPAddresses:
                    addresses = ReadAddressList(ref reader, pool);
                    break;
                case NodeJsonField.IPv4AllocCIDR:
                    v4Cidr = ReadPrefix(ref reader);
                    break;
                case NodeJsonField.IPv4SecondaryAllocCIDRs:
                    v4More = ReadPrefixList(ref reader);
                    break;
                case NodeJsonField.IPv6AllocCIDR:
                    v6Cidr = ReadPrefix(ref reader);
                    break;
                case NodeJsonField.IPv6SecondaryAllocCIDRs:
                    v6More = ReadPrefixList(ref reader);
                    break;
                case NodeJsonField.IPv4HealthIP:
                    v4Health = ReadAddress(ref reader);
                    break;
                case NodeJsonField.IPv6HealthIP:
                    v6Health = ReadAddress(ref reader);
                    break;
                case NodeJsonField.IPv4IngressIP:
                    v4Ingress = ReadAddress(ref reader);
                    break;
                case NodeJsonField.IPv6IngressIP:
                    v6Ingress = ReadAddress(ref reader);
                    break;
                case NodeJsonField.ClusterID:
                    clusterId = ReadInt32(ref reader);
                    break;
                case NodeJsonField.Source:
                    source = ReadString(ref reader, pool);
                    break;
                case NodeJsonField.EncryptionKey:
                    encryptionKey = ReadByte(ref reader);
                    break;
                case NodeJsonField.Labels:
                    // The hostname label is the node's name: unique per node, so not worth a pool slot.
                    labels = ReadStringMap(ref reader, pool, values: pool, unpooledKey: "kubernetes.io/hostname"u8);
                    break;
                case NodeJsonField.Annotations:
                    // Annotation values are per-node data (the WireGuard key): only the names repeat.
                    annotations = ReadStringMap(ref reader, pool, values: null);
                    break;
                case NodeJsonField.NodeIdentity:
                    nodeIdentity = ReadNullableUInt32(ref reader);
                    break;
                case NodeJsonField.WireguardPubKey:
                    wireguard = ReadString(ref reader, pool: null);
                    break;
                case NodeJsonField.BootID:
                    boot = ReadString(ref reader, pool: null);
                    break;
                default:
                    throw new WireJsonException(RejectReason.UnknownField, $"unknown node field '{WireJsonText.Describe(reader)}'");
            }
        }

        Expect(reader, JsonTokenType.EndObject);
        if (!hasName || !hasCluster)
        {
            throw new JsonException($"the node has no {(hasName ? "Cluster" : "Name")} field");
        }

        return new Node
        {
            Name = name!,
            Cluster = cluster!,
            IPAddresses = addresses,
            IPv4AllocCIDR = v4Cidr,
            IPv4SecondaryAllocCIDRs = v4More,
            IPv6AllocCIDR = v6Cidr,
            IPv6SecondaryAllocCIDRs = v6More,
            IPv4HealthIP = v4Health,
            IPv6HealthIP = v6Health,
            IPv4IngressIP = v4Ingress,
            IPv6IngressIP = v6Ingress,
            ClusterID = clusterId,
            Source = source ?? DefaultSource,
            EncryptionKey = encryptionKey,
            Labels = labels,
            Annotations = annotations,
            NodeIdentity = nodeIdentity,
            WireguardPubKey = wireguard ?? string.Empty,
            BootID = boot ?? string.Empty,
        };
    }

    /// <summary>The addresses: JSON <c>null</c> gives <c>null</c>, a <c>null</c> element stays <c>null</c>.</summary>
    private static List<NodeAddress>? ReadAddressList(ref Utf8JsonReader reader, Utf8StringPool pool)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(reader, JsonTokenType.StartArray);
        var addresses = new List<NodeAddress>(capacity: 4);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            addresses.Add(reader.TokenType == JsonTokenType.Null ? null! : ReadNodeAddress(ref reader, pool));
        }

        return addresses;
    }

    private static NodeAddress ReadNodeAddress(ref Utf8JsonReader reader, Utf8StringPool pool)
    {
        Expect(reader, JsonTokenType.StartObject);
        string? type = null;
        var hasType = false;
        IPAddress? ip = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("Type"u8))
            {
                type = ReadString(ref reader, pool);
                hasType = true;
            }
            else if (reader.ValueTextEquals("IP"u8))
            {
                ip = ReadAddress(ref reader);
            }
            else
            {
                throw new WireJsonException(RejectReason.UnknownField, $"unknown node address field '{WireJsonText.Describe(reader)}'");
            }
        }

        Expect(reader, JsonTokenType.EndObject);
        return hasType ? new NodeAddress { Type = type!, IP = ip } : throw new JsonException("a node address has no Type field");
    }
}
