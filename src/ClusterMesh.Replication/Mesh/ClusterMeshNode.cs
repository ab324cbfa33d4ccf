using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Replication.Caches;
using ClusterMesh.Replication.Datapath;
using ClusterMesh.Replication.Remote;
using ClusterMesh.Replication.Watch;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Replication.Mesh;

/// <summary>
/// One node's agent: mirrors its own cluster's kvstore and every remote cluster of the clustermesh config
/// directory into its datapath (tunnel map, routes, ipcache), keeps identities and services of remote clusters in
/// caches for later stages, and programs the node's own endpoints.
/// </summary>
public sealed class ClusterMeshNode : IAsyncDisposable
{
    private readonly ClusterMeshNodeOptions _options;
    private readonly IKvStore _localStore;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _localWatches = [];
    private readonly NodeDatapathObserver _nodes;
    private readonly IpCacheDatapathObserver _ipcache;
    private int _disposed;

    /// <summary>Creates the agent; <see cref="StartAsync"/> starts mirroring.</summary>
    /// <exception cref="ArgumentException">The options are invalid (the message lists every problem).</exception>
    /// <param name="options">The node's settings.</param>
    /// <param name="localStore">This cluster's kvstore.</param>
    /// <param name="remoteStores">Creates clients for the remote clusters' kvstores.</param>
    /// <param name="datapath">The datapath to program.</param>
    /// <param name="time">The clock; the system clock when null.</param>
    /// <param name="loggers">Where to log; nowhere when null.</param>
    /// <param name="serviceObservers">Later stages fed with every remote cluster's shared services (the global-service merger).</param>
    /// <param name="serviceExportObservers">
    /// Later stages fed with every remote cluster's MCS-API service exports (the ServiceImport resolver); when
    /// none are given, exports are not mirrored (and a remote's exports canary is not waited for).
    /// </param>
    public ClusterMeshNode(ClusterMeshNodeOptions options, IKvStore localStore, IKvStoreFactory remoteStores, IDatapath datapath,
        TimeProvider? time = null, ILoggerFactory? loggers = null, IEnumerable<IStoreObserver<ClusterService>>? serviceObservers = null,
        IEnumerable<IStoreObserver<ServiceExport>>? serviceExportObservers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"invalid cluster mesh node options: {string.Join("; ", problems)}", nameof(options));
        }

        _options = options;
        _localStore = localStore;
        Datapath = datapath;
        _time = time ?? TimeProvider.System;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _nodes = new NodeDatapathObserver(datapath, new NodeRouting(options.RoutingMode, options.Segment ?? options.ClusterName));
        _ipcache = new IpCacheDatapathObserver(datapath);
        Services = new MirrorCache<ClusterService>([.. serviceObservers ?? []]);
        IStoreObserver<ServiceExport>[] exportObservers = [.. serviceExportObservers ?? []];
        ServiceExports = exportObservers.Length > 0 ? new MirrorCache<ServiceExport>(exportObservers) : null;
        Mesh = new ClusterMeshManager(
            new ClusterMeshOptions
            {
                ConfigDirectory = options.ClusterMeshConfigDirectory,
                WatchDirectory = options.WatchConfigDirectory,
                Cluster = new RemoteClusterOptions
                {
                    LocalClusterName = options.ClusterName,
                    LocalClusterId = new ClusterId(options.ClusterId),
                    MaxConnectedClusters = options.MaxConnectedClusters,
                    ConnectBackoff = options.Backoff,
                    WatchBackoff = options.Backoff,
                },
            },
            remoteStores,
            _ => StandardRemoteKinds.Create(new RemoteClusterObservers(_nodes, Services, Identities, _ipcache) { ServiceExports = ServiceExports }),
            _time,
            _loggers);
    }

    /// <summary>The node this agent runs on.</summary>
    public string NodeName => _options.NodeName;

    /// <summary>The cluster the node belongs to.</summary>
    public string ClusterName => _options.ClusterName;

    /// <summary>The remote clusters and their status.</summary>
    public ClusterMeshManager Mesh { get; }

    /// <summary>Identities of every remote cluster.</summary>
    public MirrorCache<IdentityEntry> Identities { get; } = new();

    /// <summary>Shared services of every remote cluster.</summary>
    public MirrorCache<ClusterService> Services { get; }

    /// <summary>MCS-API service exports of every remote cluster; null when no export observer was given.</summary>
    public MirrorCache<ServiceExport>? ServiceExports { get; }

    /// <summary>The datapath this agent programs.</summary>
    public IDatapath Datapath { get; }

    /// <summary>Starts mirroring the local cluster and every configured remote cluster.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var codecs = WireCodecs.For(new WireValidationContext(Abstractions.Model.ClusterName.Parse(_options.ClusterName), new ClusterId(_options.ClusterId), _options.MaxConnectedClusters));
        var ownNode = KvKeys.Node(_options.ClusterName, _options.NodeName);
        var logger = _loggers.CreateLogger<ClusterMeshNode>();
        var watchOptions = new WatchStoreOptions { Backoff = _options.Backoff };

        // The node's own entry must not become a tunnel to itself.
        StartLocalWatch(new WatchStore<Node>(KvKeys.ClusterScoped(KvKeys.NodesPrefix, _options.ClusterName), codecs.Nodes, _nodes,
            watchOptions with { KeyFilter = key => key != ownNode }, _time, logger));
        StartLocalWatch(new WatchStore<IpCacheEntry>($"{KvKeys.IpCachePrefix}/{KvKeys.IpCacheNamespace}/", codecs.IpCache, _ipcache, watchOptions, _time, logger));
        await Mesh.StartAsync(cancellationToken);
    }

    /// <summary>Programs the endpoints hosted on this node, replacing the previous set.</summary>
    public void SetLocalEndpoints(IReadOnlyCollection<LocalEndpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var wanted = endpoints.Select(e => e.Address).ToHashSet();
        foreach (var stale in Datapath.Endpoints.Dump().Where(e => !wanted.Contains(e.Address)))
        {
            Datapath.Endpoints.Delete(stale.Address);
        }

        foreach (var endpoint in endpoints)
        {
            Datapath.Endpoints.Upsert(endpoint);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Both the host's stop and the container's disposal end up here.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

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
}
