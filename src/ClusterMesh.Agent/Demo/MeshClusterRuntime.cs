using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Agent.GlobalServices;
using ClusterMesh.Datapath.Simulation;
using ClusterMesh.Kubernetes.LocalState;
using ClusterMesh.Kubernetes.Manifests;
using ClusterMesh.Kvstore.Memory;
using ClusterMesh.Kvstore.Memory.Hosting;
using ClusterMesh.Replication.Mesh;
using ClusterMesh.Replication.Publishing;
using ClusterMesh.Services.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClusterMesh.Agent.Demo;

/// <summary>One cluster of an in-process mesh: its kvstore, its publisher and one agent host per node.</summary>
internal sealed class MeshClusterRuntime : IAsyncDisposable
{
    private readonly IReadOnlyList<IHost> _hosts;

    public MeshClusterRuntime(ClusterManifests manifests, MemoryKvStore store, ClusterPublisher publisher, IReadOnlyList<IHost> hosts, IReadOnlyDictionary<string, NodeServices> nodeServices)
    {
        Manifests = manifests;
        Store = store;
        Publisher = publisher;
        _hosts = hosts;
        Agents = hosts.Select(h => h.Services.GetRequiredService<ClusterMeshNode>()).ToList();
        NodeServices = nodeServices;
        State = LocalStateBuilder.Build(manifests);
        LocalServices = ManifestServices.Read(manifests);
        LocalExports = ManifestServiceExports.Read(manifests);
        foreach (var node in nodeServices.Values)
        {
            node.ApplyLocalExports(LocalExports);
        }
    }

    /// <summary>Each node's global-service pipeline, by node name.</summary>
    public IReadOnlyDictionary<string, NodeServices> NodeServices { get; }

    /// <summary>The cluster's own services as last applied.</summary>
    public IReadOnlyList<LocalService> LocalServices { get; private set; }

    /// <summary>The cluster's own MCS-API service exports (from its ServiceExport manifests).</summary>
    public IReadOnlyList<ServiceExport> LocalExports { get; }

    public ClusterManifests Manifests { get; }

    public string Name => Manifests.Settings.Name.Value;

    public MemoryKvStore Store { get; }

    public ClusterPublisher Publisher { get; }

    public IReadOnlyList<ClusterMeshNode> Agents { get; }

    /// <summary>The state last published (the demo edits it to replace pods).</summary>
    public LocalClusterState State { get; private set; }

    /// <summary>Publishes <paramref name="state"/> and programs each node's own endpoints.</summary>
    public async Task PublishAsync(LocalClusterState state, CancellationToken cancellationToken)
    {
        State = state;
        var snapshot = new ClusterSnapshot(state.Nodes, state.Endpoints, ManifestServices.Export(Manifests, LocalServices)) { ServiceExports = LocalExports };
        await Publisher.PublishAsync(snapshot, cancellationToken);
        var identities = Publisher.Identities.ToDictionary(p => p.Value, p => p.Key);
        foreach (var agent in Agents)
        {
            var endpoints = state.EndpointsOn(agent.NodeName)
                .Select((e, i) => new LocalEndpoint(e.Address, i + 1, identities[e.IdentityLabels], e.Namespace, e.Name))
                .ToList();
            agent.SetLocalEndpoints(endpoints);
        }
    }

    /// <summary>Applies the cluster's own services on every node (the next <see cref="PublishAsync"/> exports them).</summary>
    public void ApplyServices(IReadOnlyList<LocalService> services)
    {
        LocalServices = services;
        foreach (var node in NodeServices.Values)
        {
            foreach (var service in services)
            {
                node.Merger.UpsertLocal(service);
            }
        }
    }

    /// <summary>The pod endpoint named <paramref name="name"/> in the default namespace.</summary>
    public PodEndpoint Pod(string name) =>
        State.Endpoints.FirstOrDefault(e => e.Name == name) ?? throw new InvalidOperationException($"no pod {name} in {Name}");


    /// <summary>Starts every node's agent host.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var host in _hosts)
        {
            await host.StartAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
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
