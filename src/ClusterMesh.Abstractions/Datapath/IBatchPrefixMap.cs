using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Abstractions.Datapath;

/// <summary>
/// Optional on an <see cref="IPrefixMap{TValue}"/>: many upserts in one write, for bulk loads (the initial listing
/// of a remote cluster) where one synchronisation per entry would dominate. Callers test for it and fall back to
/// <see cref="IPrefixMap{TValue}.Upsert"/> per entry (<see cref="PrefixMapBatches.UpsertMany{TValue}"/> does both).
/// </summary>
/// <typeparam name="TValue">The value type.</typeparam>
public interface IBatchPrefixMap<TValue> : IPrefixMap<TValue>
{
    /// <summary>Inserts or replaces every entry, in order (a later entry of the same prefix wins), as one write:
    /// a lookup sees either none or all of them.</summary>
    void UpsertMany(ReadOnlySpan<KeyValuePair<IpPrefix, TValue>> entries);
}

/// <summary>Batch writes on any prefix map.</summary>
public static class PrefixMapBatches
{
    /// <summary>Upserts <paramref name="entries"/> in one write when <paramref name="map"/> supports it, else one by one.</summary>
    public static void UpsertMany<TValue>(this IPrefixMap<TValue> map, ReadOnlySpan<KeyValuePair<IpPrefix, TValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map is IBatchPrefixMap<TValue> batch)
        {
            batch.UpsertMany(entries);
            return;
        }

        foreach (var (prefix, value) in entries)
        {
            map.Upsert(prefix, value);
        }
    }
}
