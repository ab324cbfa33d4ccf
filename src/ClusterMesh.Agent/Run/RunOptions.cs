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

    /// <summary>The eBPF datapath's underlay device (direct routing, <c>from_netdev</c>).</summary>
    public string UnderlayDevice { get; init; } = "eth0";

    /// <summary>The eBPF datapath's bpffs pin directory; null: <c>/sys/fs/bpf/clustermesh/&lt;cluster&gt;-&lt;node&gt;</c>.</summary>
    public string? PinDirectory { get; init; }

    /// <summary>How often the manifest folder is checked for changes (pods added or deleted are republished).</summary>
    public TimeSpan ManifestPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether this agent writes the cluster-wide keys; null: only the cluster's first node (ordinal order).</summary>
    public bool? PublishClusterState { get; init; }

    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(1);
}
