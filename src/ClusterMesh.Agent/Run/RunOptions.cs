namespace ClusterMesh.Agent.Run;

/// <summary>What <c>run</c> was given on the command line, before any of it is checked.</summary>
internal sealed record RunOptions
{
    /// <summary>A cluster's manifest folder, or a mesh folder with one folder per cluster.</summary>
    public required string Manifests { get; init; }

    public required string Cluster { get; init; }

    public required string Node { get; init; }

    /// <summary>The local cluster's etcd config file (Cilium's format) or a <c>memory://NAME</c> endpoint.</summary>
    public required string KvstoreConfig { get; init; }

    /// <summary>Cilium's clustermesh config directory: one file per remote cluster.</summary>
    public required string ClusterMeshConfig { get; init; }

    public string Datapath { get; init; } = DatapathChoices.Default;

    public string? StatusFile { get; init; }

    /// <summary>Whether this agent writes the cluster-wide keys; null: only the cluster's first node (ordinal order).</summary>
    public bool? PublishClusterState { get; init; }

    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(1);
}
