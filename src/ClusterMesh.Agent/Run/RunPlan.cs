using ClusterMesh.Abstractions.Model;
using ClusterMesh.Kubernetes.LocalState;
using ClusterMesh.Kubernetes.Manifests;
using ClusterMesh.Kvstore.Etcd;
using ClusterMesh.Replication.Common;

namespace ClusterMesh.Agent.Run;

/// <summary>Checked input of <c>run</c>: everything the agent host is built from.</summary>
/// <param name="Manifests">The local cluster's manifests.</param>
/// <param name="State">The cluster's nodes and endpoints built from them.</param>
/// <param name="Node">The node this agent runs on.</param>
/// <param name="Kvstore">The local cluster's kvstore.</param>
/// <param name="ClusterMeshConfig">The clustermesh config directory (remote clusters).</param>
/// <param name="Datapath">Registers the datapath.</param>
/// <param name="StatusFile">Where to write the status periodically, if anywhere.</param>
/// <param name="PublishClusterState">Whether this agent writes the cluster-wide keys and the synced canaries.</param>
/// <param name="StatusInterval">How often the status file is written.</param>
internal sealed record RunPlan(
    ClusterManifests Manifests,
    LocalClusterState State,
    Node Node,
    LocalKvstore Kvstore,
    string ClusterMeshConfig,
    DatapathRegistration Datapath,
    string? StatusFile,
    bool PublishClusterState,
    TimeSpan StatusInterval)
{
    public ClusterSettings Cluster => Manifests.Settings;

    /// <summary>Where the manifests were read from (re-read when its files change); null: never re-read.</summary>
    public string? ManifestsPath { get; init; }

    /// <summary>How often <see cref="ManifestsPath"/> is checked for changes.</summary>
    public TimeSpan ManifestPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Node-local settings of kernel datapaths (underlay device, pin directory).</summary>
    public DatapathHostSettings DatapathHost { get; init; } = new("eth0", null);

    /// <summary>
    /// Retry delays towards remote clusters: capped at 5 s rather than the library's 30 s, so that a remote whose
    /// agents start a little later (the usual case when a whole mesh starts at once) is picked up promptly.
    /// </summary>
    public BackoffOptions Backoff { get; init; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
}

/// <summary>The local cluster's kvstore: an in-process memory store by name, or etcd.</summary>
/// <param name="MemoryName">The memory store's name, for <c>memory://NAME</c>.</param>
/// <param name="Etcd">The etcd connection, loaded from Cilium's etcd config file.</param>
internal sealed record LocalKvstore(string? MemoryName, EtcdKvStoreOptions? Etcd);
