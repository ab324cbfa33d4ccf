using System.Text.Json.Serialization;
using ClusterMesh.Abstractions.Wire.Json;

namespace ClusterMesh.Abstractions.Model;

/// <summary>
/// An MCS-API service export as Cilium stores it under
/// <c>cilium/state/serviceexports/v1/&lt;cluster&gt;/&lt;namespace&gt;/&lt;name&gt;</c> (Go <c>MCSAPIServiceSpec</c>).
/// </summary>
public sealed record ServiceExport
{
    /// <summary>The exporting cluster.</summary>
    [JsonPropertyName("cluster")] public required string Cluster { get; init; }

    /// <summary>The service name.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>The service namespace.</summary>
    [JsonPropertyName("namespace")] public required string Namespace { get; init; }

    /// <summary>Annotations to carry to the ServiceImport.</summary>
    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Labels to carry to the ServiceImport.</summary>
    [JsonPropertyName("labels")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>
    /// The labels under their legacy field name <c>Labels</c>, as some Cilium versions write them beside (or
    /// instead of) <c>labels</c>; kept so a value re-encodes as it was read.
    /// </summary>
    [JsonPropertyName("Labels")]
    [JsonInclude]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    internal IReadOnlyDictionary<string, string>? LegacyLabels { get; init; }

    /// <summary>The annotations under their legacy field name <c>Annotations</c>.</summary>
    [JsonPropertyName("Annotations")]
    [JsonInclude]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    internal IReadOnlyDictionary<string, string>? LegacyAnnotations { get; init; }

    /// <summary>When the export was created: the oldest export wins a conflict (RFC 3339, whole seconds, UTC).</summary>
    [JsonPropertyName("exportCreationTimestamp")]
    [JsonConverter(typeof(MetaV1TimeConverter))]
    public DateTimeOffset ExportCreationTimestamp { get; init; }

    /// <summary>The exported ports.</summary>
    [JsonPropertyName("ports")] public IReadOnlyList<ServiceExportPort>? Ports { get; init; }

    /// <summary><c>ClusterSetIP</c> or <c>Headless</c>.</summary>
    [JsonPropertyName("type")] public string Type { get; init; } = "ClusterSetIP";

    /// <summary><c>None</c> or <c>ClientIP</c>.</summary>
    [JsonPropertyName("sessionAffinity")] public string SessionAffinity { get; init; } = "None";

    /// <summary>Session affinity settings.</summary>
    [JsonPropertyName("sessionAffinityConfig")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SessionAffinityConfig? SessionAffinityConfig { get; init; }

    /// <summary>The service's IP families (<c>IPv4</c>, <c>IPv6</c>), when written.</summary>
    [JsonPropertyName("ipFamilies")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? IPFamilies { get; init; }

    /// <summary><c>Cluster</c> or <c>Local</c>, when set.</summary>
    [JsonPropertyName("internalTrafficPolicy")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InternalTrafficPolicy { get; init; }

    /// <summary><c>PreferClose</c>, <c>PreferSameZone</c> or <c>PreferSameNode</c>, when set.</summary>
    [JsonPropertyName("trafficDistribution")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TrafficDistribution { get; init; }
}

/// <summary>One exported port.</summary>
public sealed record ServiceExportPort
{
    /// <summary>The port name.</summary>
    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    /// <summary>TCP, UDP or SCTP.</summary>
    [JsonPropertyName("protocol")] public string Protocol { get; init; } = "TCP";

    /// <summary>The application protocol, when set.</summary>
    [JsonPropertyName("appProtocol")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AppProtocol { get; init; }

    /// <summary>The port number.</summary>
    [JsonPropertyName("port")] public int Port { get; init; }
}

/// <summary>Session affinity settings of an export.</summary>
public sealed record SessionAffinityConfig
{
    /// <summary>ClientIP affinity settings.</summary>
    [JsonPropertyName("clientIP")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ClientIPConfig? ClientIP { get; init; }
}

/// <summary>ClientIP affinity settings.</summary>
public sealed record ClientIPConfig
{
    /// <summary>How long affinity lasts.</summary>
    [JsonPropertyName("timeoutSeconds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? TimeoutSeconds { get; init; }
}
