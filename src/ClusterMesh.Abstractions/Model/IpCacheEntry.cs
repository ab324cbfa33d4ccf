using System.Net;
using System.Text.Json.Serialization;
using ClusterMesh.Abstractions.Wire.Json;

namespace ClusterMesh.Abstractions.Model;

/// <summary>
/// An IP (or CIDR) to identity mapping, as Cilium stores it under <c>cilium/state/ip/v1/default/&lt;ip&gt;</c>
/// (Go <c>identity.IPIdentityPair</c>). <see cref="HostIP"/> is the tunnel endpoint, <see cref="Key"/> the
/// encryption key index.
/// </summary>
public sealed record IpCacheEntry
{
    /// <summary>The endpoint address.</summary>
    [JsonPropertyName("IP")]
    [JsonConverter(typeof(GoIpAddressConverter))]
    public required IPAddress IP { get; init; }

    /// <summary>The network mask when the entry is a CIDR rather than one address (Go <c>net.IPMask</c>, base64).</summary>
    [JsonPropertyName("Mask")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public byte[]? Mask { get; init; }

    /// <summary>The node that hosts the endpoint: the tunnel endpoint.</summary>
    /// <remarks>
    /// A decoded entry may share this instance with every other entry of the same node (a mirror keeps one address
    /// per node, not one per pod), so it must not be mutated (<see cref="IPAddress.ScopeId"/> or the obsolete
    /// <c>Address</c> setter): make a new <see cref="IPAddress"/> instead. Shared addresses are IPv4, or IPv6 without
    /// a scope.
    /// </remarks>
    [JsonPropertyName("HostIP")]
    [JsonConverter(typeof(GoIpAddressConverter))]
    public IPAddress? HostIP { get; init; }

    /// <summary>The security identity.</summary>
    [JsonPropertyName("ID")] public NumericIdentity ID { get; init; }

    /// <summary>The encryption key index; 0 when encryption is off.</summary>
    [JsonPropertyName("Key")] public byte Key { get; init; }

    /// <summary>Opaque metadata of the writer.</summary>
    [JsonPropertyName("Metadata")] public string Metadata { get; init; } = string.Empty;

    /// <summary>The pod's namespace.</summary>
    [JsonPropertyName("K8sNamespace")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? K8sNamespace { get; init; }

    /// <summary>The pod's name.</summary>
    [JsonPropertyName("K8sPodName")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? K8sPodName { get; init; }

    /// <summary>The pod's UID.</summary>
    [JsonPropertyName("K8sPodUID")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? K8sPodUID { get; init; }

    /// <summary>The pod's service account.</summary>
    [JsonPropertyName("K8sServiceAccount")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? K8sServiceAccount { get; init; }

    /// <summary>The pod's named container ports.</summary>
    /// <remarks>
    /// A decoded entry may share one read-only list with every entry of the same ports (the pods of one deployment);
    /// it cannot be cast to a mutable list. Compare lists by content: equal ports may still be separate lists.
    /// </remarks>
    [JsonPropertyName("NamedPorts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    [JsonConverter(typeof(NamedPortListConverter))]
    public IReadOnlyList<NamedPort>? NamedPorts { get; init; }

    /// <summary>The prefix this entry maps: the address with <see cref="Mask"/>, or a host prefix.</summary>
    [JsonIgnore]
    public IpPrefix Prefix => Mask is null
        ? IpPrefix.Host(IP)
        : new IpPrefix(IP, Mask.Sum(b => System.Numerics.BitOperations.PopCount(b)));
}

/// <summary>A named container port.</summary>
public sealed record NamedPort
{
    /// <summary>The port name.</summary>
    [JsonPropertyName("Name")] public required string Name { get; init; }

    /// <summary>The port number.</summary>
    [JsonPropertyName("Port")]
    [JsonConverter(typeof(PortNumberConverter))]
    public ushort Port { get; init; }

    /// <summary>TCP, UDP or SCTP.</summary>
    [JsonPropertyName("Protocol")] public string Protocol { get; init; } = "TCP";
}
