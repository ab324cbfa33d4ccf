namespace ClusterMesh.Abstractions.Keys;

/// <summary>The key of a shared service: <c>cilium/state/services/v1/&lt;cluster&gt;/&lt;namespace&gt;/&lt;name&gt;</c>.</summary>
public readonly record struct ServiceKey : IKvKey<ServiceKey>
{
    /// <summary>Creates the key; every part must be non-empty and free of '/'.</summary>
    public ServiceKey(string cluster, string @namespace, string name)
    {
        Cluster = KeyText.Segment(cluster, nameof(cluster));
        Namespace = KeyText.Segment(@namespace, nameof(@namespace));
        Name = KeyText.Segment(name, nameof(name));
    }

    /// <summary>The exporting cluster.</summary>
    public string Cluster { get; }

    /// <summary>The service namespace.</summary>
    public string Namespace { get; }

    /// <summary>The service name.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public static bool TryParse(string? key, out ServiceKey result)
    {
        result = default;
        Span<string?> parts = new string?[3];
        if (!KeyText.TryStrip(key, KvKeys.ServicesPrefix, out var rest) || !KeyText.TrySplit(rest, parts))
        {
            return false;
        }

        result = new ServiceKey(parts[0]!, parts[1]!, parts[2]!);
        return true;
    }

    /// <inheritdoc />
    public static ServiceKey Parse(string key) => TryParse(key, out var result) ? result : throw KeyText.NotA("service", key);

    /// <summary>The exact kvstore key.</summary>
    public override string ToString() => KvKeys.Service(Cluster, Namespace, Name);
}
