using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Replication.Heartbeat;
using ClusterMesh.Replication.Identity;
using ClusterMesh.Replication.Sync;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Replication.Publishing;

/// <summary>
/// Publishes one cluster's state to its own kvstore, as Cilium's clustermesh-apiserver does: the cluster config,
/// nodes, identities, ipcache entries, shared global services and (with
/// <see cref="ClusterPublisherOptions.ServiceExportsEnabled"/>) MCS-API service exports, each prefix through a
/// <see cref="SyncStore"/> that writes the synced canary once its initial set is complete. Later calls publish
/// only what changed.
/// With <see cref="ClusterPublisherOptions.NodeName"/> set it publishes one node's share only, so that every node's
/// agent can publish what it owns; one of them (<see cref="ClusterPublisherOptions.PublishClusterState"/>) also
/// writes the cluster-wide keys and the canaries, once the store holds the whole cluster's share.
/// </summary>
public sealed class ClusterPublisher : IAsyncDisposable
{
    private readonly IKvStore _store;
    private readonly ClusterPublisherOptions _options;
    private readonly WireCodecs _codecs;
    private readonly KvIdentityAllocator _identities;
    private readonly SyncStore _config;
    private readonly SyncStore _nodes;
    private readonly SyncStore _ipcache;
    private readonly SyncStore _identityStore;
    private readonly SyncStore _services;
    private readonly SyncStore? _serviceExports;
    private readonly HeartbeatWriter _heartbeat;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private Task? _completion;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, Node> _publishedNodes = new(StringComparer.Ordinal);
    private Dictionary<string, IpCacheEntry> _publishedEndpoints = new(StringComparer.Ordinal);
    private Dictionary<string, ClusterService> _publishedServices = new(StringComparer.Ordinal);
    private Dictionary<string, ServiceExport> _publishedExports = new(StringComparer.Ordinal);
    private readonly Dictionary<NumericIdentity, LabelSet> _publishedIdentities = [];
    private bool _started;

    /// <summary>Creates a publisher writing to <paramref name="store"/>.</summary>
    public ClusterPublisher(IKvStore store, ClusterPublisherOptions options, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options;
        loggers ??= NullLoggerFactory.Instance;
        _time = time ?? TimeProvider.System;
        _codecs = WireCodecs.For(new WireValidationContext(options.ClusterName, options.ClusterId, options.MaxConnectedClusters));
        _identities = new KvIdentityAllocator(store, options.ClusterId, options.MaxConnectedClusters, loggers.CreateLogger<KvIdentityAllocator>(), time ?? TimeProvider.System);
        SyncStore Store(string prefix, bool lease) => new(store, new SyncStoreOptions
        {
            ClusterName = options.ClusterName.Value,
            Prefix = prefix,
            UseLease = lease,
            LeaseTtl = options.LeaseTtl,
        }, time, loggers.CreateLogger<SyncStore>());

        _config = Store(KvKeys.ClusterConfigPrefix, lease: true);
        _nodes = Store(KvKeys.NodesPrefix, lease: true);
        _ipcache = Store(KvKeys.IpCachePrefix, lease: true);
        _identityStore = Store(KvKeys.IdentitiesPrefix, lease: false);
        _services = Store(KvKeys.ServicesPrefix, lease: true);
        _serviceExports = options.ServiceExportsEnabled ? Store(KvKeys.ServiceExportsPrefix, lease: true) : null;

        // As the owner of this kvstore, the publisher keeps cilium/.heartbeat fresh for remote readers.
        _heartbeat = new HeartbeatWriter(store, new HeartbeatWriterOptions { LeaseTtl = options.LeaseTtl }, time, loggers.CreateLogger<HeartbeatWriter>());
    }

    /// <summary>The identities allocated so far, by label set.</summary>
    public IReadOnlyDictionary<NumericIdentity, LabelSet> Identities => _publishedIdentities;

    /// <summary>Whether this publisher has written its synced canaries (never, when it does not publish the cluster state).</summary>
    public bool SyncedCanariesWritten =>
        _options.PublishClusterState && _started && CanaryStores().All(s => s.GetStatus().CanaryWritten);

