using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Replication.Common;
using ClusterMesh.Replication.Watch;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Replication.Heartbeat;

/// <summary>
/// Watches a kvstore's <c>cilium/.heartbeat</c> and reports a fault when none arrived for longer than the
/// timeout (Cilium: twice the one-minute write interval). Time is measured on this side's clock, from the
/// moment each heartbeat change is seen, so clock skew between clusters does not matter.
/// </summary>
public sealed class HeartbeatMonitor : IStoreObserver<DateTimeOffset>, IDisposable
{
    private readonly string _source;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WatchStore<DateTimeOffset> _watch;
    private readonly ITimer _check;
    private readonly DateTimeOffset _since;
    private long _lastSeenTicks;
    private int _faulted;

    /// <summary>Creates a monitor; it counts time from now until the first heartbeat.</summary>
    /// <param name="source">The kvstore's name for logs (the remote cluster).</param>
    /// <param name="timeout">How long without a heartbeat is a fault (2 minutes in Cilium).</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where to log; nothing when null.</param>
    /// <param name="backoff">Retry delays of the watch; defaults when null.</param>
    public HeartbeatMonitor(string source, TimeSpan timeout, TimeProvider? time = null, ILogger? logger = null, BackoffOptions? backoff = null)
    {
        _source = source;
        _timeout = timeout;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _since = _time.GetUtcNow();
        _watch = new WatchStore<DateTimeOffset>(KvKeys.Heartbeat, new TimestampCodec(KvKeys.Heartbeat), this,
            new WatchStoreOptions { KeyFilter = k => k == KvKeys.Heartbeat, Backoff = backoff ?? BackoffOptions.Default }, _time, _logger);
        var period = timeout / 4;
        _check = _time.CreateTimer(_ => Check(), null, period, period);
    }

    /// <summary>When the last heartbeat was seen (this side's clock), or <c>null</c>.</summary>
    public DateTimeOffset? LastHeartbeat
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastSeenTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Whether more than the timeout passed without a heartbeat.</summary>
    public bool IsFaulted => _time.GetUtcNow() - (LastHeartbeat ?? _since) > _timeout;

    /// <summary>Watches the heartbeat of <paramref name="store"/> until cancelled.</summary>
    public Task WatchAsync(IKvStore store, CancellationToken cancellationToken) => _watch.WatchAsync(store, cancellationToken);

    /// <inheritdoc />
    void IStoreObserver<DateTimeOffset>.OnUpsert(string key, DateTimeOffset value)
    {
        Interlocked.Exchange(ref _lastSeenTicks, _time.GetUtcNow().UtcTicks);
        Check();
    }

    /// <inheritdoc />
    void IStoreObserver<DateTimeOffset>.OnDelete(string key, DateTimeOffset lastValue)
    {
        // The key going away (lease expiry) is not a heartbeat; the timeout tells the rest.
    }

    /// <inheritdoc />
    void IStoreObserver<DateTimeOffset>.OnSynced()
    {
    }

    /// <inheritdoc />
    public void Dispose() => _check.Dispose();

    private void Check()
    {
        var faulted = IsFaulted;
        if (Interlocked.Exchange(ref _faulted, faulted ? 1 : 0) == (faulted ? 1 : 0))
        {
            return;
        }

        if (faulted)
        {
            HeartbeatLog.Missing(_logger, _source, LastHeartbeat?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "never", _timeout);
        }
        else
        {
            HeartbeatLog.Resumed(_logger, _source);
        }
    }
}
