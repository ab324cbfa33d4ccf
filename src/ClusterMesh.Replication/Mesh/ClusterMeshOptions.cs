using ClusterMesh.Replication.Remote;

namespace ClusterMesh.Replication.Mesh;

/// <summary>Settings of a <see cref="ClusterMeshManager"/>.</summary>
public sealed record ClusterMeshOptions
{
    /// <summary>The clustermesh configuration directory: one file per remote cluster, named after it
    /// (Cilium mounts it at <c>/var/lib/cilium/clustermesh</c>).</summary>
    public required string ConfigDirectory { get; init; }

    /// <summary>The local cluster and how remote clusters are connected.</summary>
    public required RemoteClusterOptions Cluster { get; init; }

    /// <summary>Whether to rescan when files in the directory change. Tests call
    /// <see cref="ClusterMeshManager.RescanAsync"/> instead.</summary>
    public bool WatchDirectory { get; init; } = true;
}
