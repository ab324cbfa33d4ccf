namespace ClusterMesh.Kvstore.Memory.Mvcc;

/// <summary>
/// The retained revisions of one key, oldest first. Most keys have one live version, so the first version is
/// kept inline and a list is only allocated once a key is written again.
/// </summary>
internal sealed class KeyHistory
{
    private KeyVersion _first;
    private List<KeyVersion>? _rest;

    public KeyHistory(KeyVersion first) => _first = first;

    public KeyVersion Latest => _rest is { Count: > 0 } rest ? rest[^1] : _first;

    /// <summary>The live version, or <c>null</c> when the key is currently deleted.</summary>
    public KeyVersion? Current => Latest is { IsTombstone: false } latest ? latest : null;

    public void Append(KeyVersion version) => (_rest ??= new List<KeyVersion>(2)).Add(version);

    /// <summary>The version visible at <paramref name="revision"/>; <c>false</c> when the key did not exist then.</summary>
    public bool TryGetAt(long revision, out KeyVersion version)
    {
        if (_rest is { } rest)
        {
            for (int i = rest.Count - 1; i >= 0; i--)
            {
                if (rest[i].ModRevision <= revision)
                {
                    version = rest[i];
                    return !version.IsTombstone;
                }
            }
        }

        version = _first;
        return _first.ModRevision <= revision && !_first.IsTombstone;
    }

    /// <summary>
    /// Drops every version that no read at or above <paramref name="compactRevision"/> can see: all but the newest
    /// version at or below it, and that one too when it is a tombstone.
    /// </summary>
    /// <returns><c>true</c> when nothing is left and the key can be forgotten.</returns>
    public bool Compact(long compactRevision)
    {
        var all = new List<KeyVersion>(1 + (_rest?.Count ?? 0)) { _first };
        if (_rest is not null)
        {
            all.AddRange(_rest);
        }

        int keepFrom = all.FindLastIndex(v => v.ModRevision <= compactRevision);
        if (keepFrom < 0)
        {
            return false;
        }

        if (all[keepFrom].IsTombstone)
        {
            keepFrom++;
        }

        if (keepFrom >= all.Count)
        {
            return true;
        }

        _first = all[keepFrom];
        _rest = keepFrom + 1 < all.Count ? all.GetRange(keepFrom + 1, all.Count - keepFrom - 1) : null;
        return false;
    }
}
