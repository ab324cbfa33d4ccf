using System.Text.Json.Serialization;
using ClusterMesh.Abstractions.Wire.Json;

namespace ClusterMesh.Abstractions.Model;

/// <summary>
/// A service shared with the mesh, as Cilium stores it under
/// <c>cilium/state/services/v1/&lt;cluster&gt;/&lt;namespace&gt;/&lt;name&gt;</c>
/// (Go <c>store.ClusterService</c>). Frontends and backends map an address to its ports by port name.
/// </summary>
public sealed record ClusterService
{
    /// <summary>The exporting cluster.</summary>
    [JsonPropertyName("cluster")] public required string Cluster { get; init; }

    /// <summary>The service namespace.</summary>
    [JsonPropertyName("namespace")] public required string Namespace { get; init; }

    /// <summary>The service name.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>ClusterIPs → port name → port.</summary>
    [JsonPropertyName("frontends")] public IReadOnlyDictionary<string, IReadOnlyDictionary<string, PortConfiguration>>? Frontends { get; init; }

    /// <summary>Backend addresses → port name → port.</summary>
    [JsonPropertyName("backends")] public IReadOnlyDictionary<string, IReadOnlyDictionary<string, PortConfiguration>>? Backends { get; init; }

    /// <summary>Backend address → hostname, when known.</summary>
    [JsonPropertyName("hostnames")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Hostnames { get; init; }

    /// <summary>Backend address → zone, when known.</summary>
    [JsonPropertyName("zones")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, BackendZone>? Zones { get; init; }

    /// <summary>The service's labels.</summary>
    [JsonPropertyName("labels")] public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>The service's pod selector.</summary>
    [JsonPropertyName("selector")] public IReadOnlyDictionary<string, string>? Selector { get; init; }

    /// <summary>Whether the service is global (includes other clusters' backends).</summary>
    [JsonPropertyName("includeExternal")] public bool IncludeExternal { get; init; }

    /// <summary>Whether this cluster shares its backends with the mesh.</summary>
    [JsonPropertyName("shared")] public bool Shared { get; init; }

    /// <summary>The numeric ID of <see cref="Cluster"/>.</summary>
    [JsonPropertyName("clusterID")] public int ClusterID { get; init; }
}

/// <summary>One port of a frontend or backend.</summary>
public sealed record PortConfiguration
{
    /// <summary>TCP, UDP or SCTP.</summary>
    [JsonPropertyName("Protocol")] public required string Protocol { get; init; }

    /// <summary>The port number.</summary>
    [JsonPropertyName("Port")]
    [JsonConverter(typeof(PortNumberConverter))]
    public ushort Port { get; init; }
}

/// <summary>The zone of a backend and the zones it is hinted for.</summary>
public sealed record BackendZone
{
    /// <summary>The backend's zone.</summary>
    [JsonPropertyName("zone")] public string Zone { get; init; } = string.Empty;

    /// <summary>Topology hints.</summary>
    [JsonPropertyName("forZones")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ZoneHint>? ForZones { get; init; }
}

/// <summary>A topology hint.</summary>
public sealed record ZoneHint
{
    /// <summary>The zone name.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }
}
