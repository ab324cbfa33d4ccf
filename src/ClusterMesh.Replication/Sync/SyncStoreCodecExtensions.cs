using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Replication.Sync;

/// <summary>Typed writes through a codec: the key and bytes come from <see cref="IKvCodec{T}"/>.</summary>
public static class SyncStoreCodecExtensions
{
    /// <summary>Queues a write of <paramref name="value"/> under <see cref="IKvCodec{T}.KeyOf"/>.</summary>
    public static void Upsert<T>(this SyncStore store, IKvCodec<T> codec, T value)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(codec);
        store.UpsertKey(codec.KeyOf(value), codec.Encode(value));
    }

    /// <summary>Queues a delete of the key <paramref name="value"/> is stored under.</summary>
    public static void Delete<T>(this SyncStore store, IKvCodec<T> codec, T value)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(codec);
        store.DeleteKey(codec.KeyOf(value));
    }
}
