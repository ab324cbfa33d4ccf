using ClusterMesh.Services.LoadBalancing;
using ClusterMesh.Services.Merge;

namespace ClusterMesh.Agent.GlobalServices;

/// <summary>
/// One node's global-service pipeline: the merger (fed with the cluster's own services and, as an observer, with
/// every remote cluster's), the Maglev tables it keeps current, and connection balancing over them.
/// </summary>
internal sealed class NodeServices
{
    public NodeServices(string cluster)
    {
        Tables = new LoadBalancerTables();
        Merger = new GlobalServiceMerger(cluster, Tables);
        Balancer = new ConnectionBalancer(Tables);
    }

    public GlobalServiceMerger Merger { get; }

    public LoadBalancerTables Tables { get; }

    public ConnectionBalancer Balancer { get; }
}
