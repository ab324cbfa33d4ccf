using System.Collections.Concurrent;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Replication.Watch;

namespace ClusterMesh.Replication.Caches;

/// <summary>
/// Holds the mirrored values of one kind by key, for lookups by later stages (identities for policy, services
/// for the merger), and forwards every change to the observers chained behind it.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
public sealed class MirrorCache<T> : IBatchStoreObserver<T>
    where T : notnull
{
    private readonly ConcurrentDictionary<string, T> _entries = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<IStoreObserver<T>> _next;

    /// <summary>Creates a cache that forwards to <paramref name="next"/>.</summary>
    public MirrorCache(params IStoreObserver<T>[] next) => _next = next;

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>A snapshot of every entry.</summary>
    public IReadOnlyDictionary<string, T> Snapshot() => new Dictionary<string, T>(_entries, StringComparer.Ordinal);

    /// <summary>The value under <paramref name="key"/>.</summary>
    public bool TryGet(string key, out T value) => _entries.TryGetValue(key, out value!);

    /// <inheritdoc />
    public void OnUpsert(string key, T value)
    {
        _entries[key] = value;
        foreach (var observer in _next)
        {
            observer.OnUpsert(key, value);
        }
    }

    /// <inheritdoc />
    public void OnUpsertBatch(IReadOnlyList<KeyValuePair<string, T>> upserts)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        foreach (var (key, value) in upserts)
        {
            _entries[key] = value;
        }

        foreach (var observer in _next)
        {
            observer.UpsertBatch(upserts);
        }
    }

    /// <inheritdoc />
    public void OnDelete(string key, T lastValue)
    {
        _entries.TryRemove(key, out _);
        foreach (var observer in _next)
        {
            observer.OnDelete(key, lastValue);
        }
    }

    /// <inheritdoc />
    public void OnSynced()
    {
        foreach (var observer in _next)
        {
            observer.OnSynced();
        }
    }
}
