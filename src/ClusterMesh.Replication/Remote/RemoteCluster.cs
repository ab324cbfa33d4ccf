using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Replication.Heartbeat;
using ClusterMesh.Replication.Watch;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Replication.Remote;

/// <summary>
/// One remote cluster: connects to its kvstore, reads and validates its configuration, waits for each kind's
/// synced canary, and mirrors nodes, services, identities and ipcache entries into the agent's observers.
/// A lost connection keeps the mirrored state; a reconnect resynchronises and sweeps what went away; removal
/// withdraws everything (observers get deletes). Created and owned by <see cref="Mesh.ClusterMeshManager"/>.
/// </summary>
public sealed partial class RemoteCluster : IAsyncDisposable
{
    private readonly RemoteClusterOptions _options;
    private readonly IReadOnlyList<RemoteKind> _kinds;
    private readonly ClusterIdRegistry _ids;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly HeartbeatMonitor? _heartbeat;
    private readonly Dictionary<string, SyncedCanaryGate> _gates;

    // Guarded by _lock.
    private readonly object _lock = new();
    private IReadOnlyList<IKindWatcher> _watchers = [];
    private RemoteClusterInfo? _info;
    private bool _connected;
    private bool _configOk;
    private long _failures;
    private DateTimeOffset? _lastFailure;
    private string? _lastFailureMessage;
    private TaskCompletionSource _changed = NewSignal();

    private IKvStore? _store;
    private CancellationTokenSource? _sessionStop;
    private Task? _session;

    internal RemoteCluster(string name, RemoteClusterOptions options, IReadOnlyList<RemoteKind> kinds, ClusterIdRegistry? ids = null,
        TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(kinds);
        Name = name;
        _options = options;
        _kinds = kinds;
        _ids = ids ?? new ClusterIdRegistry();
        _time = time ?? TimeProvider.System;
        _logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger<RemoteCluster>();
        _gates = kinds.ToDictionary(k => k.Name, k => new SyncedCanaryGate(KvKeys.SyncedCanary(name, k.Prefix), KvKeys.ClusterConfig(name), _logger));
        if (options.MonitorHeartbeat)
        {
            _heartbeat = new HeartbeatMonitor(name, options.HeartbeatTimeout, _time, _logger, options.WatchBackoff);
        }
    }

    /// <summary>The remote cluster's name.</summary>
    public string Name { get; }

    /// <summary>Connects to <paramref name="store"/>, replacing (and disposing) the store of an earlier connection.
    /// The mirrored state stays until the new connection has resynchronised.</summary>
    public async Task ConnectAsync(IKvStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopSessionAsync().ConfigureAwait(false);
            RemoteClusterLog.Connecting(_logger, Name, store.Name);
            _store = store;
            _sessionStop = new CancellationTokenSource();
            var stop = _sessionStop.Token;
            _session = Task.Run(() => RunSessionAsync(store, stop), CancellationToken.None);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Disconnects and withdraws everything learned from this cluster: observers get a delete for every key.</summary>
    public async Task RemoveAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopSessionAsync().ConfigureAwait(false);
            IReadOnlyList<IKindWatcher> watchers;
            lock (_lock)
            {
                watchers = _watchers;
                _configOk = false;
            }

            foreach (var watcher in watchers)
            {
                watcher.Drain();
            }

            _ids.Release(Name);
            RemoteClusterLog.Removed(_logger, Name);
            Changed();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Completes once the cluster is ready (connected, configuration valid, every kind synced).</summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }

            if (GetStatus().Ready)
            {
                return;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A snapshot for status output.</summary>
    public RemoteClusterStatus GetStatus()
    {
        lock (_lock)
        {
            var kinds = _kinds.Select(kind =>
            {
                var watcher = _watchers.FirstOrDefault(w => w.Name == kind.Name);
                var disabled = _info is not null && !kind.EnabledFor(_info.Config);
                return new RemoteKindStatus(kind.Name, disabled || (watcher?.Synced ?? false), watcher?.Count ?? 0,
                    watcher?.Rejections.Snapshot() ?? new Dictionary<Abstractions.Replication.RejectReason, long>(), _gates[kind.Name].Waiting);
            }).ToList();
            return new RemoteClusterStatus
            {
                Name = Name,
                Store = _store?.Name ?? string.Empty,
                Connected = _connected,
                Ready = _connected && _configOk && kinds.All(k => k.Synced),
                ConfigRetrieved = _configOk,
                ClusterId = _info?.Id.Value,
                SyncedCanaries = _info?.Config.Capabilities.SyncedCanaries ?? false,
                Kinds = kinds,
                NumFailures = _failures,
                LastFailure = _lastFailure,
                LastFailureMessage = _lastFailureMessage,
                Rejections = RejectionCounters.Sum(_watchers.Select(w => w.Rejections)),
                HeartbeatFault = _heartbeat?.IsFaulted ?? false,
                LastHeartbeat = _heartbeat?.LastHeartbeat,
            };
        }
    }

    /// <summary>Disconnects, keeping what observers were told (the agent is shutting down).</summary>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopSessionAsync().ConfigureAwait(false);
            _ids.Release(Name);
            _heartbeat?.Dispose();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task StopSessionAsync()
    {
        if (_sessionStop is not null && _session is not null)
        {
            await _sessionStop.CancelAsync().ConfigureAwait(false);
            await _session.ConfigureAwait(false);
            _sessionStop.Dispose();
        }

        _sessionStop = null;
        _session = null;
        SetConnected(false);
        if (_store is { } old)
        {
            _store = null;
            try
            {
                await old.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is KvStoreException or ObjectDisposedException or InvalidOperationException)
            {
                RemoteClusterLog.CloseFailed(_logger, Name, ex.Message);
            }
        }
    }

    /// <summary>Records that no kvstore client could be created for this cluster.</summary>
    internal void ReportConnectFailure(string message) => RecordFailure(message, disconnected: true);

    private void SetConnected(bool connected)
    {
        lock (_lock)
        {
            _connected = connected;
        }

        Changed();
    }

    private void RecordFailure(string message, bool disconnected)
    {
        lock (_lock)
        {
            _failures++;
            _lastFailure = _time.GetUtcNow();
            _lastFailureMessage = message;
            _connected &= !disconnected;
        }

        Changed();
    }

    private void Changed()
    {
        TaskCompletionSource previous;
        lock (_lock)
        {
            previous = _changed;
            _changed = NewSignal();
        }

        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
