using ClusterMesh.Abstractions.Model;
using ClusterMesh.Replication.Common;

namespace ClusterMesh.Replication.Remote;

/// <summary>The local side of every remote cluster connection: who we are and how patiently we retry.</summary>
public sealed record RemoteClusterOptions
{
    /// <summary>The local cluster's name (a remote cluster of that name is ignored).</summary>
    public required string LocalClusterName { get; init; }

    /// <summary>The local cluster's ID (no remote cluster may use it).</summary>
    public required ClusterId LocalClusterId { get; init; }

    /// <summary>The mesh size; remote clusters must run with the same.</summary>
    public int MaxConnectedClusters { get; init; } = MeshLimits.DefaultMaxConnectedClusters;

    /// <summary>Retry delays while the configuration is missing or invalid.</summary>
    public BackoffOptions ConnectBackoff { get; init; } = BackoffOptions.Default;

    /// <summary>Retry delays of the watches.</summary>
    public BackoffOptions WatchBackoff { get; init; } = BackoffOptions.Default;

    /// <summary>Whether to watch the remote heartbeat and report when it stops.</summary>
    public bool MonitorHeartbeat { get; init; } = true;

    /// <summary>How long without a heartbeat counts as a fault (Cilium: twice the one-minute write interval).</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
