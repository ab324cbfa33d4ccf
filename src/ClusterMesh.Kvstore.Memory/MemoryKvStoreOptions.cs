namespace ClusterMesh.Kvstore.Memory;

/// <summary>Settings of one <see cref="MemoryKvStore"/>.</summary>
public sealed class MemoryKvStoreOptions
{
    /// <summary>
    /// How many change events the store keeps for watch replay before it compacts the oldest away on its own
    /// (watchers that fall further behind get <see cref="Abstractions.Kvstore.KvCompactedException"/>, as with
    /// etcd). 0 keeps everything until <see cref="MemoryKvStore.CompactAsync"/> is called. Default 1,000,000.
    /// </summary>
    public long MaxRetainedEvents { get; set; } = 1_000_000;

    /// <summary>Page size of <see cref="MemoryKvStore.ListAsync"/> when the caller passes no limit. Default 1,000.</summary>
    public int DefaultPageSize { get; set; } = 1000;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetainedEvents);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DefaultPageSize);
    }
}
