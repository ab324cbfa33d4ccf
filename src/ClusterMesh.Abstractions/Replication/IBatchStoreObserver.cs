namespace ClusterMesh.Abstractions.Replication;

/// <summary>
/// Optional on an <see cref="IStoreObserver{T}"/>: receives the upserts of a listing in batches, so that a stage
/// writing into a shared structure synchronises once per batch instead of once per key. A batch means exactly
/// <see cref="IStoreObserver{T}.OnUpsert"/> for each entry in order; deletes and the in-sync notification still
/// come one by one, after the batches before them.
/// </summary>
/// <typeparam name="T">The decoded value type.</typeparam>
public interface IBatchStoreObserver<T> : IStoreObserver<T>
{
    /// <summary>Keys created or changed, in order.</summary>
    void OnUpsertBatch(IReadOnlyList<KeyValuePair<string, T>> upserts);
}
