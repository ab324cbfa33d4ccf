namespace ClusterMesh.Abstractions.Keys;

/// <summary>
/// The key of a synced canary: <c>cilium/synced/&lt;cluster&gt;/&lt;prefix&gt;</c>, where the prefix is itself a
/// path (<c>cilium/state/nodes/v1</c>, or <c>cilium/cache/nodes/v1</c> when written by kvstoremesh).
/// </summary>
public readonly record struct SyncedCanaryKey : IKvKey<SyncedCanaryKey>
{
    /// <summary>Creates the key; the prefix must be non-empty and neither start nor end with '/'.</summary>
    public SyncedCanaryKey(string cluster, string prefix)
    {
        Cluster = KeyText.Segment(cluster, nameof(cluster));
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (prefix[0] == '/' || prefix[^1] == '/' || prefix.Contains("//", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{prefix}' is not a clean key prefix", nameof(prefix));
        }

        Prefix = prefix;
    }

    /// <summary>The cluster whose data the canary vouches for.</summary>
    public string Cluster { get; }

    /// <summary>The prefix that has been written completely.</summary>
    public string Prefix { get; }

    /// <inheritdoc />
    public static bool TryParse(string? key, out SyncedCanaryKey result)
    {
        result = default;
        if (!KeyText.TryStrip(key, KvKeys.SyncedPrefix, out var rest))
        {
            return false;
        }

        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var prefix = rest[(slash + 1)..];
        if (prefix.IsEmpty || prefix[0] == '/' || prefix[^1] == '/' || prefix.IndexOf("//") >= 0)
        {
            return false;
        }

        result = new SyncedCanaryKey(rest[..slash].ToString(), prefix.ToString());
        return true;
    }

    /// <inheritdoc />
    public static SyncedCanaryKey Parse(string key) => TryParse(key, out var result) ? result : throw KeyText.NotA("synced canary", key);

    /// <summary>The exact kvstore key.</summary>
    public override string ToString() => KvKeys.SyncedCanary(Cluster, Prefix);
}
