using ClusterMesh.Abstractions.Model;
using ClusterMesh.Replication.Common;
using ClusterMesh.Replication.Datapath;

namespace ClusterMesh.Agent.Runtime;

/// <summary>Settings of one node's agent.</summary>
internal sealed record NodeAgentOptions
{
    public required ClusterName ClusterName { get; init; }

    public required ClusterId ClusterId { get; init; }

    public int MaxConnectedClusters { get; init; } = MeshLimits.DefaultMaxConnectedClusters;

    public required string NodeName { get; init; }

    /// <summary>The clustermesh config directory: one file per remote cluster.</summary>
    public required string ClusterMeshConfigDirectory { get; init; }

    public required NodeRouting Routing { get; init; }

    /// <summary>How fast to retry remote connections and watches.</summary>
    public BackoffOptions Backoff { get; init; } = BackoffOptions.Default;
}
