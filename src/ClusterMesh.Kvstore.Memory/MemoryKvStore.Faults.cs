using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Memory.History;
using ClusterMesh.Kvstore.Memory.Mvcc;

namespace ClusterMesh.Kvstore.Memory;

/// <summary>Fault injection, client views and disposal.</summary>
public sealed partial class MemoryKvStore
{
    private int _epoch;
    private int _outages;
    private volatile bool _offline;
    private volatile bool _disposed;

    /// <summary>Whether the store currently answers (see <see cref="GoOffline"/>).</summary>
    public bool IsOnline => !_offline;

    /// <summary>
    /// Simulates an unreachable server: every call fails with <see cref="KvUnavailableException"/> and every active
    /// watch ends with it, until <see cref="GoOnline"/>. The data is kept and leases do not expire meanwhile,
    /// like a paused server.
    /// </summary>
    public void GoOffline()
    {
        lock (_gate)
        {
            if (_offline)
            {
                return;
            }

            _offline = true;
            Interlocked.Increment(ref _outages);
            SignalWatchers();
        }

        Log.WentOffline(_logger, Name);
    }

    /// <summary>
    /// Ends a <see cref="GoOffline"/> outage. Every lease gets its full time to live again, as etcd grants when a
    /// new leader takes over, so clients have time to resume their keep-alives.
    /// </summary>
    public void GoOnline()
    {
        lock (_gate)
        {
            if (!_offline)
            {
                return;
            }

            _offline = false;
            _leases.RenewAll(Now);
            ScheduleLeaseTimerLocked();
        }

        Log.WentOnline(_logger, Name);
    }

    /// <summary>
    /// Wipes every key, lease and all history, as if an etcd without persistent storage restarted: the revision
    /// starts again at 1. Active watches end with <see cref="KvCompactedException"/>, and so do later watches or
    /// page reads from a revision beyond the new current one, so that clients list again.
    /// </summary>
    public void Reset()
    {
        lock (_gate)
        {
            _keys = new KeySpace();
            _log = new EventLog(SegmentSize);
            _leases.Clear();
            _revision = 1;
            _compactRevision = 0;
            Interlocked.Increment(ref _epoch);
            SignalWatchers();
        }

        Log.WasReset(_logger, Name);
    }

    /// <summary>
    /// A client of this store that may only read: every write, lease or compaction call fails with
    /// <see cref="KvPermissionDeniedException"/>, like a remote cluster's etcd with a read-only role.
    /// Disposing the view ends its watches but leaves the store running.
    /// </summary>
    public IKvStore AsReadOnly() => CreateClient(readOnly: true);

    /// <summary>
    /// A client of this store that does not own it: disposing the client ends the client's watches and makes the
    /// client unusable, but leaves the store (and its other clients) running.
    /// </summary>
    /// <param name="readOnly">Whether writes fail with <see cref="KvPermissionDeniedException"/>.</param>
    public IKvStore CreateClient(bool readOnly = false) => new KvStoreClient(this, readOnly);

    /// <summary>Stops the lease timer; later calls fail with <see cref="ObjectDisposedException"/> and watches end with it.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return ValueTask.CompletedTask;
            }

            _disposed = true;
            SignalWatchers();
        }

        _leaseTimer.Dispose();
        return ValueTask.CompletedTask;
    }

    private void ThrowIfUnavailable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_offline)
        {
            throw new KvUnavailableException($"Memory kvstore '{Name}' is offline.");
        }
    }

    /// <summary>Ends a watch whose connection a fault has broken since it started.</summary>
    private void ThrowIfWatchBroken(int epoch, int outages, string prefix)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Volatile.Read(ref _epoch) != epoch)
        {
            throw new KvCompactedException($"Memory kvstore '{Name}' was reset; list again.", 0, prefix);
        }

        if (_offline || Volatile.Read(ref _outages) != outages)
        {
            throw new KvUnavailableException($"Memory kvstore '{Name}' went offline; the watch ended.", prefix);
        }
    }
}
