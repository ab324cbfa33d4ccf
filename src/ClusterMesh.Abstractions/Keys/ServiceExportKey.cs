namespace ClusterMesh.Abstractions.Keys;

/// <summary>The key of an MCS-API service export: <c>cilium/state/serviceexports/v1/&lt;cluster&gt;/&lt;namespace&gt;/&lt;name&gt;</c>.</summary>
public readonly record struct ServiceExportKey : IKvKey<ServiceExportKey>
{
    /// <summary>Creates the key; every part must be non-empty and free of '/'.</summary>
    public ServiceExportKey(string cluster, string @namespace, string name)
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
    public static bool TryParse(string? key, out ServiceExportKey result)
    {
        result = default;
        Span<string?> parts = new string?[3];
        if (!KeyText.TryStrip(key, KvKeys.ServiceExportsPrefix, out var rest) || !KeyText.TrySplit(rest, parts))
        {
            return false;
        }

        result = new ServiceExportKey(parts[0]!, parts[1]!, parts[2]!);
        return true;
    }

    /// <inheritdoc />
    public static ServiceExportKey Parse(string key) => TryParse(key, out var result) ? result : throw KeyText.NotA("service export", key);

    /// <summary>The exact kvstore key.</summary>
    public override string ToString() => KvKeys.ServiceExport(Cluster, Namespace, Name);
}
