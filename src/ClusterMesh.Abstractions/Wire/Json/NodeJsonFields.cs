using System.Text.Json;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>The members of a node value, as <see cref="NodeJsonFields.Of"/> names them.</summary>
internal enum NodeJsonField
{
    Unknown,
    Name,
    Cluster,
    IPAddresses,
    IPv4AllocCIDR,
    IPv4SecondaryAllocCIDRs,
    IPv6AllocCIDR,
    IPv6SecondaryAllocCIDRs,
    IPv4HealthIP,
    IPv6HealthIP,
    IPv4IngressIP,
    IPv6IngressIP,
    ClusterID,
    Source,
    EncryptionKey,
    Labels,
    Annotations,
    NodeIdentity,
    WireguardPubKey,
    BootID,
}

/// <summary>
/// Maps a member name to its <see cref="NodeJsonField"/>, case-sensitively. A plain name is told apart by its
/// length first, so each takes one or two comparisons rather than a walk down all nineteen; an escaped or split
/// name is compared after unescaping, as the serializer compares it.
/// </summary>
internal static class NodeJsonFields
{
    private static readonly (byte[] Name, NodeJsonField Field)[] All =
        Enum.GetValues<NodeJsonField>().Where(f => f != NodeJsonField.Unknown)
            .Select(f => (System.Text.Encoding.UTF8.GetBytes(f.ToString()), f)).ToArray();

    /// <summary>The field the current property name token names.</summary>
    public static NodeJsonField Of(in Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return Slow(reader);
        }

        var name = reader.ValueSpan;
        return name.Length switch
        {
            4 => Is(name, "Name"u8, NodeJsonField.Name),
            6 => name[0] switch
            {
                (byte)'S' => Is(name, "Source"u8, NodeJsonField.Source),
                (byte)'L' => Is(name, "Labels"u8, NodeJsonField.Labels),
                _ => Is(name, "BootID"u8, NodeJsonField.BootID),
            },
            7 => Is(name, "Cluster"u8, NodeJsonField.Cluster),
            9 => Is(name, "ClusterID"u8, NodeJsonField.ClusterID),
            11 => name[0] == (byte)'I' ? Is(name, "IPAddresses"u8, NodeJsonField.IPAddresses) : Is(name, "Annotations"u8, NodeJsonField.Annotations),
            12 => name[3] switch
            {
                (byte)'4' => Is(name, "IPv4HealthIP"u8, NodeJsonField.IPv4HealthIP),
                (byte)'6' => Is(name, "IPv6HealthIP"u8, NodeJsonField.IPv6HealthIP),
                _ => Is(name, "NodeIdentity"u8, NodeJsonField.NodeIdentity),
            },
            13 => (name[3], name[4]) switch
            {
                ((byte)'4', (byte)'A') => Is(name, "IPv4AllocCIDR"u8, NodeJsonField.IPv4AllocCIDR),
                ((byte)'6', (byte)'A') => Is(name, "IPv6AllocCIDR"u8, NodeJsonField.IPv6AllocCIDR),
                ((byte)'4', _) => Is(name, "IPv4IngressIP"u8, NodeJsonField.IPv4IngressIP),
                ((byte)'6', _) => Is(name, "IPv6IngressIP"u8, NodeJsonField.IPv6IngressIP),
                _ => Is(name, "EncryptionKey"u8, NodeJsonField.EncryptionKey),
            },
            15 => Is(name, "WireguardPubKey"u8, NodeJsonField.WireguardPubKey),
            23 => name[3] == (byte)'4'
                ? Is(name, "IPv4SecondaryAllocCIDRs"u8, NodeJsonField.IPv4SecondaryAllocCIDRs)
                : Is(name, "IPv6SecondaryAllocCIDRs"u8, NodeJsonField.IPv6SecondaryAllocCIDRs),
            _ => NodeJsonField.Unknown,
        };
    }

    private static NodeJsonField Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected, NodeJsonField field) =>
        name.SequenceEqual(expected) ? field : NodeJsonField.Unknown;

    private static NodeJsonField Slow(in Utf8JsonReader reader)
    {
        foreach (var (name, field) in All)
        {
            if (reader.ValueTextEquals(name))
            {
                return field;
            }
        }

        return NodeJsonField.Unknown;
    }
}
