using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Replication.Common;
using ClusterMesh.Replication.Watch;

namespace ClusterMesh.Replication.Remote;

/// <summary>One connection's loop: configuration, validation, then every kind's watch until stopped.</summary>
public sealed partial class RemoteCluster
{
    private async Task RunSessionAsync(IKvStore store, CancellationToken cancellationToken)
    {
        var backoff = new RetryBackoff(_options.ConnectBackoff, _time);
        while (!cancellationToken.IsCancellationRequested)
        {
            string? failure;
            var disconnected = false;
            try
            {
                var config = await ClusterConfigReader.ReadAsync(store, Name, cancellationToken).ConfigureAwait(false);
                var watchers = Accept(config);
                backoff.Reset();
                SetConnected(true);
                using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var tasks = watchers.Select(w => w.WatchAsync(store, session.Token)).ToList();
                tasks.Add(WatchConfigAsync(store, config, session));
                if (_heartbeat is not null)
                {
                    tasks.Add(_heartbeat.WatchAsync(store, session.Token));
                }

                // Every task returns once the session is cancelled: on stop, or when the configuration changed.
                await Task.WhenAll(tasks).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (ClusterConfigException ex)
            {
                failure = ex.Message;
                lock (_lock)
                {
                    _configOk = false;
                }
            }
            catch (Exception ex)
            {
                // An unreachable store mostly; a closed client or anything unexpected is retried the same way.
                failure = ex.Message;
                disconnected = true;
            }

            var delay = backoff.NextDelay();
            RecordFailure(failure, disconnected);
            RemoteClusterLog.ConnectFailed(_logger, Name, failure, delay);
            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Validates the configuration, claims the cluster ID and returns the watchers to run.</summary>
    private IReadOnlyList<IKindWatcher> Accept(ClusterConfig config)
    {
        var problem = ClusterConfigValidator.Check(Name, config, _options);
        if (problem is not null)
        {
            throw new ClusterConfigException(problem, retrieved: true);
        }

        var id = new ClusterId(config.Id);
        if (_ids.TryClaim(Name, id) is { } holder)
        {
            throw new ClusterConfigException($"cluster ID {config.Id} of {Name} is already used by the connected cluster {holder}", retrieved: true);
        }

        var info = new RemoteClusterInfo(Name, id, _options.MaxConnectedClusters, config);
        IReadOnlyList<IKindWatcher> old;
        lock (_lock)
        {
            old = _watchers;
            if (_info is not null && _info.Id == id && old.Count > 0)
            {
                _info = info;
                _configOk = true;
                ConfigureGates(config);
                RemoteClusterLog.ConfigAccepted(_logger, Name, config.Id, config.Capabilities.SyncedCanaries);
                return old;
            }
        }

        if (old.Count > 0)
        {
            // Values were validated against the old ID; they must not outlive it.
            RemoteClusterLog.ClusterIdChanged(_logger, Name, _info?.Id.Value ?? 0, id.Value);
            foreach (var watcher in old)
            {
                watcher.Drain();
            }
        }

        var watchers = _kinds.Where(kind => kind.EnabledFor(config)).Select(kind => kind.CreateWatcher(info, WatchOptionsFor(kind), _time, _logger)).ToList();
        lock (_lock)
        {
            _watchers = watchers;
            _info = info;
            _configOk = true;
        }

        ConfigureGates(config);
        RemoteClusterLog.ConfigAccepted(_logger, Name, config.Id, config.Capabilities.SyncedCanaries);
        return watchers;
    }

    private void ConfigureGates(ClusterConfig config)
    {
        foreach (var gate in _gates.Values)
        {
            gate.Canaries = config.Capabilities.SyncedCanaries;
        }
    }

    private WatchStoreOptions WatchOptionsFor(RemoteKind kind) => new()
    {
        Backoff = _options.WatchBackoff,
        Gate = _gates[kind.Name],
        OnConnected = () => SetConnected(true),
        OnFailure = ex =>
        {
            RemoteClusterLog.WatchFailed(_logger, Name, ex.Message);
            if (ex is not KvCompactedException && GetStatus().Connected)
            {
                RecordFailure($"{kind.Name}: {ex.Message}", disconnected: true);
            }
        },
    };

    /// <summary>Watches this cluster's configuration key; a changed configuration restarts the session so it
    /// is validated again (and, with a new ID, everything is relearned).</summary>
    private async Task WatchConfigAsync(IKvStore store, ClusterConfig accepted, CancellationTokenSource session)
    {
        var key = KvKeys.ClusterConfig(Name);
        var observer = new ConfigChangeObserver(accepted, () =>
        {
            RemoteClusterLog.ConfigChanged(_logger, Name);

            // Cancel off this thread: the observer runs inside the config watch, which the cancellation ends.
            _ = session.CancelAsync();
        });
        var watch = new WatchStore<ClusterConfig>(key, new ClusterConfigCodec(), observer,
            new WatchStoreOptions { Backoff = _options.WatchBackoff, KeyFilter = k => k == key }, _time, _logger);
        await watch.WatchAsync(store, session.Token).ConfigureAwait(false);
    }

    private sealed class ConfigChangeObserver(ClusterConfig accepted, Action changed) : IStoreObserver<ClusterConfig>
    {
        public void OnUpsert(string key, ClusterConfig value)
        {
            if (value != accepted)
            {
                changed();
            }
        }

        public void OnDelete(string key, ClusterConfig lastValue)
        {
            // A vanished configuration (the remote kvstore restarted empty) is waited for by the canaries.
        }

        public void OnSynced()
        {
        }
    }

    private sealed class ClusterConfigCodec : IKvCodec<ClusterConfig>
    {
        public ClusterConfig Decode(string key, ReadOnlySpan<byte> value)
        {
            try
            {
                return ClusterConfigReader.Decode(key, value);
            }
            catch (ClusterConfigException ex)
            {
                throw new WireValidationException(key, RejectReason.MalformedValue, ex.Message);
            }
        }

        public byte[] Encode(ClusterConfig value) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value);

        public string KeyOf(ClusterConfig value) => throw new NotSupportedException("the key names the cluster, not the value");
    }
}
