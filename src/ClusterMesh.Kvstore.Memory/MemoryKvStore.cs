using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Memory.History;
using ClusterMesh.Kvstore.Memory.Leases;
using ClusterMesh.Kvstore.Memory.Mvcc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Kvstore.Memory;

/// <summary>
/// An in-process kvstore with etcd v3 semantics: one revision counter, multi-version reads for consistent paging,
/// an append-only change history that watchers replay at their own pace, leases driven by a
/// <see cref="TimeProvider"/>, and compaction. Thread-safe. Also offers fault injection for tests and demos
/// (<see cref="GoOffline"/>, <see cref="GoOnline"/>, <see cref="Reset"/>) and read-only client views.
/// </summary>
public sealed partial class MemoryKvStore : IKvStore
{
    private const int SegmentSize = 4096;

    private readonly Lock _gate = new();
    private readonly MemoryKvStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly long _startTimestamp;
    private readonly ILogger _logger;
    private readonly LeaseTable _leases = new();
    private KeySpace _keys = new();
    private EventLog _log = new(SegmentSize);
    private long _revision = 1;
    private long _compactRevision;

    /// <summary>Creates an empty store at revision 1, like a fresh etcd.</summary>
    /// <param name="name">A name for logs and status output.</param>
    /// <param name="options">Settings; defaults when <c>null</c>.</param>
    /// <param name="timeProvider">The clock that drives lease expiry; <see cref="TimeProvider.System"/> when <c>null</c>.</param>
    /// <param name="logger">Where to log; nothing when <c>null</c>.</param>
    public MemoryKvStore(string name, MemoryKvStoreOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _options = options ?? new MemoryKvStoreOptions();
        _options.Validate();
        Name = name;
        _time = timeProvider ?? TimeProvider.System;
        _startTimestamp = _time.GetTimestamp();
        _logger = logger ?? NullLogger.Instance;
        _leaseTimer = _time.CreateTimer(static state => ((MemoryKvStore)state!).OnLeaseTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The current revision (the revision of the last write; 1 for an empty store).</summary>
    public long Revision => Volatile.Read(ref _revision);

    private TimeSpan Now => _time.GetElapsedTime(_startTimestamp);

    /// <inheritdoc />
    public ValueTask<KvEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            ThrowIfUnavailable();
            return _keys.Current(key)?.ToEntry(key);
        }
    });

    /// <inheritdoc />
    public ValueTask<KvPage> ListAsync(string prefix, KvListOptions options = default, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Limit);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Revision);
        int limit = options.Limit > 0 ? options.Limit : _options.DefaultPageSize;
        string start = options.StartKey is { } startKey && KeyOrder.Instance.Compare(startKey, prefix) > 0 ? startKey : prefix;
        lock (_gate)
        {
            ThrowIfUnavailable();
            long revision = options.Revision == 0 ? _revision : options.Revision;
            ThrowIfNotReadable(revision, prefix);
            var (entries, nextKey) = _keys.ReadPage(prefix, start, revision, limit);
            return new KvPage(entries, revision, nextKey);
        }
    });

    /// <inheritdoc />
    public ValueTask<long> PutAsync(string key, ReadOnlyMemory<byte> value, LeaseId lease = default, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[] copy = value.ToArray();
        lock (_gate)
        {
            ThrowIfUnavailable();
            return Commit(() => PutLocked(key, copy, lease));
        }
    });

    /// <inheritdoc />
    public ValueTask<bool> CreateAsync(string key, ReadOnlyMemory<byte> value, LeaseId lease = default, CancellationToken cancellationToken = default)
        => CompareAndSwapAsync(key, 0, value, lease, cancellationToken);

    /// <inheritdoc />
    public ValueTask<bool> CompareAndSwapAsync(string key, long expectedModRevision, ReadOnlyMemory<byte> value, LeaseId lease = default, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedModRevision);
        byte[] copy = value.ToArray();
        lock (_gate)
        {
            ThrowIfUnavailable();
            if ((_keys.Current(key)?.ModRevision ?? 0) != expectedModRevision)
            {
                return false;
            }

            Commit(() => PutLocked(key, copy, lease));
            return true;
        }
    });

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            ThrowIfUnavailable();
            return _keys.Current(key) is not null && Commit(() => DeleteLocked([key], ++_revision) > 0);
        }
    });

    /// <inheritdoc />
    public ValueTask<long> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
    {
        ArgumentNullException.ThrowIfNull(prefix);
        lock (_gate)
        {
            ThrowIfUnavailable();
            var keys = _keys.LiveKeysUnder(prefix);
            return keys.Count == 0 ? 0L : Commit(() => (long)DeleteLocked(keys, ++_revision));
        }
    });

    /// <inheritdoc />
    public ValueTask<KvStatus> GetStatusAsync(CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
    {
        lock (_gate)
        {
            ThrowIfUnavailable();
            string detail = $"memory kvstore '{Name}': {_keys.LiveCount} keys, {_leases.Count} leases, {_log.RetainedCount} events retained";
            return new KvStatus(true, _revision, _compactRevision, detail);
        }
    });

    /// <summary>Runs a synchronous operation, reporting its failure through the returned task like a remote call would.</summary>
    private static ValueTask<T> Run<T>(CancellationToken cancellationToken, Func<T> operation)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<T>(cancellationToken);
        }

        try
        {
            return ValueTask.FromResult(operation());
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<T>(exception);
        }
    }

    /// <summary>Runs one write under the lock, then compacts if the history grew too long and wakes the watchers.</summary>
    private T Commit<T>(Func<T> write)
    {
        T result = write();
        AutoCompactLocked();
        SignalWatchers();
        return result;
    }

    private long PutLocked(string key, byte[] value, LeaseId lease)
    {
        Lease? attachTo = null;
        if (lease.IsSet && (attachTo = _leases.Find(lease)) is null)
        {
            throw new KvNotFoundException($"Lease {lease} does not exist (expired or revoked).", key);
        }

        long revision = ++_revision;
        var previous = _keys.Current(key);
        var version = previous is { } p
            ? new KeyVersion(p.CreateRevision, revision, p.Version + 1, value, lease)
            : new KeyVersion(revision, revision, 1, value, lease);
        _keys.Write(key, version);
        if (previous is { Lease.IsSet: true } && previous.Value.Lease != lease)
        {
            _leases.Find(previous.Value.Lease)?.Keys.Remove(key);
        }

        attachTo?.Keys.Add(key);
        _log.Append(new KvEvent(KvEventKind.Upsert, key, value, revision));
        return revision;
    }

    /// <summary>Deletes live keys, all at one revision (like one etcd transaction), in key order.</summary>
    private int DeleteLocked(IReadOnlyList<string> keys, long revision)
    {
        int deleted = 0;
        foreach (var key in keys)
        {
            var previous = _keys.Write(key, KeyVersion.Tombstone(revision));
            if (previous is null)
            {
                continue;
            }

            if (previous.Value.Lease.IsSet)
            {
                _leases.Find(previous.Value.Lease)?.Keys.Remove(key);
            }

            _log.Append(new KvEvent(KvEventKind.Delete, key, ReadOnlyMemory<byte>.Empty, revision));
            deleted++;
        }

        return deleted;
    }

    private void ThrowIfNotReadable(long revision, string? key)
    {
        if (revision < _compactRevision)
        {
            throw new KvCompactedException($"Revision {revision} of '{Name}' has been compacted (compaction point {_compactRevision}).", _compactRevision, key);
        }

        if (revision > _revision)
        {
            // etcd answers "future revision"; here that only happens after a Reset, so make the caller list again.
            throw new KvCompactedException($"Revision {revision} is beyond the current revision {_revision} of '{Name}' (the store was reset).", _compactRevision, key);
        }
    }
}
