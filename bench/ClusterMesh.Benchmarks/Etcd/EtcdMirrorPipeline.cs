using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Datapath.Simulation;
using ClusterMesh.Kvstore.Etcd.Hosting;
using ClusterMesh.Replication.Caches;
using ClusterMesh.Replication.Datapath;
using ClusterMesh.Replication.Mesh;
using ClusterMesh.Replication.Remote;

namespace ClusterMesh.Benchmarks.Etcd;

/// <summary>
/// The real agent path against real etcd servers: a clustermesh config directory with one file per remote cluster
/// naming its etcd, a <see cref="ClusterMeshManager"/> with <see cref="EtcdKvStoreFactory"/>, one
/// <see cref="RemoteCluster"/> per file (configuration, synced canaries, one WatchStore per kind), the wire codecs,
/// and the datapath observers on one <see cref="SimulatedDatapath"/> plus identity and service caches.
/// </summary>
internal sealed class EtcdMirrorPipeline : IAsyncDisposable
{
    private readonly DirectoryInfo _configDirectory;

    public EtcdMirrorPipeline(IEnumerable<(string Cluster, string Endpoint)> remotes, Func<SimulatedDatapath, IStoreObserver<IpCacheEntry>>? ipcacheObserver = null)
    {
        _configDirectory = Directory.CreateTempSubdirectory("cmbench-etcd-mesh-");
        foreach (var (cluster, endpoint) in remotes)
        {
            File.WriteAllText(Path.Combine(_configDirectory.FullName, cluster), $"endpoints:\n- {endpoint}\n");
        }

        Datapath = new SimulatedDatapath(new SimulatedNodeOptions
        {
            NodeName = "local-node",
            NodeAddress = System.Net.IPAddress.Parse("192.168.0.1"),
            PodCidrs = [IpPrefix.Parse("10.250.0.0/24")],
            RoutingMode = RoutingMode.Tunnel,
        });
        var nodes = new NodeDatapathObserver(Datapath, new NodeRouting(RoutingMode.Tunnel, SimulatedNodeOptions.DefaultSegment));
        var endpoints = ipcacheObserver?.Invoke(Datapath) ?? new IpCacheDatapathObserver(Datapath);
        var kinds = StandardRemoteKinds.Create(new RemoteClusterObservers(nodes, Services, Identities, endpoints));
        Manager = new ClusterMeshManager(
            new ClusterMeshOptions
            {
                ConfigDirectory = _configDirectory.FullName,
                WatchDirectory = false,
                Cluster = new RemoteClusterOptions { LocalClusterName = "cluster1", LocalClusterId = new ClusterId(1) },
            },
            new EtcdKvStoreFactory(configure: o => o with { OperationTimeout = TimeSpan.FromSeconds(30) }),
            _ => kinds);
    }

    public SimulatedDatapath Datapath { get; }

    public MirrorCache<IdentityEntry> Identities { get; } = new();

    public MirrorCache<ClusterService> Services { get; } = new();

    public ClusterMeshManager Manager { get; }

    /// <summary>Reads the config directory, connects every cluster and returns once all are listed and in sync.</summary>
    public async Task StartAndWaitReadyAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await Manager.StartAsync(cancel.Token);
        await Manager.WaitUntilReadyAsync(cancel.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await Manager.DisposeAsync();
        _configDirectory.Delete(recursive: true);
    }
}
