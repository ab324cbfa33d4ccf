using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Replication.Publishing;

/// <summary>The complete state a cluster publishes at one point in time.</summary>
/// <param name="Nodes">Its nodes.</param>
/// <param name="Endpoints">Its pods with addresses (identities are allocated for their label sets).</param>
/// <param name="Services">Its global services; only shared ones are published.</param>
public sealed record ClusterSnapshot(IReadOnlyList<Node> Nodes, IReadOnlyList<PodEndpoint> Endpoints, IReadOnlyList<ClusterService> Services)
{
    /// <summary>Its MCS-API service exports; published only when the publisher has service exports enabled.</summary>
    public IReadOnlyList<ServiceExport> ServiceExports { get; init; } = [];

    /// <summary>A snapshot without services.</summary>
    public ClusterSnapshot(IReadOnlyList<Node> nodes, IReadOnlyList<PodEndpoint> endpoints)
        : this(nodes, endpoints, [])
    {
    }

    /// <summary>
    /// The share one node's agent owns: its own <see cref="Node"/> and the endpoints of the pods scheduled on it
    /// (services are cluster-wide and kept as they are).
    /// </summary>
    public ClusterSnapshot OnNode(string nodeName) => this with
    {
        Nodes = [.. Nodes.Where(n => n.Name == nodeName)],
        Endpoints = [.. Endpoints.Where(e => e.NodeName == nodeName)],
    };
}
