using System.Text.Json.Serialization;

namespace ClusterMesh.Agent.Output;

/// <summary>The status of one remote cluster as the CLI prints it (text and JSON).</summary>
internal sealed record RemoteClusterView
{
    [JsonPropertyName("name")] public required string Name { get; init; }

    [JsonPropertyName("ready")] public bool Ready { get; init; }

    [JsonPropertyName("connected")] public bool Connected { get; init; }

    [JsonPropertyName("clusterID")] public int ClusterId { get; init; }

    [JsonPropertyName("nodes")] public int Nodes { get; init; }

    [JsonPropertyName("endpoints")] public int Endpoints { get; init; }

    [JsonPropertyName("identities")] public int Identities { get; init; }

    [JsonPropertyName("services")] public int Services { get; init; }

    [JsonPropertyName("failures")] public int Failures { get; init; }

    [JsonPropertyName("lastFailure")] public string? LastFailure { get; init; }

    [JsonPropertyName("synced")] public SyncedView Synced { get; init; } = new();

    [JsonPropertyName("rejected")] public int Rejected { get; init; }
}

/// <summary>Which kinds of a remote cluster are in sync.</summary>
internal sealed record SyncedView
{
    [JsonPropertyName("nodes")] public bool Nodes { get; init; }

    [JsonPropertyName("endpoints")] public bool Endpoints { get; init; }

    [JsonPropertyName("identities")] public bool Identities { get; init; }

    [JsonPropertyName("services")] public bool Services { get; init; }
}

/// <summary>What the agents of one cluster see of the mesh (a remote is ready only when every agent sees it ready).</summary>
internal sealed record ClusterView
{
    [JsonPropertyName("name")] public required string Name { get; init; }

    [JsonPropertyName("agents")] public IReadOnlyList<string> Agents { get; init; } = [];

    [JsonPropertyName("remoteClusters")] public IReadOnlyList<RemoteClusterView> RemoteClusters { get; init; } = [];
}
