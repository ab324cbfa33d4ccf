using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Replication.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Replication.Sync;

/// <summary>
/// Publishes the local cluster's keys of one prefix to a kvstore (Cilium's SyncStore). Changes are queued and
/// coalesced: several upserts of one key before it is written become one write, and a value equal to the last
/// one written is not written again. Failed writes are retried with exponential backoff. Keys live under a
/// lease; when the lease is lost every owned key is written again. After <see cref="MarkInitialSetComplete"/>
/// and once every key queued so far is written, the synced canary tells readers the state is complete.
/// </summary>
public sealed partial class SyncStore : IAsyncDisposable
{
    private readonly IKvStore _store;
    private readonly SyncStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AsyncSignal _wake = new();
    private readonly object _lock = new();

    // Guarded by _lock: what the owner wants, and which keys may differ from what was written.
    private readonly Dictionary<string, byte[]> _desired = new(StringComparer.Ordinal);
    private readonly Queue<string> _queue = new();
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly List<TaskCompletionSource> _flushWaiters = [];
    private bool _initialSetComplete;

    private CancellationTokenSource? _stop;
    private Task? _run;
    private long _failures;
    private long _leasesLost;

    /// <summary>Creates a writer; call <see cref="Start"/> to begin writing.</summary>
    /// <param name="store">The local cluster's kvstore.</param>
    /// <param name="options">Cluster name, prefix, lease and retry settings.</param>
    /// <param name="time">The clock for backoff and keep-alives; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where to log; nothing when null.</param>
    public SyncStore(IKvStore store, SyncStoreOptions options, TimeProvider? time = null, ILogger<SyncStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The prefix this writer owns.</summary>
    public string Prefix => _options.Prefix;

    /// <summary>Starts the writer loop. Keys queued before the start are written by it.</summary>
    /// <exception cref="InvalidOperationException">The writer was already started.</exception>
    public void Start()
    {
        if (_run is not null)
        {
            throw new InvalidOperationException("the sync store is already running");
        }

        // The token is captured here: a dispose right after Start clears _stop before the task may run.
        var stop = new CancellationTokenSource();
        _stop = stop;
        _run = Task.Run(() => RunAsync(stop.Token));
    }

    /// <summary>Queues a write of <paramref name="key"/> (a full key under <see cref="Prefix"/>).</summary>
    public void UpsertKey(string key, ReadOnlyMemory<byte> value)
    {
        CheckKey(key);
        lock (_lock)
        {
            _desired[key] = value.ToArray();
            EnqueueLocked(key);
        }

        _wake.Set();
    }

    /// <summary>Queues a delete of <paramref name="key"/>; the key is no longer owned.</summary>
    public void DeleteKey(string key)
    {
        CheckKey(key);
        lock (_lock)
        {
            _desired.Remove(key);
            EnqueueLocked(key);
        }

        _wake.Set();
    }

    /// <summary>
    /// Says the initial set of keys is queued: once they are all written, the writer puts the synced canary
    /// <c>cilium/synced/&lt;cluster&gt;/&lt;prefix&gt;</c>.
    /// </summary>
    public void MarkInitialSetComplete()
    {
        lock (_lock)
        {
            _initialSetComplete = true;
        }

        _wake.Set();
    }

    /// <summary>Completes once every change queued before the call is written (and the canary, when due).</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _flushWaiters.Add(waiter);
        }

        _wake.Set();
        return waiter.Task.WaitAsync(cancellationToken);
    }

    /// <summary>A snapshot for status output.</summary>
    public SyncStoreStatus GetStatus()
    {
        lock (_lock)
        {
            return new SyncStoreStatus(_options.Prefix, _desired.Count, _queue.Count, Volatile.Read(ref _canaryWritten),
                new LeaseId(Interlocked.Read(ref _leaseValue)), Interlocked.Read(ref _failures), Interlocked.Read(ref _leasesLost));
        }
    }

    /// <summary>Stops the writer loop (keys stay in the store until their lease expires, unless configured otherwise).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop is null || _run is null)
        {
            return;
        }

        var stop = _stop;
        _stop = null;
        await stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        stop.Dispose();
        var lease = new LeaseId(Interlocked.Read(ref _leaseValue));
        if (_options.RevokeLeaseOnDispose && lease.IsSet)
        {
            try
            {
                await _store.RevokeLeaseAsync(lease).ConfigureAwait(false);
            }
            catch (KvStoreException ex)
            {
                Log.RevokeFailed(_logger, _options.Prefix, ex.Message);
            }
        }

        lock (_lock)
        {
            foreach (var waiter in _flushWaiters)
            {
                waiter.TrySetCanceled();
            }

            _flushWaiters.Clear();
        }
    }

    private void CheckKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!key.StartsWith(_options.Prefix + "/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"key '{key}' is not under the prefix '{_options.Prefix}/' of this sync store", nameof(key));
        }
    }

    private void EnqueueLocked(string key)
    {
        if (_queued.Add(key))
        {
            _queue.Enqueue(key);
        }
    }
}
