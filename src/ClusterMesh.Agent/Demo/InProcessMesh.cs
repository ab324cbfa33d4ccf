using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Agent.GlobalServices;
using ClusterMesh.Datapath.Simulation;
using ClusterMesh.Kubernetes.Manifests;
using ClusterMesh.Kvstore.Memory;
using ClusterMesh.Kvstore.Memory.Hosting;
using ClusterMesh.Replication.Common;
using ClusterMesh.Replication.Mesh;
using ClusterMesh.Replication.Publishing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Agent.Demo;

/// <summary>
/// A whole mesh in one process: per cluster an embedded kvstore and a publisher (MCS-API service exports on), per
/// node an agent host (built with <c>AddClusterMesh().UseMemoryKvStore().UseSimulationDatapath()</c>) whose
/// global-service tables program its datapath's load-balancer map and whose ServiceImports follow every cluster's
/// exports, and a clustermesh config directory per cluster naming every other cluster's store.
/// </summary>
internal sealed class InProcessMesh : IAsyncDisposable
{
    private readonly string _configRoot;

    private InProcessMesh(MemoryKvStoreRegistry registry, SimulatedMesh fabric, IReadOnlyList<MeshClusterRuntime> clusters, string configRoot)
    {
        Registry = registry;
        Fabric = fabric;
        Clusters = clusters;
        _configRoot = configRoot;
    }

    public MemoryKvStoreRegistry Registry { get; }

    /// <summary>Every node's datapath, joined so that packets can be followed across nodes.</summary>
    public SimulatedMesh Fabric { get; }

    public IReadOnlyList<MeshClusterRuntime> Clusters { get; }

    public IEnumerable<ClusterMeshNode> Agents => Clusters.SelectMany(c => c.Agents);


    /// <summary>Builds the mesh from manifests, publishes every cluster and starts every agent.</summary>
    public static async Task<InProcessMesh> StartAsync(IReadOnlyList<ClusterManifests> manifests, ILoggerFactory loggers, BackoffOptions backoff, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var registry = new MemoryKvStoreRegistry();
        var fabric = new SimulatedMesh(loggers);
        var configRoot = Path.Combine(Path.GetTempPath(), $"clustermesh-config-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        var clusters = new List<MeshClusterRuntime>();
        foreach (var cluster in manifests)
        {
            var settings = cluster.Settings;
            var configDirectory = Path.Combine(configRoot, settings.Name.Value);
            Directory.CreateDirectory(configDirectory);
            foreach (var remote in manifests.Where(m => m != cluster))
            {
                // Cilium's clustermesh config format: one file per remote cluster, named after it.
                await File.WriteAllTextAsync(Path.Combine(configDirectory, remote.Settings.Name.Value),
                    $"endpoints:\n- {MemoryKvStoreRegistry.Scheme}://{remote.Settings.Name.Value}\n", cancellationToken);
            }

            var store = registry.GetOrCreate(settings.Name.Value);
            var publisher = new ClusterPublisher(store, new ClusterPublisherOptions
            {
                ClusterName = settings.Name,
                ClusterId = settings.Id,
                MaxConnectedClusters = settings.MaxConnectedClusters,
                ServiceExportsEnabled = true,
            }, time, loggers);

            var state = Kubernetes.LocalState.LocalStateBuilder.Build(cluster);
            var hosts = new List<IHost>();
            var nodeServices = new Dictionary<string, NodeServices>(StringComparer.Ordinal);
            foreach (var node in state.Nodes)
            {
                var services = nodeServices[node.Name] = new NodeServices(settings.Name.Value);
                var nodeOptions = MeshClusterRuntime.NodeOptions(settings, node);
                var datapath = fabric.AddNode(nodeOptions);
                services.AttachDatapath(datapath);
                var host = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
                host.Services.AddSingleton(loggers);
                host.Services.AddSingleton(time);
                host.Services.AddSingleton<IStoreObserver<ClusterService>>(services.Merger);
                host.Services.AddSingleton<IStoreObserver<ServiceExport>>(services.Imports);
                host.Services.AddClusterMesh(o =>
                    {
                        o.ClusterName = settings.Name.Value;
                        o.ClusterId = settings.Id.Value;
                        o.MaxConnectedClusters = settings.MaxConnectedClusters;
                        o.NodeName = node.Name;
                        o.ClusterMeshConfigDirectory = configDirectory;
                        o.RoutingMode = settings.RoutingMode;
                        o.Segment = nodeOptions.Segment;
                        o.Backoff = backoff;
                    })
                    .UseMemoryKvStore(settings.Name.Value, registry)
                    .UseSimulationDatapath(_ => datapath);
                hosts.Add(host.Build());
            }

            var runtime = new MeshClusterRuntime(cluster, store, publisher, hosts, nodeServices);
            runtime.ApplyServices(runtime.LocalServices);
            clusters.Add(runtime);
        }

        var mesh = new InProcessMesh(registry, fabric, clusters, configRoot);
        foreach (var cluster in clusters)
        {
            await cluster.PublishAsync(cluster.State, cancellationToken);
        }

        foreach (var cluster in clusters)
        {
            await cluster.StartAsync(cancellationToken);
        }

        return mesh;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var cluster in Clusters)
        {
            await cluster.DisposeAsync();
        }

        await Registry.DisposeAsync();

        try
        {
            Directory.Delete(_configRoot, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
