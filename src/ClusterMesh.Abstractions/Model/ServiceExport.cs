using System.Text.Json.Serialization;

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
    [JsonPropertyName("annotations")] public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Labels to carry to the ServiceImport.</summary>
    [JsonPropertyName("labels")] public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>When the export was created: the oldest export wins a conflict.</summary>
    [JsonPropertyName("exportCreationTimestamp")] public DateTimeOffset ExportCreationTimestamp { get; init; }

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
    [JsonPropertyName("clientIP")] public ClientIPConfig? ClientIP { get; init; }
}

/// <summary>ClientIP affinity settings.</summary>
public sealed record ClientIPConfig
{
    /// <summary>How long affinity lasts.</summary>
    [JsonPropertyName("timeoutSeconds")] public int? TimeoutSeconds { get; init; }
}
