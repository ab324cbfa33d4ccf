using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Replication.Watch;

/// <summary>
/// Listing upserts go to the observer in batches (<see cref="IBatchStoreObserver{T}"/>, or one by one when it takes
/// none): ten remote clusters listed at once into one shared map would otherwise synchronise on it once per key.
/// A batch is delivered when full, before any delete or in-sync notification, and when a watch pass ends, so the
/// observer sees the same calls in the same order as without batching, only grouped.
/// </summary>
public sealed partial class WatchStore<T>
{
    private const int ListingBatchSize = 256;

    // Guarded by _lock.
    private List<KeyValuePair<string, T>> _batch = new(ListingBatchSize);

    private void AddToBatch(string key, T decoded)
    {
        _batch.Add(KeyValuePair.Create(key, decoded));
        if (_batch.Count >= ListingBatchSize)
        {
            FlushBatch();
        }
    }

    /// <summary>Delivers the pending listing upserts; call with <c>_lock</c> held.</summary>
    private void FlushBatch()
    {
        if (_batch.Count == 0)
        {
            return;
        }

        // A fresh list each time: an observer may keep the one it was given.
        var batch = _batch;
        _batch = new List<KeyValuePair<string, T>>(ListingBatchSize);
        try
        {
            _observer.UpsertBatch(batch);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            WatchStoreLog.ObserverFailed(_logger, Prefix, batch[0].Key, ex);
        }
    }

    private void FlushBatchLocked()
    {
        lock (_lock)
        {
            FlushBatch();
        }
    }
}
