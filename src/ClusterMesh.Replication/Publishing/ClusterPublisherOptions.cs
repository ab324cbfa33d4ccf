using ClusterMesh.Abstractions.Model;
using ClusterMesh.Replication.Common;

namespace ClusterMesh.Replication.Publishing;

/// <summary>Settings of a <see cref="ClusterPublisher"/>.</summary>
public sealed record ClusterPublisherOptions
{
    /// <summary>The cluster whose state is published.</summary>
    public required ClusterName ClusterName { get; init; }

    /// <summary>Its numeric ID.</summary>
    public required ClusterId ClusterId { get; init; }

    /// <summary>255 or 511; must agree across the mesh.</summary>
    public int MaxConnectedClusters { get; init; } = MeshLimits.DefaultMaxConnectedClusters;

    /// <summary>TTL of the lease the published keys are held under (a crashed publisher's keys expire).</summary>
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// When set, only this node's share of each snapshot is published (<see cref="ClusterSnapshot.OnNode"/>: its
    /// Node, the ipcache entries and identities of its pods), so that one publisher per node can run side by side
    /// without deleting each other's keys. When null (the default) the whole snapshot is published.
    /// </summary>
    public string? NodeName { get; init; }

    /// <summary>
    /// Whether this publisher writes the cluster-wide keys: the cluster config, the global services, the
    /// heartbeat and the synced canaries. Exactly one publisher per cluster should (default true). With
    /// <see cref="NodeName"/> set, the canaries wait until the store holds every node and ipcache key of the
    /// whole snapshot, written by the other nodes' publishers.
    /// </summary>
    public bool PublishClusterState { get; init; } = true;

    /// <summary>Retry delays of the wait for the other nodes' keys.</summary>
    public BackoffOptions Backoff { get; init; } = BackoffOptions.Default;

    /// <summary>
    /// Whether MCS-API service exports are published (under <c>cilium/state/serviceexports/v1/&lt;cluster&gt;/</c>,
    /// with their synced canary) and the cluster config says so (<c>serviceExportsEnabled</c>), as Cilium's
    /// clustermesh-apiserver does with MCS-API support on. Off by default.
    /// </summary>
    public bool ServiceExportsEnabled { get; init; }
}
