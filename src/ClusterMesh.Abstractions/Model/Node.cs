using System.Net;
using System.Text.Json.Serialization;
using ClusterMesh.Abstractions.Wire.Json;

namespace ClusterMesh.Abstractions.Model;

/// <summary>
/// A node of a cluster, as Cilium stores it under <c>cilium/state/nodes/v1/&lt;cluster&gt;/&lt;name&gt;</c>
/// (Go <c>pkg/node/types.Node</c>; PascalCase fields, <c>net.IPNet</c> CIDRs, empty strings for absent IPs).
/// </summary>
public sealed record Node
{
    /// <summary>The node name.</summary>
    [JsonPropertyName("Name")] public required string Name { get; init; }

    /// <summary>The cluster the node belongs to.</summary>
    [JsonPropertyName("Cluster")] public required string Cluster { get; init; }

    /// <summary>The node's addresses (InternalIP, ExternalIP, CiliumInternalIP).</summary>
    [JsonPropertyName("IPAddresses")] public IReadOnlyList<NodeAddress>? IPAddresses { get; init; }

    /// <summary>The IPv4 pod CIDR.</summary>
    [JsonPropertyName("IPv4AllocCIDR")] public IpPrefix? IPv4AllocCIDR { get; init; }

    /// <summary>Further IPv4 pod CIDRs.</summary>
    [JsonPropertyName("IPv4SecondaryAllocCIDRs")] public IReadOnlyList<IpPrefix>? IPv4SecondaryAllocCIDRs { get; init; }

    /// <summary>The IPv6 pod CIDR.</summary>
    [JsonPropertyName("IPv6AllocCIDR")] public IpPrefix? IPv6AllocCIDR { get; init; }

    /// <summary>Further IPv6 pod CIDRs.</summary>
    [JsonPropertyName("IPv6SecondaryAllocCIDRs")] public IReadOnlyList<IpPrefix>? IPv6SecondaryAllocCIDRs { get; init; }

    /// <summary>The IPv4 health endpoint.</summary>
    [JsonPropertyName("IPv4HealthIP")]
    [JsonConverter(typeof(GoIpAddressConverter))]
    public IPAddress? IPv4HealthIP { get; init; }

    /// <summary>The IPv6 health endpoint.</summary>
    [JsonPropertyName("IPv6HealthIP")]
    [JsonConverter(typeof(GoIpAddressConverter))]
    public IPAddress? IPv6HealthIP { get; init; }

    /// <summary>The IPv4 ingress address.</summary>
    [JsonPropertyName("IPv4IngressIP")]
    [JsonConverter(typeof(GoIpAddressConverter))]
    public IPAddress? IPv4IngressIP { get; init; }

    /// <summary>The IPv6 ingress address.</summary>
    [JsonPropertyName("IPv6IngressIP")]
    [JsonConverter(typeof(GoIpAddressConverter))]
    public IPAddress? IPv6IngressIP { get; init; }

    /// <summary>The numeric ID of <see cref="Cluster"/>.</summary>
    [JsonPropertyName("ClusterID")] public int ClusterID { get; init; }

    /// <summary>Where the node object came from (<c>custom-resource</c>, <c>kvstore</c>, ...).</summary>
    [JsonPropertyName("Source")] public string Source { get; init; } = "custom-resource";

    /// <summary>The transparent-encryption key index (IPsec SPI); 0 when off.</summary>
    [JsonPropertyName("EncryptionKey")] public byte EncryptionKey { get; init; }

    /// <summary>The node's labels.</summary>
    [JsonPropertyName("Labels")] public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>The node's annotations.</summary>
    [JsonPropertyName("Annotations")] public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>The node's numeric identity; written only by older Cilium versions (absent means not written).</summary>
    [JsonPropertyName("NodeIdentity")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public uint? NodeIdentity { get; init; }

    /// <summary>The WireGuard public key, when WireGuard encryption is on.</summary>
    [JsonPropertyName("WireguardPubKey")] public string WireguardPubKey { get; init; } = string.Empty;

    /// <summary>The node's boot ID.</summary>
    [JsonPropertyName("BootID")] public string BootID { get; init; } = string.Empty;

    /// <summary>The first address of <paramref name="type"/> in <paramref name="family"/>, or <c>null</c>.</summary>
    public IPAddress? AddressOf(string type, System.Net.Sockets.AddressFamily family = System.Net.Sockets.AddressFamily.InterNetwork) =>
        IPAddresses?.FirstOrDefault(a => a.Type == type && a.IP?.AddressFamily == family)?.IP;
}

/// <summary>One address of a node.</summary>
public sealed record NodeAddress
{
    /// <summary>An address reachable inside the cluster's network.</summary>
    public const string InternalIP = "InternalIP";

    /// <summary>An address reachable from outside.</summary>
    public const string ExternalIP = "ExternalIP";

    /// <summary>The router address Cilium owns on the node.</summary>
    public const string CiliumInternalIP = "CiliumInternalIP";

    /// <summary>The address type.</summary>
    [JsonPropertyName("Type")] public required string Type { get; init; }

    /// <summary>The address.</summary>
    [JsonPropertyName("IP")]
    [JsonConverter(typeof(GoIpAddressConverter))]
    public IPAddress? IP { get; init; }
}
