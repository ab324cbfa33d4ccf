using System.Collections.Immutable;
using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Kvstore.Memory.Mvcc;

/// <summary>
/// Every key with retained history, addressable by name and in etcd key order. Callers hold the store lock.
/// </summary>
internal sealed class KeySpace
{
    private readonly Dictionary<string, KeyHistory> _byName = new(StringComparer.Ordinal);

    // An AVL tree with O(log n) seek by position: pages start at a key without walking the keys before it.
    private ImmutableSortedSet<string> _ordered = ImmutableSortedSet.Create<string>(KeyOrder.Instance);

    public int Count => _byName.Count;

    public int LiveCount { get; private set; }

    public KeyVersion? Current(string key) => _byName.TryGetValue(key, out var history) ? history.Current : null;

    /// <summary>Records a new version of <paramref name="key"/>; returns the version it replaced, if live.</summary>
    public KeyVersion? Write(string key, KeyVersion version)
    {
        if (!_byName.TryGetValue(key, out var history))
        {
            _byName.Add(key, new KeyHistory(version));
            _ordered = _ordered.Add(key);
            LiveCount += version.IsTombstone ? 0 : 1;
            return null;
        }

        var previous = history.Current;
        history.Append(version);
        LiveCount += (version.IsTombstone ? 0 : 1) - (previous is null ? 0 : 1);
        return previous;
    }

    /// <summary>Live keys under <paramref name="prefix"/> at the current revision, in key order.</summary>
    public List<string> LiveKeysUnder(string prefix)
    {
        var keys = new List<string>();
        foreach (var key in KeysFrom(prefix, prefix))
        {
            if (_byName[key].Current is not null)
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>
    /// Reads up to <paramref name="limit"/> entries under <paramref name="prefix"/> as they were at
    /// <paramref name="revision"/>, starting at <paramref name="startKey"/>.
    /// </summary>
    public (List<KvEntry> Entries, string? NextKey) ReadPage(string prefix, string startKey, long revision, int limit)
    {
        var entries = new List<KvEntry>(Math.Min(limit, 1024));
        foreach (var key in KeysFrom(prefix, startKey))
        {
            if (!_byName[key].TryGetAt(revision, out var version))
            {
                continue;
            }

            if (entries.Count == limit)
            {
                return (entries, key);
            }

            entries.Add(version.ToEntry(key));
        }

        return (entries, null);
    }

    /// <summary>Applies a compaction to the given keys, forgetting those with nothing left.</summary>
    public void Compact(IEnumerable<string> keys, long compactRevision)
    {
        var forgotten = new List<string>();
        foreach (var key in keys)
        {
            if (_byName.TryGetValue(key, out var history) && history.Compact(compactRevision))
            {
                _byName.Remove(key);
                forgotten.Add(key);
            }
        }

        if (forgotten.Count > 0)
        {
            _ordered = _ordered.Except(forgotten);
        }
    }

    private IEnumerable<string> KeysFrom(string prefix, string startKey)
    {
        var ordered = _ordered;
        int index = ordered.IndexOf(startKey);
        for (int i = index >= 0 ? index : ~index; i < ordered.Count; i++)
        {
            string key = ordered[i];
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield break;
            }

            yield return key;
        }
    }
}