    /// <summary>
    /// Publishes <paramref name="snapshot"/> as the cluster's complete state: new and changed entries are written,
    /// entries no longer present are deleted, and the synced canaries are written after the first complete
    /// publication. Returns when everything has been written. A node-scoped publisher writes its node's share of
    /// <paramref name="snapshot"/>; when it also publishes the cluster state, its canaries follow in the background
    /// once the store holds every node and ipcache key of the whole <paramref name="snapshot"/>.
    /// </summary>
    public async Task PublishAsync(ClusterSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_started)
            {
                await StartAsync(cancellationToken);
            }

            var whole = snapshot;
            snapshot = _options.NodeName is { } nodeName ? snapshot.OnNode(nodeName) : snapshot;
            var nextNodes = snapshot.Nodes.ToDictionary(n => _codecs.Nodes.KeyOf(n), StringComparer.Ordinal);
            Reconcile(_nodes, _codecs.Nodes, _publishedNodes, nextNodes);
            _publishedNodes = nextNodes;

            var nextEndpoints = new Dictionary<string, IpCacheEntry>(StringComparer.Ordinal);
            foreach (var endpoint in snapshot.Endpoints)
            {
                var identity = await _identities.AllocateAsync(endpoint.IdentityLabels, cancellationToken);
                if (_publishedIdentities.TryAdd(identity, endpoint.IdentityLabels))
                {
                    _identityStore.UpsertKey(KvKeys.Identity(identity), _codecs.Identities.Encode(new IdentityEntry(identity, endpoint.IdentityLabels)));
                }

                var entry = ToIpCacheEntry(endpoint, identity);
                nextEndpoints[_codecs.IpCache.KeyOf(entry)] = entry;
            }

            Reconcile(_ipcache, _codecs.IpCache, _publishedEndpoints, nextEndpoints);
            _publishedEndpoints = nextEndpoints;

            // Identities no endpoint has used for the allocator's grace period are released (checked at each publish).
            // Only a whole-cluster publisher sees every user of an identity; a node-scoped one keeps what it allocated.
            if (_options.NodeName is null)
            {
                foreach (var unused in _identities.CollectUnused(nextEndpoints.Values.Select(e => e.ID).ToHashSet()))
                {
                    _publishedIdentities.Remove(unused);
                    _identityStore.DeleteKey(KvKeys.Identity(unused));
                }
            }

            if (_options.PublishClusterState)
            {
                var nextServices = snapshot.Services.Where(s => s.Shared).ToDictionary(s => _codecs.Services.KeyOf(s), StringComparer.Ordinal);
                Reconcile(_services, _codecs.Services, _publishedServices, nextServices);
                _publishedServices = nextServices;
                PublishServiceExports(snapshot);
                if (_options.NodeName is null)
                {
                    MarkInitialSetsComplete();
                }
                else
                {
                    _completion ??= MarkCompleteWhenStoredAsync(ExpectedKeys(whole), _stop.Token);
                }
            }

