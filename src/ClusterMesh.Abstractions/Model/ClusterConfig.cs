using System.Text.Json.Serialization;

namespace ClusterMesh.Abstractions.Model;

/// <summary>
/// A cluster's configuration as published under <c>cilium/cluster-config/&lt;cluster&gt;</c>
/// (Go <c>CiliumClusterConfig</c>); remote agents validate it before they mirror the cluster.
/// </summary>
public sealed record ClusterConfig
{
    /// <summary>The numeric cluster ID.</summary>
    [JsonPropertyName("id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Id { get; init; }

    /// <summary>What the cluster's kvstore offers.</summary>
    [JsonPropertyName("capabilities")] public ClusterCapabilities Capabilities { get; init; } = new();
}

/// <summary>Capabilities of a cluster's kvstore.</summary>
public sealed record ClusterCapabilities
{
    /// <summary>Whether the cluster writes <c>cilium/synced/...</c> canaries (readers wait for them).</summary>
    [JsonPropertyName("syncedCanaries")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool SyncedCanaries { get; init; }

    /// <summary>Whether the data is a kvstoremesh cache of another cluster.</summary>
    [JsonPropertyName("cached")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Cached { get; init; }

    /// <summary>The cluster's max-connected-clusters (255 or 511); must agree across the mesh. Absent means 255.</summary>
    [JsonPropertyName("maxConnectedClusters")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int MaxConnectedClusters { get; init; } = MeshLimits.DefaultMaxConnectedClusters;

    /// <summary>Whether MCS-API service exports are published; <c>null</c> when the cluster does not support them.</summary>
    [JsonPropertyName("serviceExportsEnabled")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? ServiceExportsEnabled { get; init; }

    /// <summary>The endpoint-slice export mode, when the cluster uses one.</summary>
    [JsonPropertyName("endpointSlicesExportMode")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EndpointSlicesExportMode { get; init; }
}
