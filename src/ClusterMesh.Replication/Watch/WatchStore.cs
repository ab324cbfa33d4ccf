using System.IO.Hashing;
using System.Runtime.InteropServices;
using ClusterMesh.Abstractions.Replication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Replication.Watch;

/// <summary>
/// Mirrors one prefix of a kvstore into an <see cref="IStoreObserver{T}"/> (Cilium's WatchStore): list, then
/// watch. Values are decoded and validated by an <see cref="IKvCodec{T}"/>; a rejected value is logged, counted
/// per <see cref="RejectReason"/> and never applied, so the last good value of that key stays. Every listing
/// marks the known keys stale and, once in sync, deletes those that did not come back. The state survives watch
/// failures and store changes; <see cref="Drain"/> deletes it all.
/// </summary>
/// <typeparam name="T">The decoded value type.</typeparam>
public sealed partial class WatchStore<T>
    where T : notnull
{
    private readonly IKvCodec<T> _codec;
    private readonly IStoreObserver<T> _observer;
    private readonly WatchStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Guarded by _lock, which also keeps observer calls in order and never concurrent.
    private readonly object _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stale = new(StringComparer.Ordinal);
    private bool _synced;

    /// <summary>Creates a watch store; call <see cref="WatchAsync"/> to fill it.</summary>
    /// <param name="prefix">The prefix to watch (usually with a trailing '/').</param>
    /// <param name="codec">Decodes and validates values.</param>
    /// <param name="observer">Receives upserts, deletes and the in-sync notification.</param>
    /// <param name="options">Backoff, gate and callbacks; defaults when null.</param>
    /// <param name="time">The clock for backoff; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where to log; nothing when null.</param>
    public WatchStore(string prefix, IKvCodec<T> codec, IStoreObserver<T> observer, WatchStoreOptions? options = null,
        TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(observer);
        Prefix = prefix;
        _codec = codec;
        _observer = observer;
        _options = options ?? new WatchStoreOptions();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The watched prefix.</summary>
    public string Prefix { get; }

    /// <summary>Whether a listing has completed since the start (or since the last <see cref="Drain"/>).</summary>
    public bool Synced
    {
        get
        {
            lock (_lock)
            {
                return _synced;
            }
        }
    }

    /// <summary>The number of keys with a valid value.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Rejected values per reason.</summary>
    public RejectionCounters Rejections { get; } = new();

    /// <summary>The last revision applied.</summary>
    public long Revision => Interlocked.Read(ref _lastRevision);

    /// <summary>A copy of the current keys and values.</summary>
    public IReadOnlyDictionary<string, T> Snapshot()
    {
        lock (_lock)
        {
            return _entries.ToDictionary(e => e.Key, e => e.Value.Value, StringComparer.Ordinal);
        }
    }

    /// <summary>Deletes every known key (observers get <see cref="IStoreObserver{T}.OnDelete"/>), for example when
    /// the remote cluster is removed. Call it when no <see cref="WatchAsync"/> is running.</summary>
    public void Drain()
    {
        lock (_lock)
        {
            FlushBatch();
            foreach (var (key, entry) in _entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                NotifyDelete(key, entry.Value);
            }

            WatchStoreLog.Drained(_logger, Prefix, _entries.Count);
            _entries.Clear();
            _stale.Clear();
            _synced = false;
        }
    }

    private void BeginListing()
    {
        lock (_lock)
        {
            _stale.Clear();
            _stale.UnionWith(_entries.Keys);
        }
    }

    private void ApplyUpsert(string key, ReadOnlyMemory<byte> value, bool listing)
    {
        lock (_lock)
        {
            if (listing)
            {
                _stale.Remove(key);
            }

            // One hash lookup for a new key (all of them while a mirror is first listed): the slot is added now and
            // taken out again if the value is rejected. Nothing else touches the map until it is filled in.
            var hash = XxHash3.HashToUInt64(value.Span);
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out bool known);
            if (known && slot.Hash == hash)
            {
                return;
            }

            T decoded;
            try
            {
                decoded = _codec.Decode(key, value.Span);
            }
            catch (Exception ex)
            {
                Forget(key, known);
                switch (ex)
                {
                    case WireValidationException invalid:
                        Reject(key, invalid.Reason, invalid.Detail);
                        return;
                    case FormatException or ArgumentException or InvalidOperationException or System.Text.Json.JsonException:
                        Reject(key, RejectReason.MalformedValue, ex.Message);
                        return;
                    default:
                        throw;
                }
            }

            slot = new Entry(hash, decoded);
            if (listing)
            {
                AddToBatch(key, decoded);
                return;
            }

            FlushBatch();
            try
            {
                _observer.OnUpsert(key, decoded);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                WatchStoreLog.ObserverFailed(_logger, Prefix, key, ex);
            }
        }
    }

    /// <summary>Takes out the slot a new key was given when its value is not applied; a known key keeps its last good value.</summary>
    private void Forget(string key, bool known)
    {
        if (!known)
        {
            _entries.Remove(key);
        }
    }

    private void ApplyDelete(string key)
    {
        lock (_lock)
        {
            FlushBatch();
            if (_entries.Remove(key, out var known))
            {
                NotifyDelete(key, known.Value);
            }
        }
    }

    private void ApplySynced(bool listing)
    {
        lock (_lock)
        {
            FlushBatch();
            if (!listing)
            {
                return;
            }

            foreach (var key in _stale.Order(StringComparer.Ordinal))
            {
                if (_entries.Remove(key, out var known))
                {
                    WatchStoreLog.StaleDeleted(_logger, Prefix, key);
                    NotifyDelete(key, known.Value);
                }
            }

            _stale.Clear();
            _synced = true;
            try
            {
                _observer.OnSynced();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                WatchStoreLog.ObserverFailed(_logger, Prefix, string.Empty, ex);
            }
        }
    }

    private void Reject(string key, RejectReason reason, string detail)
    {
        Rejections.Increment(reason);
        WatchStoreLog.Rejected(_logger, Prefix, key, reason, detail);
    }

    private void NotifyDelete(string key, T lastValue)
    {
        try
        {
            _observer.OnDelete(key, lastValue);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            WatchStoreLog.ObserverFailed(_logger, Prefix, key, ex);
        }
    }

    /// <summary>
    /// A key's decoded value and the 64-bit hash of the bytes it came from, which tells an unchanged value written
    /// again (or listed again) from a change without keeping the bytes: a mirror of 300,000 keys would otherwise
    /// hold ~75 MB of values it never reads again, and the GC would copy them from generation to generation.
    /// Only a key's own writer can make two of its values collide, and then only its own update goes unseen.
    /// </summary>
    private readonly record struct Entry(ulong Hash, T Value);
}
