using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterMesh.Agent.Demo;

namespace ClusterMesh.Agent.Output;

/// <summary>Source-generated JSON for everything the CLI prints with <c>-o json</c>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DemoReport))]
[JsonSerializable(typeof(TroubleshootReport))]
[JsonSerializable(typeof(ClusterMesh.Agent.PolicyTrace.TraceReport))]
[JsonSerializable(typeof(ClusterMesh.Agent.GlobalServices.ServiceListReport))]
internal sealed partial class CliJson : JsonSerializerContext
{
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, typeof(T), Default);
}

/// <summary>The JSON document of <c>status</c> and <c>troubleshoot</c>, and of <c>run --status-file</c> (which adds the
/// node fields).</summary>
internal sealed record TroubleshootReport
{
    [JsonPropertyName("cluster")] public required string Cluster { get; init; }

    [JsonPropertyName("ready")] public bool Ready { get; init; }

    [JsonPropertyName("clusters")] public IReadOnlyList<RemoteClusterView> Clusters { get; init; } = [];

    /// <summary>run only: the node this agent runs on.</summary>
    [JsonPropertyName("node")] public string? Node { get; init; }

    /// <summary>run only: whether the node's share of the local cluster is written to the local kvstore.</summary>
    [JsonPropertyName("published")] public bool? Published { get; init; }

    /// <summary>run only: whether this agent writes the cluster-wide keys and the synced canaries.</summary>
    [JsonPropertyName("clusterStatePublisher")] public bool? ClusterStatePublisher { get; init; }

    /// <summary>run only, on the cluster-state publisher: whether the synced canaries are written.</summary>
    [JsonPropertyName("syncedCanaries")] public bool? SyncedCanaries { get; init; }

    /// <summary>run only: why the agent stopped on its own.</summary>
    [JsonPropertyName("failure")] public string? Failure { get; init; }

    /// <summary>run only: when the status was written.</summary>
    [JsonPropertyName("time")] public DateTimeOffset? Time { get; init; }
}