            await Task.WhenAll(ActiveStores().Select(s => s.FlushAsync(cancellationToken)));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_completion is not null)
        {
            try
            {
                await _completion;
            }
            catch (OperationCanceledException)
            {
                // Stopped before the rest of the cluster was published.
            }
        }

        await _heartbeat.DisposeAsync();
        foreach (var store in AllStores())
        {
            await store.DisposeAsync();
        }

        _stop.Dispose();
        _gate.Dispose();
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var store in ActiveStores())
        {
            store.Start();
        }

        _started = true;
        if (!_options.PublishClusterState)
        {
            return;
        }

        _heartbeat.Start();

        var config = new ClusterConfig
        {
            Id = _options.ClusterId.Value,
            Capabilities = new ClusterCapabilities
            {
                SyncedCanaries = true,
                MaxConnectedClusters = _options.MaxConnectedClusters,
                ServiceExportsEnabled = _options.ServiceExportsEnabled,
            },
        };
        _config.UpsertKey(KvKeys.ClusterConfig(_options.ClusterName.Value), _codecs.ClusterConfig.Encode(config));
        await _store.PutAsync(KvKeys.HasClusterConfig, "true"u8.ToArray(), cancellationToken: cancellationToken);
    }

    /// <summary>Every node and ipcache key of the whole cluster: what must be stored before the canaries say "complete".</summary>
    private HashSet<string> ExpectedKeys(ClusterSnapshot whole)
    {
        var keys = whole.Nodes.Select(n => _codecs.Nodes.KeyOf(n)).ToHashSet(StringComparer.Ordinal);
        keys.UnionWith(whole.Endpoints.Select(e => _codecs.IpCache.KeyOf(ToIpCacheEntry(e, default))));
        return keys;
    }

    private async Task MarkCompleteWhenStoredAsync(HashSet<string> expected, CancellationToken cancellationToken)
    {
        // Identities need no key of their own here: each node allocates its pods' identities before their ipcache
        // entries, so a complete ipcache implies complete identities.
        await ClusterCompletion.WaitForKeysAsync(_store, KvKeys.Root + "state/", expected, _options.Backoff, _time, cancellationToken);
        MarkInitialSetsComplete();
    }

    private void PublishServiceExports(ClusterSnapshot snapshot)
    {
        if (_serviceExports is null)
        {
            return;
        }

        if (snapshot.ServiceExports.FirstOrDefault(e => e.Cluster != _options.ClusterName.Value) is { } foreign)
        {
            throw new ArgumentException($"the service export {foreign.Namespace}/{foreign.Name} names cluster '{foreign.Cluster}', not {_options.ClusterName}", nameof(snapshot));
        }

        var nextExports = snapshot.ServiceExports.ToDictionary(e => _codecs.ServiceExports.KeyOf(e), StringComparer.Ordinal);
        Reconcile(_serviceExports, _codecs.ServiceExports, _publishedExports, nextExports);
        _publishedExports = nextExports;
    }

    private void MarkInitialSetsComplete()
    {
        // The cluster-config store has no canary: readers wait for the config itself.
        foreach (var store in CanaryStores())
        {
            store.MarkInitialSetComplete();
        }
    }

    private static void Reconcile<T>(SyncStore store, Abstractions.Replication.IKvCodec<T> codec, Dictionary<string, T> previous, Dictionary<string, T> next)
        where T : notnull
    {
        foreach (var (key, value) in next)
        {
            // The SyncStore skips values whose bytes did not change, so re-upserting everything is cheap.
            store.UpsertKey(key, codec.Encode(value));
        }

        foreach (var key in previous.Keys.Where(k => !next.ContainsKey(k)))
        {
            store.DeleteKey(key);
        }
    }

    private static IpCacheEntry ToIpCacheEntry(PodEndpoint endpoint, NumericIdentity identity) => new()
    {
        IP = endpoint.Address,
        HostIP = endpoint.HostAddress,
        ID = identity,
        K8sNamespace = endpoint.Namespace,
        K8sPodName = endpoint.Name,
        K8sPodUID = string.IsNullOrEmpty(endpoint.Uid) ? null : endpoint.Uid,
        K8sServiceAccount = endpoint.ServiceAccount,
        NamedPorts = endpoint.NamedPorts.Count > 0 ? endpoint.NamedPorts : null,
    };

    private IEnumerable<SyncStore> AllStores() =>
        _serviceExports is null ? [_config, _nodes, _identityStore, _ipcache, _services] : [_config, _nodes, _identityStore, _ipcache, _services, _serviceExports];

    /// <summary>The stores this publisher writes: a node-only publisher leaves config and services to the cluster-state one.</summary>
    private IEnumerable<SyncStore> ActiveStores() => _options.PublishClusterState ? AllStores() : [_nodes, _identityStore, _ipcache];

    private IEnumerable<SyncStore> CanaryStores() =>
        _serviceExports is null ? [_nodes, _identityStore, _ipcache, _services] : [_nodes, _identityStore, _ipcache, _services, _serviceExports];
}
