using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Replication.Common;

namespace ClusterMesh.Replication.Watch;

/// <summary>The list+watch loop.</summary>
public sealed partial class WatchStore<T>
{
    private long _lastRevision;
    private int _running;
    private CancellationTokenSource? _pass;

    /// <summary>
    /// Lists the prefix (after the gate lets it), then watches it until <paramref name="cancellationToken"/> is
    /// cancelled. Failures are retried with backoff, resuming from the last revision + 1 when the gate allows;
    /// compacted history and stores that went back in time are listed again with a stale sweep. Each call
    /// starts with a fresh listing, so calling it again with a new store resynchronises.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another <see cref="WatchAsync"/> call is running.</exception>
    public async Task WatchAsync(IKvStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException($"the watch store for {Prefix} is already watching");
        }

        try
        {
            await RunAsync(store, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>Ends the current watch pass and lists again (with a stale sweep), for example after the source
    /// restarted. Has no effect when no watch is running.</summary>
    public void RequestRelist()
    {
        Volatile.Write(ref _relistRequested, true);
        try
        {
            Volatile.Read(ref _pass)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The pass just ended; the flag makes the next one list.
        }
    }

    private bool _relistRequested;

    private async Task RunAsync(IKvStore store, CancellationToken cancellationToken)
    {
        var backoff = new RetryBackoff(_options.Backoff, _time);
        var gate = _options.Gate ?? OpenGate.Instance;
        var mustList = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            using var pass = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Volatile.Write(ref _pass, pass);
            try
            {
                if (Volatile.Read(ref _relistRequested))
                {
                    Volatile.Write(ref _relistRequested, false);
                    mustList = true;
                }

                if (!mustList && !await CanResumeAsync(store, gate, pass.Token).ConfigureAwait(false))
                {
                    mustList = true;
                }

                if (mustList)
                {
                    await gate.WaitReadyAsync(store, pass.Token).ConfigureAwait(false);
                    WatchStoreLog.Listing(_logger, Prefix, store.Name);
                    BeginListing();
                }
                else
                {
                    WatchStoreLog.Resuming(_logger, Prefix, Revision + 1);
                }

                // Each value is hashed and decoded before the next event is asked for, and only the decoded value is
                // kept: the store may lend it (etcd reuses its listing buffers then).
                var from = mustList ? 0 : Revision + 1;
                await foreach (var change in store.WatchLendingValuesAsync(Prefix, from, pass.Token).ConfigureAwait(false))
                {
                    if (_options.KeyFilter is { } filter && change.Kind != KvEventKind.Synced && !filter(change.Key))
                    {
                        continue;
                    }

                    if (change.Kind == KvEventKind.Synced && mustList
                        && !await gate.IsSameSourceAsync(store, pass.Token).ConfigureAwait(false))
                    {
                        // The source restarted while it was listed: what came back may be half of it. Keep
                        // everything (no sweep) and list again once it is ready.
                        throw new SourceChangedException();
                    }

                    Apply(change, mustList);
                    if (change.Kind == KvEventKind.Synced)
                    {
                        WatchStoreLog.InSync(_logger, Prefix, change.Revision);
                        mustList = false;
                        backoff.Reset();
                        _options.OnConnected?.Invoke();
                    }
                }

                // A watch that ends by itself lost its connection: resume.
                throw new KvUnavailableException($"watch of {Prefix} ended");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (OperationCanceledException) when (Volatile.Read(ref _relistRequested))
            {
                WatchStoreLog.RelistRequested(_logger, Prefix);
            }
            catch (SourceChangedException)
            {
                WatchStoreLog.SourceChanged(_logger, Prefix);
                if (!await DelayAsync(backoff.NextDelay(), cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }
            catch (KvCompactedException ex)
            {
                WatchStoreLog.Compacted(_logger, Prefix, Revision, ex.CompactRevision);
                _options.OnFailure?.Invoke(ex);
                mustList = true;
            }
            catch (Exception ex)
            {
                // Unavailable stores mostly; anything else (a disposed client, a failing gate) is retried the same way.
                var delay = backoff.NextDelay();
                WatchStoreLog.WatchFailed(_logger, Prefix, ex.Message, delay);
                _options.OnFailure?.Invoke(ex);
                if (!await DelayAsync(delay, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }
            finally
            {
                Volatile.Write(ref _pass, null);
                FlushBatchLocked(); // a listing cut short still delivers what it applied
            }
        }
    }

    private async Task<bool> CanResumeAsync(IKvStore store, IWatchGate gate, CancellationToken cancellationToken)
    {
        if (Revision == 0)
        {
            return false;
        }

        // A store whose revision went back lost its data (an ephemeral etcd restarted): resuming would miss changes.
        var status = await store.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        if (status.Revision < Revision)
        {
            WatchStoreLog.WentBack(_logger, Prefix, Revision, status.Revision);
            return false;
        }

        return await gate.IsSameSourceAsync(store, cancellationToken).ConfigureAwait(false);
    }

    private void Apply(KvEvent change, bool listing)
    {
        switch (change.Kind)
        {
            case KvEventKind.Upsert:
                ApplyUpsert(change.Key, change.Value, listing);
                break;
            case KvEventKind.Delete:
                ApplyDelete(change.Key);
                break;
            case KvEventKind.Synced:
                ApplySynced(listing);
                break;
        }

        // Listing events carry their keys' revisions; the marker carries the revision the listing was read at.
        if (!listing || change.Kind == KvEventKind.Synced)
        {
            var seen = Interlocked.Read(ref _lastRevision);
            if (change.Revision > seen || (listing && change.Kind == KvEventKind.Synced))
            {
                Interlocked.Exchange(ref _lastRevision, change.Revision);
            }
        }
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

    private sealed class SourceChangedException : Exception
    {
    }

    private sealed class OpenGate : IWatchGate
    {
        public static readonly OpenGate Instance = new();

        public Task WaitReadyAsync(IKvStore store, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> IsSameSourceAsync(IKvStore store, CancellationToken cancellationToken) => Task.FromResult(true);
    }
}
