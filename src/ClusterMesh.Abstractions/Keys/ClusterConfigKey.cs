namespace ClusterMesh.Abstractions.Keys;

/// <summary>The key of a cluster's configuration: <c>cilium/cluster-config/&lt;cluster&gt;</c>.</summary>
public readonly record struct ClusterConfigKey : IKvKey<ClusterConfigKey>
{
    /// <summary>Creates the key; the cluster must be non-empty and free of '/'.</summary>
    public ClusterConfigKey(string cluster) => Cluster = KeyText.Segment(cluster, nameof(cluster));

    /// <summary>The cluster the configuration describes.</summary>
    public string Cluster { get; }

    /// <inheritdoc />
    public static bool TryParse(string? key, out ClusterConfigKey result)
    {
        result = default;
        Span<string?> parts = new string?[1];
        if (!KeyText.TryStrip(key, KvKeys.ClusterConfigPrefix, out var rest) || !KeyText.TrySplit(rest, parts))
        {
            return false;
        }

        result = new ClusterConfigKey(parts[0]!);
        return true;
    }

    /// <inheritdoc />
    public static ClusterConfigKey Parse(string key) => TryParse(key, out var result) ? result : throw KeyText.NotA("cluster-config", key);

    /// <summary>The exact kvstore key.</summary>
    public override string ToString() => KvKeys.ClusterConfig(Cluster);
}
