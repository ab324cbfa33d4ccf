using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Kubernetes.LocalState;

/// <summary>What a cluster publishes to its kvstore, derived from its Kubernetes objects.</summary>
/// <param name="Cluster">The cluster's name and ID.</param>
/// <param name="Nodes">Nodes in the wire model.</param>
/// <param name="Endpoints">Pods with an address.</param>
public sealed record LocalClusterState(Manifests.ClusterSettings Cluster, IReadOnlyList<Node> Nodes, IReadOnlyList<PodEndpoint> Endpoints)
{
    /// <summary>The endpoints hosted on <paramref name="nodeName"/>.</summary>
    public IEnumerable<PodEndpoint> EndpointsOn(string nodeName) => Endpoints.Where(e => e.NodeName == nodeName);
}
