using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Agent.Cli;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Replication.Caches;
using ClusterMesh.Replication.Datapath;
using ClusterMesh.Replication.Mesh;
using ClusterMesh.Replication.Remote;
using ClusterMesh.Replication.Watch;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Agent.Runtime;

/// <summary>
/// One node's agent: mirrors its own cluster's kvstore and every remote cluster of the clustermesh config
/// directory into its datapath (tunnel map, routes, ipcache), and keeps the node's own endpoints programmed.
/// Composition only: the work is done by the Replication and datapath packages.
/// </summary>
internal sealed class NodeAgent : IAsyncDisposable
{
    private readonly NodeAgentOptions _options;
    private readonly IKvStore _localStore;
    private readonly IDatapath _datapath;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _localWatches = [];
    private readonly NodeDatapathObserver _nodes;
    private readonly IpCacheDatapathObserver _ipcache;

    public NodeAgent(NodeAgentOptions options, IKvStore localStore, IKvStoreFactory remoteStores, IDatapath datapath, TimeProvider time, ILoggerFactory loggers)
    {
        _options = options;
        _localStore = localStore;
        _datapath = datapath;
        _time = time;
        _loggers = loggers;
        _nodes = new NodeDatapathObserver(datapath, options.Routing);
        _ipcache = new IpCacheDatapathObserver(datapath);
        Identities = new MirrorCache<IdentityEntry>();
        Services = new MirrorCache<ClusterService>();
        Mesh = new ClusterMeshManager(
            new ClusterMeshOptions
            {
                ConfigDirectory = options.ClusterMeshConfigDirectory,
                Cluster = new RemoteClusterOptions
                {
                    LocalClusterName = options.ClusterName.Value,
                    LocalClusterId = options.ClusterId,
                    MaxConnectedClusters = options.MaxConnectedClusters,
                    ConnectBackoff = options.Backoff,
                    WatchBackoff = options.Backoff,
                },
            },
            remoteStores,
            _ => RemoteKinds(),
            time,
            loggers);
    }

    public string NodeName => _options.NodeName;

    public string ClusterName => _options.ClusterName.Value;

    /// <summary>The remote clusters and their status.</summary>
    public ClusterMeshManager Mesh { get; }

    /// <summary>Identities of every remote cluster.</summary>
    public MirrorCache<IdentityEntry> Identities { get; }

    /// <summary>Shared services of every remote cluster.</summary>
    public MirrorCache<ClusterService> Services { get; }

    public IDatapath Datapath => _datapath;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var codecs = WireCodecs.For(new WireValidationContext(_options.ClusterName, _options.ClusterId, _options.MaxConnectedClusters));
        var ownNode = KvKeys.Node(_options.ClusterName.Value, _options.NodeName);
        var logger = _loggers.CreateLogger<NodeAgent>();
        var watchOptions = new WatchStoreOptions { Backoff = _options.Backoff };

        // The node's own entry must not become a tunnel to itself.
        StartLocalWatch(new WatchStore<Node>(KvKeys.ClusterScoped(KvKeys.NodesPrefix, _options.ClusterName.Value), codecs.Nodes, _nodes,
            watchOptions with { KeyFilter = key => key != ownNode }, _time, logger));
        StartLocalWatch(new WatchStore<IpCacheEntry>($"{KvKeys.IpCachePrefix}/{KvKeys.IpCacheNamespace}/", codecs.IpCache, _ipcache, watchOptions, _time, logger));
        await Mesh.StartAsync(cancellationToken);
    }

    /// <summary>Programs the endpoints hosted on this node, replacing the previous set.</summary>
    public void SetLocalEndpoints(IReadOnlyCollection<LocalEndpoint> endpoints)
    {
        var wanted = endpoints.Select(e => e.Address).ToHashSet();
        foreach (var stale in _datapath.Endpoints.Dump().Where(e => !wanted.Contains(e.Address)))
        {
            _datapath.Endpoints.Delete(stale.Address);
        }

        foreach (var endpoint in endpoints)
        {
            _datapath.Endpoints.Upsert(endpoint);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Mesh.DisposeAsync();
        foreach (var watch in _localWatches)
        {
            try
            {
                await watch;
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        _stop.Dispose();
    }

    private void StartLocalWatch<T>(WatchStore<T> store)
        where T : notnull =>
        _localWatches.Add(store.WatchAsync(_localStore, _stop.Token));

    private IReadOnlyList<RemoteKind> RemoteKinds() =>
    [
        RemoteKind.ClusterScoped(RemoteKindNames.Nodes, KvKeys.NodesPrefix, StatusKinds.Codecs(c => c.Nodes), _nodes),
        RemoteKind.ClusterScoped(RemoteKindNames.Services, KvKeys.ServicesPrefix, StatusKinds.Codecs(c => c.Services), Services),
        RemoteKind.Shared(RemoteKindNames.Identities, KvKeys.IdentitiesPrefix, "id", StatusKinds.Codecs(c => c.Identities), Identities),
        RemoteKind.Shared(RemoteKindNames.Endpoints, KvKeys.IpCachePrefix, KvKeys.IpCacheNamespace, StatusKinds.Codecs(c => c.IpCache), _ipcache),
    ];
}
