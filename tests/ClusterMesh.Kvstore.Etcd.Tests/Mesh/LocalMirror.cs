using Microsoft.Extensions.Logging;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Datapath.Simulation;
using ClusterMesh.Kvstore.Etcd.Hosting;
using ClusterMesh.Replication.Caches;
using ClusterMesh.Replication.Common;
using ClusterMesh.Replication.Datapath;
using ClusterMesh.Replication.Mesh;
using ClusterMesh.Replication.Remote;

namespace ClusterMesh.Kvstore.Etcd.Tests.Mesh;

/// <summary>
/// The local cluster c1 (ID 1) as an agent runs it: a clustermesh config directory with one file for c2 naming
/// its etcd endpoints, a <see cref="ClusterMeshManager"/> creating etcd clients through
/// <see cref="EtcdKvStoreFactory"/>, and the standard kinds mirrored into caches chained to a Simulation datapath.
/// </summary>
internal sealed class LocalMirror : IAsyncDisposable
{
    public static readonly BackoffOptions FastBackoff = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400));
    private readonly DirectoryInfo _directory;

    private LocalMirror(IReadOnlyList<string> endpoints, IKvStoreFactory factory, ILoggerFactory? loggers)
    {
        _directory = Directory.CreateTempSubdirectory("cm-etcd-mesh-");
        File.WriteAllText(Path.Combine(_directory.FullName, MeshSnapshots.Remote), "endpoints:\n" + string.Concat(endpoints.Select(e => $"- {e}\n")));
        Datapath = new SimulatedDatapath(new SimulatedNodeOptions
        {
            NodeName = "local-node",
            NodeAddress = System.Net.IPAddress.Parse("192.168.1.1"),
            PodCidrs = [IpPrefix.Parse("10.1.0.0/24")],
            RoutingMode = RoutingMode.Tunnel,
        });
        Nodes = new MirrorCache<Node>(new NodeDatapathObserver(Datapath, new NodeRouting(RoutingMode.Tunnel, SimulatedNodeOptions.DefaultSegment)));
        Endpoints = new MirrorCache<IpCacheEntry>(new IpCacheDatapathObserver(Datapath));
        var kinds = StandardRemoteKinds.Create(new RemoteClusterObservers(Nodes, Services, Identities, Endpoints));
        Manager = new ClusterMeshManager(
            new ClusterMeshOptions
            {
                ConfigDirectory = _directory.FullName,
                WatchDirectory = false,
                Cluster = new RemoteClusterOptions
                {
                    LocalClusterName = "c1",
                    LocalClusterId = new ClusterId(1),
                    ConnectBackoff = FastBackoff,
                    WatchBackoff = FastBackoff,
                    MonitorHeartbeat = false,
                },
            },
            factory,
            _ => kinds,
            loggers: loggers);
    }

    public SimulatedDatapath Datapath { get; }

    public MirrorCache<Node> Nodes { get; }

    public MirrorCache<ClusterService> Services { get; } = new();

    public MirrorCache<IdentityEntry> Identities { get; } = new();

    public MirrorCache<IpCacheEntry> Endpoints { get; }

    public ClusterMeshManager Manager { get; }

    public RemoteClusterStatus Status => Manager.GetStatus().Single();

    /// <summary>Client settings for fault tests: short deadlines and retries, so a fault shows within seconds.</summary>
    public static EtcdKvStoreOptions Tune(EtcdKvStoreOptions options) => options with
    {
        OperationTimeout = TimeSpan.FromSeconds(1),
        ReadRetries = 1,
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        KeepAliveTime = TimeSpan.FromSeconds(1),
        KeepAliveTimeout = TimeSpan.FromSeconds(1),
    };

    /// <summary>Connects to c2 at <paramref name="endpoints"/> and waits until every kind is synced.</summary>
    public static async Task<LocalMirror> StartAsync(IReadOnlyList<string> endpoints, IKvStoreFactory? factory = null, ILoggerFactory? loggers = null)
    {
        var mirror = new LocalMirror(endpoints, factory ?? new EtcdKvStoreFactory(loggers, Tune), loggers);
        try
        {
            await mirror.Manager.StartAsync();
            await mirror.WaitReadyAsync();
            return mirror;
        }
        catch
        {
            await mirror.DisposeAsync();
            throw;
        }
    }

    public async Task WaitReadyAsync()
    {
        using var timeout = new CancellationTokenSource(MirrorAssert.Timeout);
        try
        {
            await Manager.WaitUntilReadyAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"c2 not ready within {MirrorAssert.Timeout}: {Status.Describe()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Manager.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
