using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Agent.Runtime;
using ClusterMesh.Datapath.Simulation;
using ClusterMesh.Kubernetes.LocalState;
using ClusterMesh.Kubernetes.Manifests;
using ClusterMesh.Kvstore.Memory;
using ClusterMesh.Kvstore.Memory.Hosting;
using ClusterMesh.Replication.Publishing;

namespace ClusterMesh.Agent.Demo;

/// <summary>One cluster of an in-process mesh: its kvstore, its publisher and one agent per node.</summary>
internal sealed class MeshClusterRuntime : IAsyncDisposable
{
    public MeshClusterRuntime(ClusterManifests manifests, MemoryKvStore store, ClusterPublisher publisher, IReadOnlyList<NodeAgent> agents)
    {
        Manifests = manifests;
        Store = store;
        Publisher = publisher;
        Agents = agents;
        State = LocalStateBuilder.Build(manifests);
    }

    public ClusterManifests Manifests { get; }

    public string Name => Manifests.Settings.Name.Value;

    public MemoryKvStore Store { get; }

    public ClusterPublisher Publisher { get; }

    public IReadOnlyList<NodeAgent> Agents { get; }

    /// <summary>The state last published (the demo edits it to replace pods).</summary>
    public LocalClusterState State { get; private set; }

    /// <summary>Publishes <paramref name="state"/> and programs each node's own endpoints.</summary>
    public async Task PublishAsync(LocalClusterState state, CancellationToken cancellationToken)
    {
        State = state;
        await Publisher.PublishAsync(new ClusterSnapshot(state.Nodes, state.Endpoints), cancellationToken);
        var identities = Publisher.Identities.ToDictionary(p => p.Value, p => p.Key);
        foreach (var agent in Agents)
        {
            var endpoints = state.EndpointsOn(agent.NodeName)
                .Select((e, i) => new LocalEndpoint(e.Address, i + 1, identities[e.IdentityLabels], e.Namespace, e.Name))
                .ToList();
            agent.SetLocalEndpoints(endpoints);
        }
    }

    /// <summary>The pod endpoint named <paramref name="name"/> in the default namespace.</summary>
    public PodEndpoint Pod(string name) =>
        State.Endpoints.FirstOrDefault(e => e.Name == name) ?? throw new InvalidOperationException($"no pod {name} in {Name}");

    public NodeAgent AgentOf(string nodeName) => Agents.First(a => a.NodeName == nodeName);

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in Agents)
        {
            await agent.DisposeAsync();
        }

        await Publisher.DisposeAsync();
    }

    /// <summary>Simulated node options for a node of this cluster.</summary>
    public static SimulatedNodeOptions NodeOptions(ClusterSettings settings, Abstractions.Model.Node node) => new()
    {
        NodeName = node.Name,
        NodeAddress = node.AddressOf(NodeAddress.InternalIP) ?? throw new InvalidOperationException($"node {node.Name} has no InternalIP"),
        PodCidrs = [.. new[] { node.IPv4AllocCIDR, node.IPv6AllocCIDR }.OfType<IpPrefix>()],
        RoutingMode = settings.RoutingMode,
        Segment = Replication.Datapath.NodeRouting.SegmentOf(node),
    };
}
