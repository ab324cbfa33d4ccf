using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Replication.Common;

namespace ClusterMesh.Replication.Mesh;

/// <summary>Settings of one node's agent (<see cref="ClusterMeshNode"/>); checked by <see cref="Validate"/> at start.</summary>
public sealed record ClusterMeshNodeOptions
{
    /// <summary>This cluster's name (Cilium's <c>cluster-name</c>).</summary>
    public string ClusterName { get; set; } = string.Empty;

    /// <summary>This cluster's ID (Cilium's <c>cluster-id</c>).</summary>
    public int ClusterId { get; set; }

    /// <summary>255 or 511; must agree across the mesh.</summary>
    public int MaxConnectedClusters { get; set; } = MeshLimits.DefaultMaxConnectedClusters;

    /// <summary>The node this agent runs on.</summary>
    public string NodeName { get; set; } = string.Empty;

    /// <summary>The clustermesh config directory: one file per remote cluster, named after it.</summary>
    public string ClusterMeshConfigDirectory { get; set; } = string.Empty;

    /// <summary>How this node reaches other nodes' pods.</summary>
    public RoutingMode RoutingMode { get; set; } = RoutingMode.Tunnel;

    /// <summary>This node's L2 segment (hybrid routing); defaults to the cluster name.</summary>
    public string? Segment { get; set; }

    /// <summary>Whether to follow changes of the config directory as they happen.</summary>
    public bool WatchConfigDirectory { get; set; } = true;

    /// <summary>How fast to retry remote connections and watches.</summary>
    public BackoffOptions Backoff { get; set; } = BackoffOptions.Default;

    /// <summary>Every problem with these settings, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!MeshLimits.IsValid(MaxConnectedClusters))
        {
            problems.Add($"MaxConnectedClusters must be 255 or 511, not {MaxConnectedClusters}");
        }
        else if (!new ClusterId(ClusterId).IsValidFor(MaxConnectedClusters))
        {
            problems.Add($"ClusterId must be between 1 and {MaxConnectedClusters}, not {ClusterId}");
        }

        if (Abstractions.Model.ClusterName.Check(ClusterName) is { } nameProblem)
        {
            problems.Add($"ClusterName: {nameProblem}");
        }
        else if (ClusterName == Abstractions.Model.ClusterName.DefaultName)
        {
            problems.Add($"ClusterName '{ClusterName}' is not allowed in a mesh (it needs cluster ID 0)");
        }

        if (string.IsNullOrWhiteSpace(NodeName))
        {
            problems.Add("NodeName is required");
        }

        if (string.IsNullOrWhiteSpace(ClusterMeshConfigDirectory))
        {
            problems.Add("ClusterMeshConfigDirectory is required");
        }

        if (!Enum.IsDefined(RoutingMode))
        {
            problems.Add($"RoutingMode '{RoutingMode}' is not tunnel, direct or hybrid");
        }

        return problems;
    }
}
