using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Replication.Common;

namespace ClusterMesh.Replication.Sync;

/// <summary>The writer loop: only this loop touches the store, the lease and the record of written values.</summary>
public sealed partial class SyncStore
{
    // Owned by the loop; read by GetStatus through Volatile/Interlocked.
    private readonly Dictionary<string, byte[]> _written = new(StringComparer.Ordinal);
    private long _leaseValue;
    private bool _canaryWritten;
    private DateTimeOffset _nextKeepAlive;

    private LeaseId Lease => new(Interlocked.Read(ref _leaseValue));

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new RetryBackoff(_options.Backoff, _time);
        Log.Started(_logger, _options.Prefix, _options.ClusterName);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await EnsureLeaseAsync(cancellationToken).ConfigureAwait(false);
                await DrainQueueAsync(cancellationToken).ConfigureAwait(false);
                await WriteCanaryIfDueAsync(cancellationToken).ConfigureAwait(false);
                backoff.Reset();
                CompleteFlushWaitersIfIdle();
                await WaitForWorkAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (KvNotFoundException ex)
            {
                // The lease expired or the store lost its data (an ephemeral etcd restarted): start over at
                // once, but back off when that keeps happening without a successful round in between.
                OnLeaseLost(ex);
                var delay = backoff.NextDelay();
                if (backoff.Attempt > 1 && !await DelayAsync(delay, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }
            catch (KvStoreException ex)
            {
                Interlocked.Increment(ref _failures);
                var delay = backoff.NextDelay();
                Log.WriteFailed(_logger, _options.Prefix, ex.Message, delay);
                if (!await DelayAsync(delay, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }
        }

        Log.Stopped(_logger, _options.Prefix);
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task EnsureLeaseAsync(CancellationToken cancellationToken)
    {
        if (!_options.UseLease)
        {
            return;
        }

        if (!Lease.IsSet)
        {
            var lease = await _store.GrantLeaseAsync(_options.LeaseTtl, cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _leaseValue, lease.Value);
            _nextKeepAlive = _time.GetUtcNow() + _options.EffectiveKeepAliveInterval;
            Log.LeaseGranted(_logger, _options.Prefix, lease.ToString());
        }
        else if (_time.GetUtcNow() >= _nextKeepAlive)
        {
            await _store.KeepAliveAsync(Lease, cancellationToken).ConfigureAwait(false);
            _nextKeepAlive = _time.GetUtcNow() + _options.EffectiveKeepAliveInterval;
        }
    }

    private async Task DrainQueueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            string key;
            byte[]? wanted;
            lock (_lock)
            {
                if (!_queue.TryDequeue(out key!))
                {
                    return;
                }

                _queued.Remove(key);
                wanted = _desired.GetValueOrDefault(key);
            }

            try
            {
                await WriteOneAsync(key, wanted, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                lock (_lock)
                {
                    EnqueueLocked(key);
                }

                throw;
            }
        }
    }

    private async Task WriteOneAsync(string key, byte[]? wanted, CancellationToken cancellationToken)
    {
        if (wanted is null)
        {
            // Deletes are always sent: a write whose answer was lost may still have landed.
            await _store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            _written.Remove(key);
            return;
        }

        if (_written.TryGetValue(key, out var last) && last.AsSpan().SequenceEqual(wanted))
        {
            return;
        }

        await _store.PutAsync(key, wanted, Lease, cancellationToken).ConfigureAwait(false);
        _written[key] = wanted;
    }

    private async Task WriteCanaryIfDueAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_initialSetComplete || Volatile.Read(ref _canaryWritten) || _queue.Count > 0)
            {
                return;
            }
        }

        var key = _options.CanaryKey;
        await _store.PutAsync(key, Rfc3339.FormatUtf8(_time.GetUtcNow()), Lease, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _canaryWritten, true);
        Log.CanaryWritten(_logger, _options.Prefix, key);
    }

    private void OnLeaseLost(KvNotFoundException ex)
    {
        Interlocked.Increment(ref _leasesLost);
        Log.LeaseLost(_logger, _options.Prefix, ex.Message);
        Interlocked.Exchange(ref _leaseValue, 0);
        Volatile.Write(ref _canaryWritten, false);
        _written.Clear();
        lock (_lock)
        {
            foreach (var key in _desired.Keys)
            {
                EnqueueLocked(key);
            }
        }
    }

    private void CompleteFlushWaitersIfIdle()
    {
        List<TaskCompletionSource> done;
        lock (_lock)
        {
            var canaryPending = _initialSetComplete && !Volatile.Read(ref _canaryWritten);
            if (_queue.Count > 0 || canaryPending || _flushWaiters.Count == 0)
            {
                return;
            }

            done = [.. _flushWaiters];
            _flushWaiters.Clear();
        }

        foreach (var waiter in done)
        {
            waiter.TrySetResult();
        }
    }

    private async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_queue.Count > 0 || (_initialSetComplete && !Volatile.Read(ref _canaryWritten)))
            {
                return;
            }
        }

        var wake = _wake.WaitAsync();
        if (!_options.UseLease)
        {
            await wake.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var due = _nextKeepAlive - _time.GetUtcNow();
        if (due <= TimeSpan.Zero)
        {
            return;
        }

        using var timerStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(due, _time, timerStop.Token);
        await Task.WhenAny(wake, timer).ConfigureAwait(false);
        await timerStop.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
