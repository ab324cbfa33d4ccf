using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Replication.Watch;

/// <summary>Batch delivery to any observer.</summary>
public static class StoreObserverBatches
{
    /// <summary>Delivers <paramref name="upserts"/> as one batch when <paramref name="observer"/> takes batches,
    /// else as one <see cref="IStoreObserver{T}.OnUpsert"/> per entry, in order.</summary>
    public static void UpsertBatch<T>(this IStoreObserver<T> observer, IReadOnlyList<KeyValuePair<string, T>> upserts)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentNullException.ThrowIfNull(upserts);
        if (observer is IBatchStoreObserver<T> batch)
        {
            batch.OnUpsertBatch(upserts);
            return;
        }

        foreach (var (key, value) in upserts)
        {
            observer.OnUpsert(key, value);
        }
    }
}
