using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Benchmarks.Data;
using ClusterMesh.Datapath.Simulation;
using ClusterMesh.Kvstore.Memory.Hosting;
using ClusterMesh.Replication.Caches;
using ClusterMesh.Replication.Datapath;
using ClusterMesh.Replication.Mesh;
using ClusterMesh.Replication.Remote;

namespace ClusterMesh.Benchmarks.Pipeline;

/// <summary>
/// The real agent path for one remote cluster: a clustermesh config directory whose file names
/// <c>memory://cluster2</c>, a <see cref="ClusterMeshManager"/> with <see cref="MemoryKvStoreFactory"/>, one
/// <see cref="RemoteCluster"/> that reads and validates the cluster config, waits for the synced canaries and runs
/// one WatchStore per prefix, decoding into the datapath observers on a <see cref="SimulatedDatapath"/> and an
/// identity <see cref="MirrorCache{T}"/> — the same kinds the reference agent's NodeAgent mirrors.
/// </summary>
internal sealed class MirrorPipeline : IAsyncDisposable
{
    private readonly DirectoryInfo _configDirectory;

    /// <param name="registry">Holds the remote cluster's store (<c>memory://cluster2</c>).</param>
    /// <param name="ipcacheOnly">Mirror only the ipcache prefix (the memory scenario).</param>
    /// <param name="ipcacheObserver">What receives ipcache entries, given the datapath; the datapath observer when null.</param>
    public MirrorPipeline(MemoryKvStoreRegistry registry, bool ipcacheOnly = false,
        Func<SimulatedDatapath, IStoreObserver<IpCacheEntry>>? ipcacheObserver = null)
    {
        _configDirectory = Directory.CreateTempSubdirectory("cmbench-");
        File.WriteAllText(Path.Combine(_configDirectory.FullName, RemoteClusterData.ClusterName),
            $"endpoints:\n- {MemoryKvStoreRegistry.Scheme}://{RemoteClusterData.ClusterName}\n");
        Datapath = new SimulatedDatapath(new SimulatedNodeOptions
        {
            NodeName = "local-node",
            NodeAddress = System.Net.IPAddress.Parse("192.168.0.1"),
            PodCidrs = [IpPrefix.Parse("10.200.0.0/24")],
            RoutingMode = RoutingMode.Tunnel,
        });
        var nodes = new NodeDatapathObserver(Datapath, new NodeRouting(RoutingMode.Tunnel, SimulatedNodeOptions.DefaultSegment));
        IpCacheObserver = ipcacheObserver?.Invoke(Datapath) ?? new IpCacheDatapathObserver(Datapath);
        IReadOnlyList<RemoteKind> kinds = ipcacheOnly
            ?
            [
                RemoteKind.Shared(RemoteKindNames.Endpoints, KvKeys.IpCachePrefix, KvKeys.IpCacheNamespace, Codecs(c => c.IpCache), IpCacheObserver),
            ]
            :
            [
                RemoteKind.ClusterScoped(RemoteKindNames.Nodes, KvKeys.NodesPrefix, Codecs(c => c.Nodes), nodes),
                RemoteKind.ClusterScoped(RemoteKindNames.Services, KvKeys.ServicesPrefix, Codecs(c => c.Services), Services),
                RemoteKind.Shared(RemoteKindNames.Identities, KvKeys.IdentitiesPrefix, "id", Codecs(c => c.Identities), Identities),
                RemoteKind.Shared(RemoteKindNames.Endpoints, KvKeys.IpCachePrefix, KvKeys.IpCacheNamespace, Codecs(c => c.IpCache), IpCacheObserver),
            ];
        Manager = new ClusterMeshManager(
            new ClusterMeshOptions
            {
                ConfigDirectory = _configDirectory.FullName,
                WatchDirectory = false,
                Cluster = new RemoteClusterOptions
                {
                    LocalClusterName = RemoteClusterData.LocalClusterName,
                    LocalClusterId = new ClusterId(RemoteClusterData.LocalClusterIdValue),
                },
            },
            new MemoryKvStoreFactory(registry),
            _ => kinds);
    }

    public SimulatedDatapath Datapath { get; }

    public IStoreObserver<IpCacheEntry> IpCacheObserver { get; }

    public MirrorCache<IdentityEntry> Identities { get; } = new();

    public MirrorCache<ClusterService> Services { get; } = new();

    public ClusterMeshManager Manager { get; }

    public RemoteClusterStatus Status => Manager.GetStatus().Single();

    /// <summary>Reads the config directory, connects, and returns once every kind is listed and in sync.</summary>
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

    private static Func<RemoteClusterInfo, IKvCodec<T>> Codecs<T>(Func<WireCodecs, IKvCodec<T>> pick)
        where T : notnull =>
        info => pick(WireCodecs.For(new WireValidationContext(ClusterName.Parse(info.Name), info.Id, info.MaxConnectedClusters)));
}
