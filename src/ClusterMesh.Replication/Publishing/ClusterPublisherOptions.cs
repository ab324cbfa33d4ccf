using ClusterMesh.Abstractions.Model;

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
    /// Whether MCS-API service exports are published (under <c>cilium/state/serviceexports/v1/&lt;cluster&gt;/</c>,
    /// with their synced canary) and the cluster config says so (<c>serviceExportsEnabled</c>), as Cilium's
    /// clustermesh-apiserver does with MCS-API support on. Off by default.
    /// </summary>
    public bool ServiceExportsEnabled { get; init; }
}
